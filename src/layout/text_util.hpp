// Small UTF-8 helpers for layout decisions (hyphenation eligibility, case, messages).
#pragma once
#include <string>
#include <string_view>

namespace cvpdf::layout {

// ASCII letters and every byte of a multi-byte UTF-8 sequence (non-ASCII letters).
inline bool is_letter_byte(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

size_t utf8_length(std::string_view s);
// Decode the code point starting at byte `i` (U+FFFD on malformed input).
char32_t decode_at(std::string_view s, size_t i);
// A capital after the first letter ("DSLs", "McDonald"): acronyms and names stay whole.
bool has_inner_capital(std::string_view word);
// Upper-case ASCII and Latin-1 letters; other characters unchanged.
std::string to_upper(std::string_view s);
// "'é' (U+00E9)" for the character at byte `i`, for warnings.
std::string describe_char(std::string_view s, size_t i);

// TeX's input conventions for plain text: "--" → en dash, "---" → em dash, and straight
// quotes → curly ones (an apostrophe before a digit, as in '22, is a closing ’).
// `prev` is the character before `in` (for quote direction across spans) and is updated.
std::string typographic(std::string_view in, bool dashes, bool quotes, char32_t& prev);

}  // namespace cvpdf::layout
