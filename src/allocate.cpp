#include "allocate.hpp"

#include <algorithm>
#include <tuple>

namespace sh {

namespace {

// Somewhere stock can be taken from: a level of an item without lots, or a lot.
struct Source {
    size_t level;
    const levels::Lot* lot;  // null: the whole level
    qty_t left;
};

std::vector<Source> sources_of(const std::vector<levels::Level>& levels, const std::vector<levels::Lot>& lots) {
    std::vector<Source> sources;
    sources.reserve(levels.size() + lots.size());
    for (size_t i = 0; i < levels.size(); ++i)
        if (!levels[i].lot_tracked) sources.push_back({i, nullptr, levels[i].available()});
    for (const levels::Lot& lot : lots) {
        if (lot.expired) continue;
        for (size_t i = 0; i < levels.size(); ++i)
            if (levels[i].item_id == lot.item_id && levels[i].location_id == lot.location_id)
                sources.push_back({i, &lot, lot.available()});
    }
    return sources;
}

// Lot order within a location (priority) and for fefo: dated before undated.
auto fefo_key(const levels::Lot* l) { return std::make_tuple(!l->dated, l->best_before, l->received_at, l->id); }
auto fifo_key(const levels::Lot* l) { return std::make_tuple(l->received_at, l->id); }

void order_candidates(std::vector<size_t>& candidates, const std::vector<Source>& sources,
                      const std::vector<levels::Level>& levels, Strategy strategy) {
    std::sort(candidates.begin(), candidates.end(), [&](size_t a, size_t b) {
        const Source& x = sources[a];
        const Source& y = sources[b];
        if (x.lot && y.lot && strategy == Strategy::fifo) return fifo_key(x.lot) < fifo_key(y.lot);
        if (x.lot && y.lot && strategy == Strategy::fefo) return fefo_key(x.lot) < fefo_key(y.lot);
        const levels::Level& lx = levels[x.level];
        const levels::Level& ly = levels[y.level];
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

Allocation allocate(const std::vector<Want>& wants, const std::vector<levels::Level>& levels,
                    const std::vector<levels::Lot>& lots, bool partial) {
    Allocation result;
    std::vector<Source> sources = sources_of(levels, lots);

    std::vector<size_t> order(wants.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        auto named = [&](const Want& w) { return w.location_id != 0 || !w.lot.empty(); };
        return named(wants[a]) > named(wants[b]);
    });

    for (size_t w : order) {
        const Want& want = wants[w];
        std::vector<size_t> candidates;
        Strategy strategy = Strategy::priority;
        for (size_t i = 0; i < sources.size(); ++i) {
            const levels::Level& level = levels[sources[i].level];
            if (level.item_id != want.item_id) continue;
            if (want.location_id != 0 && level.location_id != want.location_id) continue;
            if (!want.lot.empty() && (!sources[i].lot || sources[i].lot->code != want.lot)) continue;
            candidates.push_back(i);
            strategy = level.strategy;
        }
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
