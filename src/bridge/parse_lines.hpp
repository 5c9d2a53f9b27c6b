// The `lines` argument: a JSON array of {"sku": text, "qty": number,
// "location": text (optional), "lot": text (optional)}, at most max_lines of
// them, merged (lines.hpp); anything malformed is refused with 22023.
#pragma once

#include <vector>

#include "bridge/pg.hpp"
#include "core/lines.hpp"

namespace sh {

std::vector<Line> parse_lines(Jsonb* lines);

}  // namespace sh
