// Orders, with their DFC states, as the operations see them. Refusals here
// are SH004 and SH011.
#pragma once

#include <optional>
#include <string>

#include "bridge/pg.hpp"
#include "core/order_states.hpp"
#include "orders/checkouts.hpp"

namespace sh::orders {

struct Order {
    int64 id = 0;
    std::string ref;
    int64 session_id = 0;  // 0: not part of a sales session
    OrderState state = OrderState::held;
    FulfilmentState fulfilment = FulfilmentState::held;
};

enum class Lock { share, update };

// The order, locked; SH004 if unknown.
Order lock(const std::string& order_ref, Lock mode);
std::optional<Order> try_lock(const std::string& order_ref, Lock mode);

// The session an existing order belongs to (0: none or no such order),
// read without locking: an order's session never changes once set.
int64 session_of(const std::string& order_ref);

// Creates the order (Held, Held) in the session (0: none) with its first
// checkout, written directly. Nothing if the order or the checkout already
// exists (no existing row is locked); a new order may then remain, without
// a checkout, for the caller to go on with as with any existing order.
// A session's row must be locked (session_rules::lock_open()) by the caller:
// the order's key to it goes unchecked (rows/known_keys.hpp).
struct OrderAndCheckout {
    Order order;
    checkouts::Checkout checkout;
};
std::optional<OrderAndCheckout> try_create(const std::string& order_ref, int64 session_id,
                                           const std::string& checkout_ref);

void set_states(int64 order_id, OrderState state, FulfilmentState fulfilment);

[[noreturn]] void refuse_state(const Order& order, const std::string& action);

// The order of an existing checkout, locked; SH004 if unknown.
Order lock_by_id(int64 order_id, Lock mode);

}  // namespace sh::orders
