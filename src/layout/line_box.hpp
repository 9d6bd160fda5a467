// A laid-out line (or inline box): items positioned relative to its left edge and baseline,
// y growing downwards. Blocks place lines on pages by translating them.
#pragma once
#include <vector>

#include "page/page.hpp"

namespace cvpdf::layout {

struct LineBox {
    float width = 0;
    float ascent = 0, descent = 0;  // extent above / below the baseline, both positive
    // The fonts' full ascent (accented capitals such as Å): used only at the top of a page,
    // where nothing above the line would otherwise keep its accents out of the margin.
    float top = 0;
    // Runs from this index on are a flush-right part (dates, location); text that belongs
    // before them in reading order is inserted here.
    size_t right_part = static_cast<size_t>(-1);
    std::vector<page::GlyphRun> runs;
    std::vector<page::Rule> rules;
    std::vector<page::Link> links;

    // Right-to-left pages mirror a line piece by piece (see mirror.hpp): a "unit" is a
    // piece that moves as a whole (a paragraph line with its underlines and links, a label,
    // a date), spanning [x0, x1]. run_unit[i] is the index in `units` of runs[i]'s unit (rules
    // and links alike); an item with -1, or past the end of its vector, is a unit of its own.
    // append() and insert_before_right() carry the units along.
    struct Unit {
        float x0 = 0, x1 = 0;
    };
    std::vector<Unit> units;
    std::vector<int> run_unit, rule_unit, link_unit;

    // Copy `other`'s items into this box, shifted by (dx, dy); from an rvalue, its runs and
    // links are moved (their glyphs are most of a long CV's memory), the rest is kept.
    void append(const LineBox& other, float dx, float dy = 0);
    void append(LineBox&& other, float dx, float dy = 0);
    // Same, with `other`'s runs placed before the flush-right part in drawing order.
    void insert_before_right(const LineBox& other, float dx);
    // Emit the items onto `page` with the box's origin at (x, baseline): copied, or moved
    // out of a box that is done with (a page holds tens of thousands of glyphs).
    void place(page::Page& page, float x, float baseline) const&;
    void place(page::Page& page, float x, float baseline) &&;
    // Every item of the box becomes one unit, spanning [0, width] and every item's extent.
    void make_unit();
    void grow(const LineBox& o) {
        ascent = ascent > o.ascent ? ascent : o.ascent;
        descent = descent > o.descent ? descent : o.descent;
        top = top > o.top ? top : o.top;
    }
    bool empty() const { return runs.empty() && rules.empty(); }
};

}  // namespace cvpdf::layout
