// hold(idempotency_key => ...): the first call with a key records its
// arguments' fingerprint and its rows; a repeat with the same arguments
// replays the rows and changes nothing, with other arguments it is SH013.
#pragma once

#include <string>

#include "bridge/result_set.hpp"

namespace sh::idempotency {

// Claims the key for this call. Returns false after replaying the first
// call's rows into `out` (nothing else may happen then). A key recorded by
// an earlier version is matched against the fingerprints it would have made.
struct Legacy {
    std::string v1_0, v1_1;
};
bool claim(const std::string& key, const std::string& fingerprint, const Legacy& legacy, ResultSet& out);

// Records one returned row of the call that claimed the key.
void record(const std::string& key, int ord, const spi::Arg (&row)[5]);

}  // namespace sh::idempotency
