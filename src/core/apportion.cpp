#include "core/apportion.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

#include "core/interrupts.hpp"

#include "core/cpp_only.hpp"

namespace sh {

namespace {

// Above any sum of quantities (each below qty_limit, at most max_lines of them).
constexpr qty_t unlimited = qty_t(1) << 120;

// Dinic's maximum flow over quantities.
class MaxFlow {
public:
    explicit MaxFlow(size_t nodes) : edges_of_(nodes), level_(nodes), next_(nodes) {}

    size_t add_edge(size_t from, size_t to, qty_t capacity) {
        edges_of_[from].push_back(edges_.size());
        edges_.push_back({to, capacity});
        edges_of_[to].push_back(edges_.size());
        edges_.push_back({from, 0});
        return edges_.size() - 2;
    }

    void run(size_t source, size_t sink) {
        while (levels_from(source, sink)) {
            std::fill(next_.begin(), next_.end(), size_t(0));
            while (push(source, sink, unlimited) > 0) check_interrupts();
        }
    }

    // What flows through the edge add_edge() returned.
    qty_t flow(size_t edge) const { return edges_[edge ^ 1].capacity; }

private:
    struct Edge {
        size_t to;
        qty_t capacity;  // left
    };

    bool levels_from(size_t source, size_t sink) {
        check_interrupts();
        std::fill(level_.begin(), level_.end(), -1);
        std::vector<size_t> queue{source};
        level_[source] = 0;
        for (size_t i = 0; i < queue.size(); ++i)
            for (size_t e : edges_of_[queue[i]])
                if (edges_[e].capacity > 0 && level_[edges_[e].to] < 0) {
                    level_[edges_[e].to] = level_[queue[i]] + 1;
                    queue.push_back(edges_[e].to);
                }
        return level_[sink] >= 0;
    }

    // One augmenting path of the level graph (its depth is at most 3 here).
    qty_t push(size_t node, size_t sink, qty_t limit) {
        if (node == sink) return limit;
        for (size_t& i = next_[node]; i < edges_of_[node].size(); ++i) {
            size_t e = edges_of_[node][i];
            Edge& edge = edges_[e];
            if (edge.capacity <= 0 || level_[edge.to] != level_[node] + 1) continue;
            qty_t pushed = push(edge.to, sink, std::min(limit, edge.capacity));
            if (pushed > 0) {
                edge.capacity -= pushed;
                edges_[e ^ 1].capacity += pushed;
                return pushed;
            }
        }
        return 0;
    }

    std::vector<Edge> edges_;
    std::vector<std::vector<size_t>> edges_of_;
    std::vector<int> level_;
    std::vector<size_t> next_;
};

using List = std::vector<size_t>;  // piece indices, in the caller's order

class Apportioner {
public:
    Apportioner(const std::vector<Piece>& pieces, const std::vector<Claim>& claims) : pieces_(pieces), claims_(claims) {
        result_.given.assign(claims.size(), 0);
        result_.matching.assign(claims.size(), 0);
        result_.taken.assign(pieces.size(), 0);
        left_.resize(pieces.size());
        for (size_t p = 0; p < pieces.size(); ++p) {
            check_interrupts();
            const Piece& piece = pieces[p];
            left_[p] = piece.qty;
            by_item_[piece.item].push_back(p);
            by_location_[{piece.item, piece.location}].push_back(p);
            if (piece.lot != 0) by_lot_[{piece.item, piece.lot}].push_back(p);
        }
    }

    Apportionment run() {
        std::vector<List> usable(claims_.size());
        for (size_t c = 0; c < claims_.size(); ++c) {
            check_interrupts();
            usable[c] = usable_by(claims_[c]);
            for (size_t p : usable[c]) result_.matching[c] += pieces_[p].qty;
        }
        // Location and lot: each such line's pieces are its own lot at its location.
        for (size_t c = 0; c < claims_.size(); ++c)
            if (claims_[c].location != 0 && claims_[c].by_lot) serve(c, usable[c]);
        // A location or a lot: alone, or competing for one item's pieces.
        std::map<int64_t, std::pair<List, List>> single;  // item -> (location-only, lot-only) claims
        for (size_t c = 0; c < claims_.size(); ++c) {
            if (claims_[c].location != 0 && !claims_[c].by_lot) single[claims_[c].item].first.push_back(c);
            if (claims_[c].location == 0 && claims_[c].by_lot) single[claims_[c].item].second.push_back(c);
        }
        for (const auto& [item, kinds] : single) {
            if (!kinds.first.empty() && !kinds.second.empty()) {
                share_by_flow(item, kinds.first, kinds.second);
                continue;
            }
            for (const List* kind : {&kinds.first, &kinds.second})
                for (size_t c : *kind) serve(c, usable[c]);
        }
        // Neither: whatever of its item is left.
        for (size_t c = 0; c < claims_.size(); ++c)
            if (claims_[c].location == 0 && !claims_[c].by_lot) serve(c, usable[c]);
        return std::move(result_);
    }

private:
    // The pieces a claim may use, in the caller's order.
    List usable_by(const Claim& c) const {
        if (!c.by_lot) return c.location != 0 ? find(by_location_, {c.item, c.location}) : find(by_item_, c.item);
        List pieces;
        for (int64_t lot : c.lots) {
            const List& of_lot = find(by_lot_, {c.item, lot});
            for (size_t p : of_lot)
                if (c.location == 0 || pieces_[p].location == c.location) pieces.push_back(p);
        }
        std::sort(pieces.begin(), pieces.end());
        return pieces;
    }

