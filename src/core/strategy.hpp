// Allocation strategies (how hold() picks stock of an item without a named
// location): an item's own, or the stockhold.allocation_strategy setting.
#pragma once

#include <optional>
#include <string>

namespace sh {

enum class Strategy { priority = 0, fifo = 1, fefo = 2 };

// The strategy of that name (priority, fifo, fefo); nullopt for any other text.
std::optional<Strategy> strategy_named(const std::string& name);

// The item's strategy column ('' when NULL), else the setting's.
Strategy effective_strategy(const std::string& item_strategy, Strategy setting);

}  // namespace sh
