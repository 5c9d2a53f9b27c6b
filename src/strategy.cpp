#include "strategy.hpp"

#include "settings.hpp"

namespace sh {

Strategy effective_strategy(const std::string& item_strategy) {
    if (item_strategy == "fifo") return Strategy::fifo;
    if (item_strategy == "fefo") return Strategy::fefo;
    if (item_strategy == "priority") return Strategy::priority;
    return static_cast<Strategy>(settings::allocation_strategy);
}

}  // namespace sh
