// The `lines` argument: a JSON array of {"sku": text, "qty": number,
// "location": text (optional)}. Lines naming the same sku and location are
// merged; anything else malformed is refused with 22023.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "qty.hpp"

namespace sh {

struct Line {
    std::string sku;
    std::optional<std::string> location;
    qty_t qty = 0;
};

std::vector<Line> parse_lines(Jsonb* lines);

}  // namespace sh
