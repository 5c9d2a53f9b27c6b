#include "bridge/caller_text.hpp"

#include "bridge/guard.hpp"
#include "core/errors.hpp"

namespace sh {

namespace {
constexpr int shown_chars = 80;
}

int char_count(const std::string& text) {
    const char* data = text.data();
    int len = int(text.size());
    return pg_guard([&] { return pg_mbstrlen_with_len(data, len); });
}

void require_length(const std::string& text, const char* what, int max_chars) {
    if (text.empty() || char_count(text) > max_chars)
        fail(Code::bad_input, std::string(what) + " must be 1 to " + std::to_string(max_chars) + " characters");
}

std::string shown(const std::string& text) {
    if (text.size() <= shown_chars) return text;  // no more characters than bytes
    const char* data = text.data();
    int len = int(text.size());
    int cut = pg_guard([&] { return pg_mbcharcliplen(data, len, shown_chars); });
    return size_t(cut) < text.size() ? text.substr(0, size_t(cut)) + "..." : text;
}

}  // namespace sh
