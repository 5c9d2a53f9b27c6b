#include "functions/moved_rows.hpp"

namespace sh {

void emit_moved(ResultSet& out, const Moved& moved, idempotency::Recorder& recorder) {
    static spi::Plan names(
        "SELECT i.sku, l.code FROM stockhold.items i, stockhold.locations l WHERE i.id = $1 AND l.id = $2",
        {INT8OID, INT4OID});
    for (const auto& [key, qty] : moved) {
        spi::Result n = spi::run(names, {spi::int8(key.first), spi::int4(key.second)});
        spi::Arg row[5] = {spi::null(), spi::text(n.text(0, 1)), spi::text(n.text(0, 2)), spi::qty(qty), spi::null()};
        out.add({row[1], row[2], row[3]});
        recorder.row(row);
    }
}

}  // namespace sh
