// The `lines` argument: a JSON array of {"sku": text, "qty": number,
// "location": text (optional), "lot": text (optional)}. Lines naming the same
// sku, location and lot are merged; anything else malformed is refused with 22023.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pg.hpp"
#include "qty.hpp"

namespace sh {

struct Line {
    std::string sku;
    std::optional<std::string> location;
    std::optional<std::string> lot;
    qty_t qty = 0;
};

std::vector<Line> parse_lines(Jsonb* lines);

}  // namespace sh
