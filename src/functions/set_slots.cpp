// stockhold.set_slots(): splits each of an item's stock levels into `slots`
// rows, so that holds of a hot item do not all queue on one row
// (core/slots.hpp). Totals, views and every rule stay as they are.
#include "bridge/args.hpp"
#include "bridge/boundary.hpp"
#include "bridge/spi.hpp"
#include "core/slots.hpp"
#include "orders/names.hpp"
#include "stock/levels.hpp"

namespace sh {

namespace {

Datum set_slots(FunctionCallInfo fcinfo) {
    std::string sku = args::text(fcinfo, 0, "sku");
    int32 count = args::int4(fcinfo, 1, "slots");
    if (count < 1 || count > slots::max_slots)
        fail(Code::bad_input, "slots must be between 1 and " + std::to_string(slots::max_slots) + ", not " + std::to_string(count),
             {}, "1 keeps one row per stock level; a hot item takes about one slot per concurrent client.");
    spi::Connection spi;
    int64 item_id = names::item_id(sku);
    // Every row of the item, in the global order, before the item row.
    std::vector<Level> locked = levels::lock_item(item_id);
    levels::set_slot_count(locked, item_id, int16(count));
    spi.finish();
    PG_RETURN_INT32(count);
}

}  // namespace

}  // namespace sh

SH_FUNCTION(sh_set_slots, sh::set_slots)
