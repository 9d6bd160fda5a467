// Small text helpers every stage needs: UTF-8 encoding and TOML string quoting.
#pragma once
#include <string>
#include <string_view>

namespace cvpdf {

// Append code point `cp` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp);

// Length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes).
inline size_t utf8_seq_len(unsigned char lead) {
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

// The whole of a CV data file; throws cvpdf::Error naming the file ("cannot read CV data
// file: …") when it is missing, a folder or unreadable.
std::string read_data_file(const std::string& path);

// `s` as a TOML basic string, quotes included, with \" \\ and control characters escaped.
std::string toml_quote(std::string_view s);

}  // namespace cvpdf
