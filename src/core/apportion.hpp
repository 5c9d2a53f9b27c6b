// Apportioning the lines of release(), fulfil() and return_stock() to an
// order's holds or shipments ("pieces"), as one request: each piece serves
// at most its quantity, however many lines could use it; each line gets at
// most its own quantity; and the lines together get as much as the pieces
// allow, so a line is short only when no arrangement could serve it.
//
// Lines are served most specific first: those naming a location and a lot,
// then those naming one of them, then those naming neither; each takes the
// pieces it may use in the caller's order (oldest first for fulfil, newest
// first for release and return). Where lines of one item naming only a
// location and lines naming only a lot compete for the same pieces, a
// maximum flow splits those pieces between them. Plain C++.
#pragma once

#include <cstdint>
#include <vector>

#include "core/qty.hpp"

namespace sh {

struct Piece {
    int64_t item = 0;
    int32_t location = 0;
    int64_t lot = 0;  // 0: not of a lot
    qty_t qty = 0;
};

// What one (merged) line claims.
struct Claim {
    int64_t item = 0;
    int32_t location = 0;       // 0: any
    bool by_lot = false;        // names a lot: only pieces of `lots`
    std::vector<int64_t> lots;  // the ids of the lots of that name, sorted (none: matches nothing)
    qty_t qty = 0;
};

struct Share {
    size_t piece;
    size_t claim;
    qty_t qty;
};

struct Apportionment {
    std::vector<Share> shares;
    std::vector<qty_t> given;     // per claim: what it got (at most its qty)
    std::vector<qty_t> matching;  // per claim: all the pieces it may use hold, before sharing them
    std::vector<qty_t> taken;     // per piece: what its shares add up to
};

// Claims of merged lines (no two with the same item, location and lot).
// O(n log n), but for the flow between competing location-only and
// lot-only lines of one item, which grows with the number of their pieces.
Apportionment apportion(const std::vector<Piece>& pieces, const std::vector<Claim>& claims);

}  // namespace sh
