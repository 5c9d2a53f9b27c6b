// Reading SQL arguments: a NULL where a value is required is malformed input
// (22023) naming the argument, never a silent no-op.
#pragma once

#include <optional>
#include <string>

#include "bridge/numeric.hpp"

namespace sh::args {

std::string text(FunctionCallInfo fcinfo, int n, const char* name);
std::optional<std::string> opt_text(FunctionCallInfo fcinfo, int n);
// A name (sku, code, ref, key): 1 to max_chars characters, else 22023.
std::string name(FunctionCallInfo fcinfo, int n, const char* what, int max_chars = 200);
std::optional<std::string> opt_name(FunctionCallInfo fcinfo, int n, const char* what, int max_chars = 200);
bool boolean(FunctionCallInfo fcinfo, int n, const char* name);
int32 int4(FunctionCallInfo fcinfo, int n, const char* name);
Jsonb* jsonb(FunctionCallInfo fcinfo, int n, const char* name);
Jsonb* opt_jsonb(FunctionCallInfo fcinfo, int n);
qty_t qty(FunctionCallInfo fcinfo, int n, const char* name, bool zero_ok = false);
std::optional<qty_t> opt_qty(FunctionCallInfo fcinfo, int n, const char* name);
std::optional<int32> opt_date(FunctionCallInfo fcinfo, int n, const char* name);  // a DateADT

}  // namespace sh::args
