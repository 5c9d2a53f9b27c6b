#include "core/fingerprint.hpp"

#include <algorithm>

#include "core/interrupts.hpp"

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

Fingerprint& Fingerprint::add_lines(const std::vector<Line>& lines) {
    std::vector<std::string> each;
    each.reserve(lines.size());
    for (const Line& l : lines) {
        check_interrupts();
        each.push_back(Fingerprint().add(l.sku).add(l.location).add(l.lot).add(qty_text(l.qty)).text());
    }
    return add_set(std::move(each));
}

}  // namespace sh
