#include "core/slots.hpp"

#include <algorithm>
#include <numeric>

#include "core/interrupts.hpp"

#include "core/cpp_only.hpp"

namespace sh::slots {

bool covers(const Slot& s, qty_t qty, bool watched) {
    if (s.available() < qty) return false;
    return !watched || (s.guarded && s.available() - qty >= s.guard);
}

std::vector<qty_t> spread(qty_t total, size_t n) {
    std::vector<qty_t> parts(n, 0);
    if (n == 0 || total <= 0) {
        if (n > 0) parts[0] = total;
        return parts;
    }
    // Whole units where there are whole units (an item sold by the piece
    // keeps whole pieces in each slot); a fraction goes to the first slot.
    qty_t units = total / qty_one, fraction = total % qty_one;
    qty_t each = units / qty_t(n), rest = units % qty_t(n);
    for (size_t i = 0; i < n; ++i) parts[i] = (each + (qty_t(i) < rest ? 1 : 0)) * qty_one;
    parts[0] += fraction;
    return parts;
}

Gathering gather(const Level& level, qty_t qty) {
    Gathering g{0, std::vector<qty_t>(level.slots.size(), 0)};
    bool found = false;
    for (size_t i = 0; i < level.slots.size(); ++i) {
        if (level.slots[i].number >= level.slot_count) continue;
        if (!found || level.slots[i].available() > level.slots[g.target].available()) g.target = i;
        found = true;
    }
    qty_t need = qty - level.slots[g.target].available();
    for (size_t i = 0; i < level.slots.size() && need > 0; ++i) {
        if (i == g.target || level.slots[i].available() <= 0) continue;
        g.give[i] = std::min(level.slots[i].available(), need);
        need -= g.give[i];
    }
    return g;
}

namespace {

// Guards summing to total over slots whose available (cap) bounds each:
// even shares, a slot with less than its share giving the rest to the
// others, then the millionths integer division left over. The caps sum to
// at least total.
std::vector<qty_t> fill(qty_t total, const std::vector<qty_t>& cap) {
    std::vector<size_t> order(cap.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return cap[a] < cap[b]; });
    std::vector<qty_t> guard(cap.size(), 0);
    qty_t left = total;
    size_t k = cap.size();
    for (size_t i : order) {
        guard[i] = std::min(cap[i], left / qty_t(k));
        left -= guard[i];
        --k;
    }
    for (size_t i : order) {
        if (left == 0) break;
        qty_t more = std::min(cap[i] - guard[i], left);
        guard[i] += more;
        left -= more;
    }
    return guard;
}

}  // namespace

std::vector<std::vector<Settled>> settle(const std::vector<const Level*>& levels, bool watched, qty_t threshold) {
    std::vector<std::vector<Settled>> out(levels.size());
    std::vector<qty_t> caps;  // the in-use slots' available, in order
    qty_t total = 0;
    bool slotted = false;
    for (size_t l = 0; l < levels.size(); ++l) {
        check_interrupts();
        const Level& level = *levels[l];
        slotted = slotted || level.slotted();
        qty_t available = 0;
        size_t in_use = 0;
        for (const Slot& s : level.slots) {
            available += s.available();
            if (s.number < level.slot_count) ++in_use;
        }
        std::vector<qty_t> parts = spread(available, in_use);
        size_t next = 0;
        for (const Slot& s : level.slots) {
            qty_t part = s.number < level.slot_count ? parts[next++] : 0;
            out[l].push_back({s.reserved + part, false, 0});
            if (s.number < level.slot_count) caps.push_back(part);
        }
        total += available;
    }
    if (!watched || !slotted || total <= threshold) return out;
    std::vector<qty_t> guards = fill(threshold + 1, caps);
    size_t next = 0;
    for (size_t l = 0; l < levels.size(); ++l)
        for (size_t i = 0; i < levels[l]->slots.size(); ++i)
            if (levels[l]->slots[i].number < levels[l]->slot_count) out[l][i] = {out[l][i].on_hand, true, guards[next++]};
    return out;
}

}  // namespace sh::slots
