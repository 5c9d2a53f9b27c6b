// idempotency_key => ...: the first call of a function with a key records
// its arguments' fingerprint and its result; a repeat with the same
// arguments returns that result and changes nothing, with other arguments it
// is SH013. Keys are scoped per function (`scope`: the function's name).
// A result is a list of rows of up to five values (hold_id, sku, location,
// qty, expires_at): hold's rows, the (sku, location, qty) rows of release,
// cancel, fulfil and return_stock, or one row holding a count or a quantity
// in qty.
#pragma once

#include <optional>
#include <string>

#include "bridge/result_set.hpp"
#include "bridge/spi.hpp"

namespace sh::idempotency {

// The fingerprints hold() made in versions 1.0 and 1.1-1.2: a key they
// recorded still replays.
struct Legacy {
    std::string v1_0, v1_1;
};

// Claims key in scope for this call: true if the call is the first with it
// (it goes on, and records its result). Otherwise the first call's result
// is in *replay (nothing else may happen then). ON CONFLICT makes a repeat
// wait for a first call still in flight.
bool claim(const char* scope, const std::string& key, const std::string& fingerprint, spi::Result* replay,
           const Legacy& legacy = {});

// A replayed result, in the shape its function returns: hold()'s rows, the
// (sku, location, qty) rows of the functions that move stock, or one value.
void replay_holds(const spi::Result& replay, ResultSet& out);
void replay_moved(const spi::Result& replay, ResultSet& out);
qty_t replay_value(const spi::Result& replay);

// Records row ord of the result of the call that claimed key.
void record(const char* scope, const std::string& key, int ord, const spi::Arg (&row)[5]);

// Records the call's result when it has a key: rows in order.
class Recorder {
public:
    Recorder(const char* scope, const std::optional<std::string>& key) : scope_(scope), key_(key) {}
    void row(const spi::Arg (&values)[5]) {
        if (key_) record(scope_, *key_, ++ord_, values);
    }

private:
    const char* scope_;
    const std::optional<std::string>& key_;
    int ord_ = 0;
};

// A call whose result is one value (a count, a quantity): computes it with
// body() the first time, replays it on a repeat. Without a key, just body().
template <typename Body>
qty_t once(const char* scope, const std::optional<std::string>& key, const std::string& fingerprint, Body&& body) {
    spi::Result replay(nullptr, 0);
    if (key && !claim(scope, *key, fingerprint, &replay)) return replay_value(replay);
    qty_t value = body();
    if (key) {
        spi::Arg row[5] = {spi::null(), spi::null(), spi::null(), spi::qty(value), spi::null()};
        record(scope, *key, 1, row);
    }
    return value;
}

// Forgets keys (and their results) recorded before the retention setting
// (stockhold.idempotency_retention), at most batch of them, skipping keys
// another session has locked; returns how many.
int32 forget(int32 batch);

}  // namespace sh::idempotency
