// The ToUnicode CMap of a Type0 font: 2-byte codes → UTF-16BE text, as bfchar / bfrange
// blocks of at most 100 entries each.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf::pdf {

struct CodeText {
    uint16_t code;
    std::string_view text;  // UTF-8; empty = no mapping for this code
};

// `map` may be in any order and may repeat a code (the first occurrence wins).
std::string build_tounicode_cmap(std::vector<CodeText> map);

}  // namespace cvpdf::pdf
