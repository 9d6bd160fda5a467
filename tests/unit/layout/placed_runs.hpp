// Glyph runs of laid-out pages as text boxes (text, page, left/right ends, baseline), for
// layout tests that check where things landed.
#pragma once
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "page/page.hpp"

namespace cvpdf::layout::test {

struct Placed {
    std::string text;
    size_t page = 0;
    float x0 = 0, x1 = 0, y = 0;  // left, right, baseline
    float size = 0;
};

inline float advance(const page::GlyphRun& r) {
    float w = 0;
    for (const auto& g : r.glyphs) w += g.advance;
    return w;
}

inline std::vector<Placed> runs_of(const page::Document& doc) {
    std::vector<Placed> out;
    for (size_t p = 0; p < doc.pages.size(); ++p)
        for (const auto& r : doc.pages[p].runs) out.push_back({r.text, p, r.x, r.x + advance(r), r.y, r.size});
    return out;
}

// The first run holding `s` (by value: callers pass temporaries, one(runs_of(doc), "x")).
inline Placed one(const std::vector<Placed>& runs, const std::string& s) {
    for (const auto& r : runs)
        if (r.text.find(s) != std::string::npos) return r;
    FAIL_CHECK("no run holds '" << s << "'");
    return {};
}

}  // namespace cvpdf::layout::test
