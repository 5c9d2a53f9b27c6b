#include "core/order_states.hpp"

#include "core/cpp_only.hpp"

namespace sh {

const char* text(OrderState state) {
    switch (state) {
        case OrderState::held: return "Held";
        case OrderState::complete: return "Complete";
        case OrderState::cancelled: return "Cancelled";
    }
    return "Held";
}

const char* text(FulfilmentState state) {
    switch (state) {
        case FulfilmentState::held: return "Held";
        case FulfilmentState::unfulfilled: return "Unfulfilled";
        case FulfilmentState::fulfilled: return "Fulfilled";
        case FulfilmentState::cancelled: return "Cancelled";
    }
    return "Held";
}

std::optional<OrderState> order_state_named(const std::string& name) {
    for (OrderState s : {OrderState::held, OrderState::complete, OrderState::cancelled})
        if (name == text(s)) return s;
    return std::nullopt;
}

std::optional<FulfilmentState> fulfilment_state_named(const std::string& name) {
    for (FulfilmentState s :
         {FulfilmentState::held, FulfilmentState::unfulfilled, FulfilmentState::fulfilled, FulfilmentState::cancelled})
        if (name == text(s)) return s;
    return std::nullopt;
}

}  // namespace sh
