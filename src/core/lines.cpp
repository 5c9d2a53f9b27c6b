#include "core/lines.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "core/interrupts.hpp"

#include "core/cpp_only.hpp"

namespace sh {

std::vector<Line> merge_lines(std::vector<Line> lines) {
    std::vector<size_t> order(lines.size());
    std::iota(order.begin(), order.end(), size_t(0));
    auto key = [&](size_t i) { return std::tie(lines[i].sku, lines[i].location, lines[i].lot); };
    // Stable: within a run of equal lines, the first one comes first.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
    std::vector<bool> kept(lines.size(), false);
    for (size_t i = 0; i < order.size();) {
        check_interrupts();
        size_t first = order[i];
        kept[first] = true;
        for (++i; i < order.size() && key(order[i]) == key(first); ++i) lines[first].qty += lines[order[i]].qty;
    }
    std::vector<Line> merged;
    for (size_t i = 0; i < lines.size(); ++i)
        if (kept[i]) merged.push_back(std::move(lines[i]));
    return merged;
}

namespace {

void json_string(std::string& out, const std::string& text) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += char(c);
        }
    }
    out += '"';
}

}  // namespace

std::string lines_json(const std::vector<Line>& lines) {
    std::string out = "[";
    for (const Line& l : lines) {
        check_interrupts();
        if (out.size() > 1) out += ", ";
        out += "{\"sku\": ";
        json_string(out, l.sku);
        out += ", \"qty\": " + qty_text(l.qty);
        if (l.location) {
            out += ", \"location\": ";
            json_string(out, *l.location);
        }
        if (l.lot) {
            out += ", \"lot\": ";
            json_string(out, *l.lot);
        }
        out += '}';
    }
    return out + "]";
}

}  // namespace sh