    template <typename Map>
    static List find(const Map& map, const typename Map::key_type& key) {
        auto found = map.find(key);
        return found == map.end() ? List{} : found->second;
    }

    void give(size_t c, size_t p, qty_t qty) {
        left_[p] -= qty;
        result_.given[c] += qty;
        result_.taken[p] += qty;
        result_.shares.push_back({p, c, qty});
    }

    // Up to what the claim still needs, from the pieces in order.
    void serve(size_t c, const List& pieces, qty_t limit = -1) {
        qty_t need = claims_[c].qty - result_.given[c];
        if (limit >= 0) need = std::min(need, limit);
        for (size_t p : pieces) {
            if (need <= 0) break;
            check_interrupts();
            qty_t q = std::min(need, left_[p]);
            if (q <= 0) continue;
            give(c, p, q);
            need -= q;
        }
    }

    // Location-only and lot-only claims of one item share its pieces as a
    // maximum flow decides: source -> claim (what it still needs) -> class
    // of pieces with the same location and lot -> sink (what they have left).
    // A class is usable by at most one claim of each kind (claims are merged
    // lines, and a lot id has one name).
    void share_by_flow(int64_t item, const List& by_location, const List& by_lot) {
        std::map<std::pair<int32_t, int64_t>, List> classes;
        for (size_t p : find(by_item_, item))
            if (left_[p] > 0) classes[{pieces_[p].location, pieces_[p].lot}].push_back(p);
        std::vector<size_t> claims = by_location;
        claims.insert(claims.end(), by_lot.begin(), by_lot.end());
        const size_t source = 0, sink = 1, first_claim = 2, first_class = first_claim + claims.size();
        std::map<int32_t, size_t> at_location;  // -> index into claims
        std::map<int64_t, size_t> of_lot;
        MaxFlow flow(first_class + classes.size());
        for (size_t i = 0; i < claims.size(); ++i) {
            const Claim& c = claims_[claims[i]];
            flow.add_edge(source, first_claim + i, c.qty - result_.given[claims[i]]);
            if (c.by_lot)
                for (int64_t lot : c.lots) of_lot.emplace(lot, i);
            else
                at_location.emplace(c.location, i);
        }
        struct Use {
            size_t claim;  // index into claims
            size_t edge;
            const List* pieces;
        };
        std::vector<Use> uses;
        size_t node = first_class;
        for (const auto& [key, pieces] : classes) {
            check_interrupts();
            qty_t left = 0;
            for (size_t p : pieces) left += left_[p];
            flow.add_edge(node, sink, left);
            auto located = at_location.find(key.first);
            if (located != at_location.end())
                uses.push_back({located->second, flow.add_edge(first_claim + located->second, node, unlimited), &pieces});
            auto lot = key.second ? of_lot.find(key.second) : of_lot.end();
            if (lot != of_lot.end())
                uses.push_back({lot->second, flow.add_edge(first_claim + lot->second, node, unlimited), &pieces});
            ++node;
        }
        flow.run(source, sink);
        for (const Use& u : uses) serve(claims[u.claim], *u.pieces, flow.flow(u.edge));
    }

    const std::vector<Piece>& pieces_;
    const std::vector<Claim>& claims_;
    Apportionment result_;
    std::vector<qty_t> left_;
    std::map<int64_t, List> by_item_;
    std::map<std::pair<int64_t, int32_t>, List> by_location_;
    std::map<std::pair<int64_t, int64_t>, List> by_lot_;
};

}  // namespace

Apportionment apportion(const std::vector<Piece>& pieces, const std::vector<Claim>& claims) {
    return Apportioner(pieces, claims).run();
}

}  // namespace sh
