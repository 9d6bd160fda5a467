#include "pdf/tounicode.hpp"

#include <algorithm>

#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {
namespace {

constexpr size_t kMaxBlock = 100;

// The single UTF-16 unit of `text`, or -1 when it needs more (or none).
int single_unit(std::string_view text) {
    if (text.empty()) return -1;
    size_t len;
    char32_t cp = decode_utf8(text, len);
    if (len != text.size() || cp > 0xFFFF) return -1;
    return int(cp);
}

void flush(std::string& out, std::string& body, size_t& n, const char* kind) {
    if (n == 0) return;
    out += std::to_string(n);
    out += " begin";
    out += kind;
    out += '\n';
    out += body;
    out += "end";
    out += kind;
    out += '\n';
    body.clear();
    n = 0;
}

}  // namespace

std::string build_tounicode_cmap(std::vector<CodeText> map) {
    std::stable_sort(map.begin(), map.end(), [](const CodeText& a, const CodeText& b) { return a.code < b.code; });
    map.erase(std::unique(map.begin(), map.end(), [](const CodeText& a, const CodeText& b) { return a.code == b.code; }),
              map.end());
    std::erase_if(map, [](const CodeText& c) { return c.text.empty(); });

    std::string out;
    out.reserve(512 + map.size() * 20);
    out +=
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";

    std::string chars, ranges;
    size_t nchars = 0, nranges = 0;
    for (size_t i = 0; i < map.size();) {
        // A bfrange: consecutive codes with consecutive single-unit values, same high byte of
        // code, and the value's low byte not wrapping.
        size_t j = i;
        int u = single_unit(map[i].text);
        if (u >= 0) {
            while (j + 1 < map.size() && map[j + 1].code == map[j].code + 1 &&
                   (map[j + 1].code >> 8) == (map[i].code >> 8) &&
                   single_unit(map[j + 1].text) == u + int(j + 1 - i) && ((u + int(j + 1 - i)) & 0xFF) != 0)
                ++j;
        }
        if (j > i) {
            ranges += '<';
            append_hex4(ranges, map[i].code);
            ranges += "> <";
            append_hex4(ranges, map[j].code);
            ranges += "> <";
            append_hex4(ranges, uint16_t(u));
            ranges += ">\n";
            if (++nranges == kMaxBlock) flush(out, ranges, nranges, "bfrange");
        } else {
            chars += '<';
            append_hex4(chars, map[i].code);
            chars += "> <";
            append_utf16be_hex(chars, map[i].text);
            chars += ">\n";
            if (++nchars == kMaxBlock) flush(out, chars, nchars, "bfchar");
        }
        i = j + 1;
    }
    flush(out, chars, nchars, "bfchar");
    flush(out, ranges, nranges, "bfrange");
    out +=
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    return out;
}

}  // namespace cvpdf::pdf
