#include "allocate.hpp"

#include <algorithm>

namespace sh {

Allocation allocate(const std::vector<Want>& wants, const std::vector<levels::Level>& levels, bool partial) {
    Allocation result;
    std::vector<qty_t> left(levels.size());
    for (size_t i = 0; i < levels.size(); ++i) left[i] = levels[i].available();

    std::vector<size_t> order(wants.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return (wants[a].location_id != 0) > (wants[b].location_id != 0);
    });

    for (size_t w : order) {
        const Want& want = wants[w];
        std::vector<size_t> candidates;
        for (size_t i = 0; i < levels.size(); ++i)
            if (levels[i].item_id == want.item_id && (want.location_id == 0 || levels[i].location_id == want.location_id))
                candidates.push_back(i);
        std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
            if (levels[a].priority != levels[b].priority) return levels[a].priority < levels[b].priority;
            return levels[a].location_code < levels[b].location_code;
        });
        qty_t total = 0;
        for (size_t c : candidates) total += left[c];
        if (total < want.qty) {
            result.short_lines.push_back({w, total});
            if (!partial) continue;
        }
        // One location that covers the whole line, if any; else split in order.
        auto whole = std::find_if(candidates.begin(), candidates.end(), [&](size_t c) { return left[c] >= want.qty; });
        if (whole != candidates.end()) {
            left[*whole] -= want.qty;
            result.takes.push_back({w, *whole, want.qty});
            continue;
        }
        qty_t needed = want.qty;
        for (size_t c : candidates) {
            if (needed == 0) break;
            qty_t take = std::min(needed, left[c]);
            if (take <= 0) continue;
            left[c] -= take;
            needed -= take;
            result.takes.push_back({w, c, take});
        }
    }
    return result;
}

}  // namespace sh
