// An order's two states, from the Data Food Consortium vocabulary (the
// database's enum types stockhold.order_state and stockhold.fulfilment_state).
#pragma once

#include <optional>
#include <string>

namespace sh {

enum class OrderState { held, complete, cancelled };
enum class FulfilmentState { held, unfulfilled, fulfilled, cancelled };

// As the database writes them: "Held", "Complete", ...
const char* text(OrderState state);
const char* text(FulfilmentState state);

// From the database's text; nullopt for any other.
std::optional<OrderState> order_state_named(const std::string& name);
std::optional<FulfilmentState> fulfilment_state_named(const std::string& name);

}  // namespace sh
