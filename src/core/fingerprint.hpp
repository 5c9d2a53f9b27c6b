// The fingerprint of a request, for idempotency keys: a text that two
// requests share exactly when their arguments are the same. Each field is
// written as its length, ':' and its bytes, an absent one as '-', so no
// argument's content can pass for a field boundary. Plain C++.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/lines.hpp"

namespace sh {

class Fingerprint {
public:
    Fingerprint& add(const std::string& field);
    Fingerprint& add(const std::optional<std::string>& field);
    // A set of fields whose order does not matter (e.g. each line's own fingerprint).
    Fingerprint& add_set(std::vector<std::string> fields);
    // Merged lines (lines.hpp), in any order: each line's sku, location, lot
    // and quantity (as a number, so 1.50 and 1.5 are the same).
    Fingerprint& add_lines(const std::vector<Line>& lines);
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

}  // namespace sh
