// The location rule (SPEC section 5), decided on levels read under lock:
// a line naming a location is held there; otherwise the first location by
// (priority, code) that covers the whole line, else split across locations
// in that order. Pure computation: no PostgreSQL calls.
#pragma once

#include <vector>

#include "stock_levels.hpp"

namespace sh {

struct Want {
    int64 item_id = 0;
    int32 location_id = 0;  // 0: any location
    qty_t qty = 0;
};

struct Take {
    size_t want;   // index into wants
    size_t level;  // index into levels
    qty_t qty;
};

struct Shortfall {
    size_t want;
    qty_t available;  // what the line could have had
};

struct Allocation {
    std::vector<Take> takes;
    std::vector<Shortfall> short_lines;
};

// With partial, a short line takes what there is; otherwise it takes nothing
// and is reported short. Named-location lines are served first.
Allocation allocate(const std::vector<Want>& wants, const std::vector<levels::Level>& levels, bool partial);

}  // namespace sh
