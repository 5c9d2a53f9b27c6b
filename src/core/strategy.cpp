#include "core/strategy.hpp"

#include "core/cpp_only.hpp"

namespace sh {

std::optional<Strategy> strategy_named(const std::string& name) {
    if (name == "priority") return Strategy::priority;
    if (name == "fifo") return Strategy::fifo;
    if (name == "fefo") return Strategy::fefo;
    return std::nullopt;
}

Strategy effective_strategy(const std::string& item_strategy, Strategy setting) {
    return strategy_named(item_strategy).value_or(setting);
}

}  // namespace sh
