// The lines of a request: what to hold, release, ship or return, by sku,
// optionally at one location or of one lot. Plain C++; parse_lines.hpp
// reads them from the `lines` argument.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/qty.hpp"

namespace sh {

struct Line {
    std::string sku;
    std::optional<std::string> location;
    std::optional<std::string> lot;
    qty_t qty = 0;
};

// At most this many lines in one call (22023 above): a request's cost grows
// with its lines, and this bound keeps the largest one short.
constexpr size_t max_lines = 10000;

// Lines naming the same sku, location and lot merged into the first of them,
// in the order of their first appearance. O(n log n).
std::vector<Line> merge_lines(std::vector<Line> lines);

// Lines as the `lines` JSON argument writes them (strings escaped, each
// quantity a JSON number), for stockhold to call its own functions.
std::string lines_json(const std::vector<Line>& lines);

}  // namespace sh
