#include "orders/claims.hpp"

#include "core/interrupts.hpp"
#include "orders/names.hpp"

namespace sh {

std::vector<Claim> claims_of(const std::vector<Line>& lines) {
    std::vector<Claim> claims;
    claims.reserve(lines.size());
    for (const Line& l : lines) {
        check_interrupts();
        Claim c;
        c.item = names::item_id(l.sku);
        c.location = l.location ? names::location_id(*l.location) : 0;
        c.by_lot = l.lot.has_value();
        if (l.lot) c.lots = names::lot_ids(c.item, *l.lot);  // sorted by id
        c.qty = l.qty;
        claims.push_back(std::move(c));
    }
    return claims;
}

std::vector<Piece> pieces_of(const std::vector<holds::Held>& held) {
    std::vector<Piece> pieces;
    pieces.reserve(held.size());
    for (const holds::Held& h : held) pieces.push_back({h.item_id, h.location_id, h.lot_id, h.qty});
    return pieces;
}

}  // namespace sh
