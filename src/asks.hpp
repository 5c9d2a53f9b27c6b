// What a line of release(), fulfil() or return_stock() asks of an order's
// holds: an item, optionally only at one location or of one lot.
#pragma once

#include <vector>

#include "holds.hpp"
#include "lines.hpp"

namespace sh {

struct Ask {
    const Line* line;
    int64 item_id;
    int32 location_id;          // 0: any
    std::vector<int64> lot_ids;  // when the line names a lot: that lot's rows (none: matches nothing)
    qty_t qty;
    bool matches(const holds::Held& h) const;
};

std::vector<Ask> resolve_asks(const std::vector<Line>& lines);

}  // namespace sh
