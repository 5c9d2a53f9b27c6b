// Checkouts: one customer's part of an order. An order's own checkout
// (checkout_ref = order_ref, plain e-commerce) is the order itself: no
// checkouts row, its holds have checkout_id NULL (id 0 here). Other
// checkouts (wholesale: many customers in one order) are rows. A
// checkout_ref names a row or an order's own checkout, never both: a row is
// not made under the name of another order, nor an order's own checkout
// under the name of another order's row. (Databases made before 1.3 keep a
// row for the orders' own checkouts they had; a row found under the order's
// own name is used.) Refusals here are SH004 and SH011.
#pragma once

#include <string>

#include "bridge/pg.hpp"
#include "rows/relations.hpp"

namespace sh::checkouts {

struct Checkout {
    int64 id = 0;  // 0: the order's own checkout
    int64 order_id = 0;
    bool created = false;  // inserted by this call (its holds need no key check against it)
};

// The checkout of the order (id, and its ref for messages), made if new;
// SH011 if the name is another order's checkout.
Checkout for_order(const std::string& checkout_ref, int64 order_id, const std::string& order_ref);

// An existing checkout and its order; SH004 if unknown.
Checkout find(const std::string& checkout_ref);

// confirm() records the checkout as confirmed (once; table
// checkout_confirmations): its backorder fills never expire.
void mark_confirmed(const Checkout& checkout);

// SH011 (an order has the name) or 40001 (one is being made under it) for a
// checkout row of order_ref just made under checkout_ref.
[[noreturn]] void refuse_order_name(const std::string& checkout_ref, const std::string& order_ref,
                                    relations::KeyTaken order_named);

}  // namespace sh::checkouts
