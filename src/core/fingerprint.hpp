// The fingerprint of a request, for idempotency keys: a text that two
// requests share exactly when their arguments are the same. Each field is
// written as its length, ':' and its bytes, an absent one as '-', so no
// argument's content can pass for a field boundary. Plain C++.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sh {

class Fingerprint {
public:
    Fingerprint& add(const std::string& field);
    Fingerprint& add(const std::optional<std::string>& field);
    // A set of fields whose order does not matter (e.g. each line's own fingerprint).
    Fingerprint& add_set(std::vector<std::string> fields);
    const std::string& text() const { return text_; }

private:
    std::string text_;
};

}  // namespace sh
