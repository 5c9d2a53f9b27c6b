// Allocation, decided on levels and lots read under the levels' locks. Pure
// computation: no PostgreSQL calls.
//
// A line naming a location (or a lot) takes only from there. Otherwise the
// item's strategy orders its stock:
//  priority: locations by (priority, code); the first location that covers
//            the whole line, else split across locations in that order (see
//            docs/lots-and-allocation.md). Within a location, lots by
//            best-before (undated last), then received_at, then id.
//  fifo:     lots by received_at, then id, across locations.
//  fefo:     lots by best-before (undated last), then received_at, then id.
// fifo and fefo order lots; items without lots always use priority. Expired
// lots (best-before before today) are never taken.
#pragma once

#include <string>
#include <vector>

#include "core/stock.hpp"

namespace sh {

struct Want {
    int64_t item_id = 0;
    int32_t location_id = 0;  // 0: any location
    qty_t qty = 0;
    std::string lot;        // empty: any lot
};

struct Take {
    size_t want;   // index into wants
    size_t level;  // index into levels
    int64_t lot_id;  // 0: not a lot
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
// and is reported short. Lines naming a location or lot are served first.
Allocation allocate(const std::vector<Want>& wants, const std::vector<Level>& levels,
                    const std::vector<Lot>& lots, bool partial);

}  // namespace sh
