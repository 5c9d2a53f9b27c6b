#include "core/qty.hpp"

#include <cstring>

#include "core/errors.hpp"

#include "core/cpp_only.hpp"

namespace sh {

std::string qty_text(qty_t q) {
    bool negative = q < 0;
    if (negative) q = -q;
    qty_t whole = q / qty_one, frac = q % qty_one;
    std::string digits;
    do {
        digits.insert(digits.begin(), char('0' + int(whole % 10)));
        whole /= 10;
    } while (whole > 0);
    if (frac > 0) {
        std::string f(qty_scale, '0');
        for (int i = qty_scale - 1; i >= 0; --i, frac /= 10) f[i] = char('0' + int(frac % 10));
        f.erase(f.find_last_not_of('0') + 1);
        digits += "." + f;
    }
    return negative ? "-" + digits : digits;
}

namespace {

[[noreturn]] void bad_qty(const char* what, const char* text, const char* why) {
    fail(Code::bad_input, std::string("invalid quantity for ") + what + ": " + why,
         std::string("The value given was ") + (std::strlen(text) > 60 ? std::string(text, 60) + "..." : text) + ".",
         "A quantity is a finite number greater than zero (a stock-take count may be zero), below 10^15, with at most 6 decimal places.");
}

}  // namespace

qty_t parse_qty(const char* text, const char* what) {
    const char* p = text;
    bool negative = *p == '-';
    if (negative) ++p;
    if (!(*p >= '0' && *p <= '9')) bad_qty(what, text, "not a finite number");
    qty_t value = 0;
    for (; *p >= '0' && *p <= '9'; ++p) {
        value = value * 10 + (*p - '0');
        if (value >= qty_limit / qty_one) bad_qty(what, text, "too large");
    }
    value *= qty_one;
    if (*p == '.') {
        ++p;
        qty_t unit = qty_one / 10;
        for (; *p >= '0' && *p <= '9'; ++p, unit /= 10) {
            if (unit == 0) {
                if (*p != '0') bad_qty(what, text, "more than 6 decimal places");
                continue;
            }
            value += unit * (*p - '0');
        }
    }
    if (*p != '\0') bad_qty(what, text, "not a finite number");
    return negative ? -value : value;
}

qty_t require_positive(qty_t q, const char* what, bool zero_ok) {
    if (q < 0 || (q == 0 && !zero_ok)) {
        std::string text = qty_text(q);
        bad_qty(what, text.c_str(), zero_ok ? "negative" : "not greater than zero");
    }
    return q;
}

}  // namespace sh
