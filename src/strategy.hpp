// Allocation strategies (how hold() picks stock of an item without a named
// location): an item's own, or the stockhold.allocation_strategy setting.
#pragma once

#include <string>

namespace sh {

enum class Strategy { priority = 0, fifo = 1, fefo = 2 };

// The item's strategy column ('' when NULL) resolved against the setting.
Strategy effective_strategy(const std::string& item_strategy);

}  // namespace sh
