// Text the caller gave (skus, codes, refs, keys), measured and quoted in
// characters of the database encoding, never in bytes: a limit of 200
// characters admits 200 'é', and a message never cuts a character in half.
#pragma once

#include <string>

namespace sh {

// The number of characters of text.
int char_count(const std::string& text);

// 22023 unless text has 1 to max_chars characters ("<what> must be ...").
void require_length(const std::string& text, const char* what, int max_chars = 200);

// The text as a message quotes it: its first 80 characters, and "..." if
// there were more.
std::string shown(const std::string& text);

}  // namespace sh
