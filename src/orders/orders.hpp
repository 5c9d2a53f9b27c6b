// Orders (with their DFC states), checkouts and sales sessions as the
// operations see them. Refusals here are SH004, SH005, SH010 and SH011.
#pragma once

#include <optional>
#include <string>

#include "bridge/pg.hpp"

namespace sh::orders {

struct Order {
    int64 id = 0;
    std::string ref;
    int64 session_id = 0;  // 0: not part of a sales session
    std::string order_state;
    std::string fulfilment_state;
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
struct Checkout {
    int64 id = 0;
    int64 order_id = 0;
    bool created = false;  // inserted by this call (its holds need no key check against it)
};

struct Created {
    Order order;
    Checkout checkout;
};
std::optional<Created> try_create(const std::string& order_ref, int64 session_id, const std::string& checkout_ref);

void set_states(int64 order_id, const char* order_state, const char* fulfilment_state);

[[noreturn]] void refuse_state(const Order& order, const std::string& action);

// The checkout, created for the order if new; SH011 if it belongs to another order.
Checkout checkout_for(const std::string& checkout_ref, const Order& order);

// An existing checkout and its order; SH004 if unknown.
Checkout find_checkout(const std::string& checkout_ref);
Order lock_by_id(int64 order_id, Lock mode);

// The session locked for share, which close_session() waits for; SH005 if
// unknown, SH010 if closed or outside its opening hours.
int64 lock_open_session(const std::string& session_ref);
void check_session_open(int64 session_id);

}  // namespace sh::orders
