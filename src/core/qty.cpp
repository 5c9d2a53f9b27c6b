#include "core/qty.hpp"

#include <algorithm>
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

qty_t parse_decimal(const std::string& text, const char* what) {
    const char* t = text.c_str();
    size_t i = 0, n = text.size();
    bool negative = false;
    if (i < n && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
    std::string digits;  // integer and fraction digits, in order
    size_t start = i;
    while (i < n && t[i] >= '0' && t[i] <= '9') digits += t[i++];
    if (i == start) bad_qty(what, t, "not a decimal number");
    long exponent = 0;  // of the last digit
    if (i < n && t[i] == '.') {
        size_t from = ++i;
        while (i < n && t[i] >= '0' && t[i] <= '9') digits += t[i++];
        if (i == from) bad_qty(what, t, "not a decimal number");
        exponent -= long(i - from);
    }
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool minus = false;
        if (i < n && (t[i] == '+' || t[i] == '-')) minus = t[i++] == '-';
        size_t from = i;
        long e = 0;
        while (i < n && t[i] >= '0' && t[i] <= '9') {
            if (e < 100000) e = e * 10 + (t[i] - '0');  // far beyond any quantity: refused below
            ++i;
        }
        if (i == from) bad_qty(what, t, "not a decimal number");
        exponent += minus ? -e : e;
    }
    if (i != n) bad_qty(what, t, "not a decimal number");
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (digits.empty()) return 0;
    // value = digits * 10^exponent, in millionths: digits * 10^(exponent + 6).
    long shift = exponent + qty_scale;
    while (shift < 0) {
        if (digits.back() != '0') bad_qty(what, t, "more than 6 decimal places");
        digits.pop_back();
        ++shift;
    }
    if (long(digits.size()) + shift > 21) bad_qty(what, t, "too large");  // 10^15 units are 10^21 millionths
    qty_t value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    for (long k = 0; k < shift; ++k) value *= 10;
    if (value >= qty_limit) bad_qty(what, t, "too large");
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
