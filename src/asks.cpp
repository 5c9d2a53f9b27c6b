#include "asks.hpp"

#include <algorithm>

#include "lookup.hpp"

namespace sh {

bool Ask::matches(const holds::Held& h) const {
    if (h.item_id != item_id || (location_id != 0 && location_id != h.location_id)) return false;
    return !line->lot || std::find(lot_ids.begin(), lot_ids.end(), h.lot_id) != lot_ids.end();
}

std::vector<Ask> resolve_asks(const std::vector<Line>& lines) {
    std::vector<Ask> asks;
    asks.reserve(lines.size());
    for (const Line& l : lines) {
        int64 item = lookup::item_id(l.sku);
        asks.push_back({&l, item, l.location ? lookup::location_id(*l.location) : 0,
                        l.lot ? lookup::lot_ids(item, *l.lot) : std::vector<int64>{}, l.qty});
    }
    return asks;
}

}  // namespace sh
