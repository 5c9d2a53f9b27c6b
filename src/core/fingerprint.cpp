#include "core/fingerprint.hpp"

#include <algorithm>

#include "core/cpp_only.hpp"

namespace sh {

Fingerprint& Fingerprint::add(const std::string& field) {
    text_ += std::to_string(field.size());
    text_ += ':';
    text_ += field;
    return *this;
}

Fingerprint& Fingerprint::add(const std::optional<std::string>& field) {
    if (field) return add(*field);
    text_ += '-';
    return *this;
}

Fingerprint& Fingerprint::add_set(std::vector<std::string> fields) {
    std::sort(fields.begin(), fields.end());
    add(std::to_string(fields.size()));
    for (const std::string& f : fields) add(f);
    return *this;
}

}  // namespace sh
