// Resolving the application's names (sku, location code) to ids, with the
// refusals (SH002 / SH003) for unknown ones.
#pragma once

#include <string>
#include <vector>

#include "bridge/pg.hpp"

namespace sh::names {

int64 item_id(const std::string& sku);            // SH002 if unknown
[[noreturn]] void unknown_sku(const std::string& sku);
int32 location_id(const std::string& code);       // SH003 if unknown
std::vector<int64> lot_ids(int64 item_id, const std::string& lot);  // the item's lots of that name, any location

}  // namespace sh::names
