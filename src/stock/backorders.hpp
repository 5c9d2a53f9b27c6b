// Backorders: each item's first-come-first-served queue of lines waiting for
// stock (docs/reference.md#backorders). The queue and the stock are decided
// under the same locks: a line is queued only while every level of its item
// is locked and found short, and stock that becomes free at a locked level
// goes to the queue before the operation ends, head first. So no line waits
// while stock it could take is free (invariant 7), and a new hold can never
// take stock a waiting line could take.
//
// Lock order, after the global level order: the item rows of the queues an
// operation touches (in id order), then the queue's lines in queue order.
// Only an operation holding its item's row locks its lines.
#pragma once

#include <string>
#include <vector>

#include "core/apportion.hpp"
#include "stock/levels.hpp"

namespace sh::backorders {

// checkout_id of a line or hold: 0 is the order's own checkout; any_checkout
// selects every checkout of the order.
constexpr int64 any_checkout = -1;

// Locks the queues an operation on the locked levels may change: the item
// rows, in id order, of the items among them that have waiting lines and of
// `also` (items whose lines it withdraws). Once per operation, after its
// level locks.
void lock_queues(const std::vector<Level>& locked, std::vector<int64> also = {});

// The items of an order's waiting lines (of one checkout, or any_checkout),
// or of the waiting lines of a session's orders.
std::vector<int64> items_of_order(int64 order_id, int64 checkout_id);
std::vector<int64> items_of_session(int64 session_id);

// Withdraws (deletes) waiting lines of the given items, whose queues are
// locked: an order's (one checkout's, or any_checkout), or those of a
// session's orders.
void withdraw(int64 order_id, int64 checkout_id, const std::vector<int64>& items);
void withdraw_session(int64 session_id, const std::vector<int64>& items);

// release() with lines: from the checkout's waiting lines of the given
// items (their queues locked), latest queued first, withdraws what each claim asks (apportion.hpp) and lowers the claim
// by what it got, for the holds to give the rest.
void withdraw_claims(int64 order_id, int64 checkout_id, const std::vector<int64>& items, std::vector<Claim>& claims);

// Whether the order has waiting lines.
bool waiting(int64 order_id);

// Hands the free stock of the locked levels to their items' queues, head
// first: each waiting line that can take stock there (its location, its
// lot, never an expired lot) becomes, wholly or in part, an active hold of
// its checkout (expiring after the line's ttl, counted from now, unless the
// checkout is confirmed), with one NOTIFY stockhold_backorder_filled per
// fill. Every operation that frees
// stock calls it after its movements, with the levels it locked.
void fill(std::vector<Level>& locked);

// hold(..., backorder): every level of the items locked (sorted), locks
// their queues; 40001 if one of them has a level made since (its stock was
// not looked at).
void lock_for_queue(const std::vector<Level>& locked, const std::vector<int64>& items);

// Queues qty of a line at the tail of its item's queue (lock_for_queue()
// first): location_id 0 and an empty lot for any. ttl is what its fills
// expire after (has_ttl false: never; nor once the checkout is confirmed).
void queue(int64 order_id, int64 checkout_id, int64 item_id, int32 location_id, const std::string& lot, qty_t qty,
           Datum ttl, bool has_ttl);

// confirm(), after its own renewals and after recording the confirmation
// (fills from then on do not expire): waits for fills of the checkout's
// lines in flight, and takes the expiry off its active holds (fills made
// meanwhile).
void confirm(int64 order_id, int64 checkout_id);

}  // namespace sh::backorders
