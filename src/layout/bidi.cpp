#include "layout/bidi.hpp"

#include <fribidi.h>

#include <algorithm>
#include <numeric>

#include "layout/text_util.hpp"

namespace cvpdf::layout {

bool has_rtl(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0xD6) continue;  // everything below U+0590 is left-to-right or neutral
        char32_t cp = decode_at(text, i);
        if ((cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF) ||
            (cp >= 0x10800 && cp <= 0x10FFF) || (cp >= 0x1E800 && cp <= 0x1EFFF))
            return true;
    }
    return false;
}

namespace {

// Resolved levels of the chunks' characters, concatenated; `start` gets each chunk's first
// character. Empty when there is no text or FriBidi fails.
std::vector<FriBidiLevel> resolve(const std::vector<std::string_view>& chunks, bool rtl_base, std::vector<size_t>& start) {
    std::vector<FriBidiChar> text;
    start.assign(chunks.size(), 0);
    for (size_t k = 0; k < chunks.size(); ++k) {
        start[k] = text.size();
        std::string_view s = chunks[k];
        for (size_t i = 0; i < s.size();) {
            text.push_back(decode_at(s, i));
            size_t len = 1;
            while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
            i += len;
        }
    }
    if (text.empty()) return {};
    const FriBidiStrIndex n = FriBidiStrIndex(text.size());
    std::vector<FriBidiCharType> types(text.size());
    std::vector<FriBidiBracketType> brackets(text.size());
    std::vector<FriBidiLevel> levels(text.size());
    fribidi_get_bidi_types(text.data(), n, types.data());
    // Private-use characters are icons (Font Awesome) that introduce the item after them:
    // they take the paragraph's direction, so on a right-to-left line each icon sits at the
    // right of its item, as a reader of the line meets it first.
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] >= 0xE000 && text[i] <= 0xF8FF) types[i] = rtl_base ? FRIBIDI_TYPE_RTL : FRIBIDI_TYPE_LTR;
    fribidi_get_bracket_types(text.data(), n, types.data(), brackets.data());
    FriBidiParType base = rtl_base ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &base, levels.data())) return {};
    return levels;
}

}  // namespace

std::vector<std::vector<uint8_t>> bidi_char_levels(const std::vector<std::string_view>& chunks, bool rtl_base) {
    std::vector<size_t> start;
    const std::vector<FriBidiLevel> levels = resolve(chunks, rtl_base, start);
    std::vector<std::vector<uint8_t>> out(chunks.size());
    for (size_t k = 0; k < chunks.size(); ++k) {
        const size_t end = k + 1 < chunks.size() ? start[k + 1] : levels.size();
        for (size_t i = start[k]; i < end; ++i) out[k].push_back(levels.empty() ? uint8_t(rtl_base) : uint8_t(levels[i]));
    }
    return out;
}

char32_t bidi_mirror(char32_t c) {
    FriBidiChar m = 0;
    return fribidi_get_mirror_char(FriBidiChar(c), &m) ? char32_t(m) : 0;
}

std::vector<uint8_t> bidi_levels(const std::vector<std::string_view>& chunks, bool rtl_base) {
    std::vector<size_t> start;
    const std::vector<FriBidiLevel> levels = resolve(chunks, rtl_base, start);
    std::vector<uint8_t> out(chunks.size(), rtl_base ? 1 : 0);
    if (levels.empty()) return out;
    for (size_t k = 0; k < chunks.size(); ++k) {
        if (!chunks[k].empty()) out[k] = uint8_t(levels[start[k]]);
        else if (k > 0) out[k] = out[k - 1];
    }
    return out;
}

void reorder_line(const std::vector<uint8_t>& levels, std::vector<float>& x, const std::vector<float>& width) {
    const size_t n = levels.size();
    if (n == 0) return;
    const uint8_t top = *std::max_element(levels.begin(), levels.end());
    uint8_t lowest_odd = 255;
    for (uint8_t l : levels)
        if (l % 2 == 1) lowest_odd = std::min(lowest_odd, l);
    if (lowest_odd == 255) return;
    std::vector<size_t> order(n);  // units in current visual order
    std::iota(order.begin(), order.end(), 0);
    for (int k = top; k >= lowest_odd; --k) {
        for (size_t i = 0; i < n;) {
            if (levels[order[i]] < k) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < n && levels[order[j]] >= k) ++j;
            float lo = x[order[i]], hi = x[order[i]] + width[order[i]];
            for (size_t m = i; m < j; ++m) {
                lo = std::min(lo, x[order[m]]);
                hi = std::max(hi, x[order[m]] + width[order[m]]);
            }
            for (size_t m = i; m < j; ++m) x[order[m]] = lo + hi - (x[order[m]] + width[order[m]]);
            std::reverse(order.begin() + long(i), order.begin() + long(j));
            i = j;
        }
    }
}

}  // namespace cvpdf::layout
