// Bidirectional text (Unicode Bidirectional Algorithm through GNU FriBidi): resolved
// embedding levels per piece of a paragraph, and the visual reordering of one line.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace cvpdf::layout {

// True when `text` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko…):
// only then does a paragraph pay for the algorithm.
bool has_rtl(std::string_view text);

// Levels for a paragraph given as UTF-8 chunks (one per piece; empty chunks take the level
// of the piece before). `rtl_base`: a right-to-left paragraph (level 1), else left-to-right.
std::vector<uint8_t> bidi_levels(const std::vector<std::string_view>& chunks, bool rtl_base);
// Same, one level per character (code point) of each chunk.
std::vector<std::vector<uint8_t>> bidi_char_levels(const std::vector<std::string_view>& chunks, bool rtl_base);

// The mirrored form of a character set at a right-to-left level (rule L4: "(" → ")",
// "«" → "»"), or 0 when it has none.
char32_t bidi_mirror(char32_t c);

// Rule L2 on one line: units (in logical order) with their levels, x positions and widths;
// every maximal sequence at or above each odd-crossing level is reversed by mirroring it
// within its own span, so gaps are kept and nothing outside the sequence moves.
void reorder_line(const std::vector<uint8_t>& levels, std::vector<float>& x, const std::vector<float>& width);

}  // namespace cvpdf::layout
