#include "bridge/parse_lines.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/guard.hpp"
#include "bridge/numeric.hpp"
#include "core/errors.hpp"
#include "core/interrupts.hpp"

namespace sh {

namespace {

[[noreturn]] void bad_lines(const std::string& why) {
    fail(Code::bad_input, "malformed lines: " + why,
         {}, R"(lines is a JSON array of objects such as [{"sku": "carrots", "qty": 1.5, "location": "farm"}].)");
}

// The value under `key` in an object container, or nullopt if absent.
std::optional<JsonbValue> member(JsonbContainer* object, const char* key) {
    JsonbValue* found = pg_guard([&] { return getKeyJsonValueFromContainer(object, key, (int)strlen(key), nullptr); });
    if (!found) return std::nullopt;
    return *found;
}

std::string string_member(JsonbContainer* object, const char* key, size_t index, bool required, bool* present) {
    std::optional<JsonbValue> v = member(object, key);
    *present = v && v->type != jbvNull;
    if (!*present) {
        if (required) bad_lines("line " + std::to_string(index + 1) + " has no \"" + key + "\"");
        return {};
    }
    if (v->type != jbvString) bad_lines("line " + std::to_string(index + 1) + ": \"" + key + "\" must be a string");
    if (v->val.string.len == 0) bad_lines("line " + std::to_string(index + 1) + ": \"" + key + "\" must not be empty");
    return std::string(v->val.string.val, v->val.string.len);
}

}  // namespace

std::vector<Line> parse_lines(Jsonb* lines) {
    if (!JB_ROOT_IS_ARRAY(lines) || JB_ROOT_IS_SCALAR(lines)) bad_lines("not a JSON array");
    uint32 count = JB_ROOT_COUNT(lines);
    if (count == 0) bad_lines("the array is empty");
    if (count > max_lines)
        bad_lines("the array has " + std::to_string(count) + " lines; one call takes at most " + std::to_string(max_lines));
    std::vector<Line> out;
    out.reserve(count);
    for (uint32 i = 0; i < count; ++i) {
        check_interrupts();
        JsonbValue* element = pg_guard([&] { return getIthJsonbValueFromContainer(&lines->root, i); });
        if (element->type != jbvBinary || !JsonContainerIsObject(element->val.binary.data))
            bad_lines("line " + std::to_string(i + 1) + " is not a JSON object");
        JsonbContainer* object = element->val.binary.data;
        bool present = false;
        Line line;
        line.sku = string_member(object, "sku", i, true, &present);
        std::string location = string_member(object, "location", i, false, &present);
        if (present) line.location = location;
        std::string lot = string_member(object, "lot", i, false, &present);
        if (present) line.lot = lot;
        std::optional<JsonbValue> qty = member(object, "qty");
        if (!qty || qty->type == jbvNull) bad_lines("line " + std::to_string(i + 1) + " has no \"qty\"");
        std::string what = "line " + std::to_string(i + 1) + " qty";
        if (qty->type == jbvNumeric)
            line.qty = user_qty(NumericGetDatum(qty->val.numeric), what.c_str());
        else if (qty->type == jbvString)  // a decimal library's number, as text: "1.5"
            line.qty = require_positive(parse_decimal(std::string(qty->val.string.val, qty->val.string.len), what.c_str()),
                                        what.c_str());
        else
            bad_lines("line " + std::to_string(i + 1) + ": \"qty\" must be a number, or a string holding a decimal number");
        out.push_back(std::move(line));
    }
    // Each quantity is below qty_limit, so max_lines of them cannot overflow qty_t.
    std::vector<Line> merged = merge_lines(std::move(out));
    for (const Line& l : merged)
        if (l.qty >= qty_limit) bad_lines("merged quantity for sku " + shown(l.sku) + " is too large");
    return merged;
}

}  // namespace sh
