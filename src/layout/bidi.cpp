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

std::vector<uint8_t> bidi_levels(const std::vector<std::string_view>& chunks, bool rtl_base) {
    std::vector<FriBidiChar> text;
    std::vector<size_t> start(chunks.size());
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
    std::vector<uint8_t> out(chunks.size(), rtl_base ? 1 : 0);
    if (text.empty()) return out;
    const FriBidiStrIndex n = FriBidiStrIndex(text.size());
    std::vector<FriBidiCharType> types(text.size());
    std::vector<FriBidiBracketType> brackets(text.size());
    std::vector<FriBidiLevel> levels(text.size());
    fribidi_get_bidi_types(text.data(), n, types.data());
    fribidi_get_bracket_types(text.data(), n, types.data(), brackets.data());
    FriBidiParType base = rtl_base ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &base, levels.data())) return out;
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
