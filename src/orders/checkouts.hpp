// Checkouts: one customer's part of an order (checkout_ref defaults to the
// order_ref). Refusals here are SH004 and SH011.
#pragma once

#include <string>

#include "bridge/pg.hpp"

namespace sh::checkouts {

struct Checkout {
    int64 id = 0;
    int64 order_id = 0;
    bool created = false;  // inserted by this call (its holds need no key check against it)
};

// The checkout, made for the order (id, and its ref for messages) if new;
// SH011 if it belongs to another order.
Checkout for_order(const std::string& checkout_ref, int64 order_id, const std::string& order_ref);

// An existing checkout and its order; SH004 if unknown.
Checkout find(const std::string& checkout_ref);

}  // namespace sh::checkouts
