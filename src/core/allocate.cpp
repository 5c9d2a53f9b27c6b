#include "core/allocate.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/interrupts.hpp"

#include "core/cpp_only.hpp"

namespace sh {

namespace {

// Somewhere stock can be taken from: a level of an item without lots, or a lot.
struct Source {
    size_t level;
    const Lot* lot;  // null: the whole level
    qty_t left;
};

std::vector<Source> sources_of(const std::vector<Level>& levels, const std::vector<Lot>& lots) {
    std::vector<Source> sources;
    sources.reserve(levels.size() + lots.size());
    std::map<std::pair<int64_t, int32_t>, size_t> level_at;
    for (size_t i = 0; i < levels.size(); ++i) {
        check_interrupts();
        level_at.emplace(std::make_pair(levels[i].item_id, levels[i].location_id), i);
        if (!levels[i].lot_tracked) sources.push_back({i, nullptr, levels[i].available()});
    }
    for (const Lot& lot : lots) {
        check_interrupts();
        if (lot.expired) continue;
        auto found = level_at.find({lot.item_id, lot.location_id});
        if (found != level_at.end()) sources.push_back({found->second, &lot, lot.available()});
    }
    return sources;
}

// The sources a want may take from, found through the index that matches
// its filter exactly: every source is in one list of each index, and wants
// are merged lines, so each list is read by one want and the whole
// allocation stays O(n log n).
class SourceIndex {
public:
    SourceIndex(const std::vector<Source>& sources, const std::vector<Level>& levels) {
        for (size_t i = 0; i < sources.size(); ++i) {
            check_interrupts();
            const Level& level = levels[sources[i].level];
            by_item_[level.item_id].push_back(i);
            by_location_[{level.item_id, level.location_id}].push_back(i);
            if (const Lot* lot = sources[i].lot) {
                by_lot_[{level.item_id, lot->code}].push_back(i);
                by_location_lot_[{level.item_id, level.location_id, lot->code}].push_back(i);
            }
        }
    }

    const std::vector<size_t>& of(const Want& w) const {
        if (!w.lot.empty() && w.location_id != 0) return find(by_location_lot_, {w.item_id, w.location_id, w.lot});
        if (!w.lot.empty()) return find(by_lot_, {w.item_id, w.lot});
        if (w.location_id != 0) return find(by_location_, {w.item_id, w.location_id});
        return find(by_item_, w.item_id);
    }

private:
    template <typename Map>
    const std::vector<size_t>& find(const Map& map, const typename Map::key_type& key) const {
        auto found = map.find(key);
        return found == map.end() ? none_ : found->second;
    }
    std::map<int64_t, std::vector<size_t>> by_item_;
    std::map<std::pair<int64_t, int32_t>, std::vector<size_t>> by_location_;
    std::map<std::pair<int64_t, std::string>, std::vector<size_t>> by_lot_;
    std::map<std::tuple<int64_t, int32_t, std::string>, std::vector<size_t>> by_location_lot_;
    std::vector<size_t> none_;
};

// Lot order within a location (priority) and for fefo: dated before undated.
auto fefo_key(const Lot* l) { return std::make_tuple(!l->dated, l->best_before, l->received_at, l->id); }
auto fifo_key(const Lot* l) { return std::make_tuple(l->received_at, l->id); }

void order_candidates(std::vector<size_t>& candidates, const std::vector<Source>& sources,
                      const std::vector<Level>& levels, Strategy strategy) {
    std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
        const Source& x = sources[a];
        const Source& y = sources[b];
        if (x.lot && y.lot && strategy == Strategy::fifo) return fifo_key(x.lot) < fifo_key(y.lot);
        if (x.lot && y.lot && strategy == Strategy::fefo) return fefo_key(x.lot) < fefo_key(y.lot);
        const Level& lx = levels[x.level];
        const Level& ly = levels[y.level];
        if (lx.priority != ly.priority) return lx.priority < ly.priority;
        if (lx.location_code != ly.location_code) return lx.location_code < ly.location_code;
        if (x.lot && y.lot) return fefo_key(x.lot) < fefo_key(y.lot);
        return false;
    });
}

using Span = std::vector<size_t>::const_iterator;  // a run of candidate sources

// What the sources in [first, last) have left.
qty_t left_in(const std::vector<Source>& sources, Span first, Span last) {
    qty_t sum = 0;
    for (; first != last; ++first) sum += std::max<qty_t>(sources[*first].left, 0);
    return sum;
}

// Takes up to qty for a want from the sources in [first, last), in that order.
void take(Allocation& result, std::vector<Source>& sources, size_t want, Span first, Span last, qty_t qty) {
    for (; first != last && qty > 0; ++first) {
        Source& s = sources[*first];
        qty_t q = std::min(qty, s.left);
        if (q <= 0) continue;
        s.left -= q;
        qty -= q;
        result.takes.push_back({want, s.level, s.lot ? s.lot->id : 0, q});
    }
}

}  // namespace

Allocation allocate(const std::vector<Want>& wants, const std::vector<Level>& levels,
                    const std::vector<Lot>& lots, bool partial) {
    Allocation result;
    std::vector<Source> sources = sources_of(levels, lots);
    SourceIndex index(sources, levels);

    std::vector<size_t> order(wants.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        auto named = [&](const Want& w) { return w.location_id != 0 || !w.lot.empty(); };
        return named(wants[a]) > named(wants[b]);
    });

    for (size_t w : order) {
        check_interrupts();
        const Want& want = wants[w];
        std::vector<size_t> candidates = index.of(want);
        // One item, so one strategy (set on each of its levels).
        Strategy strategy = candidates.empty() ? Strategy::priority : levels[sources[candidates[0]].level].strategy;
        order_candidates(candidates, sources, levels, strategy);
        qty_t total = left_in(sources, candidates.cbegin(), candidates.cend());
        if (total < want.qty) {
            result.short_lines.push_back({w, total});
            if (!partial) continue;
        }
        // priority (always, for items without lots): the first location whose
        // stock covers the whole line, if any.
        if (strategy == Strategy::priority) {
            bool whole = false;
            for (Span first = candidates.cbegin(); first != candidates.cend() && !whole;) {
                size_t level = sources[*first].level;  // a location's sources are adjacent
                Span last = std::find_if(first, candidates.cend(), [&](size_t c) { return sources[c].level != level; });
                if (left_in(sources, first, last) >= want.qty) {
                    take(result, sources, w, first, last, want.qty);
                    whole = true;
                }
                first = last;
            }
            if (whole) continue;
        }
        // Otherwise split in order.
        take(result, sources, w, candidates.cbegin(), candidates.cend(), want.qty);
    }
    return result;
}

}  // namespace sh
