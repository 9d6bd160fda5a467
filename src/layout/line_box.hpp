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

    // Copy `other`'s items into this box, shifted by (dx, dy).
    void append(const LineBox& other, float dx, float dy = 0);
    // Same, with `other`'s runs placed before the flush-right part in drawing order.
    void insert_before_right(const LineBox& other, float dx);
    // Emit the items onto `page` with the box's origin at (x, baseline).
    void place(page::Page& page, float x, float baseline) const;
    void grow(const LineBox& o) {
        ascent = ascent > o.ascent ? ascent : o.ascent;
        descent = descent > o.descent ? descent : o.descent;
        top = top > o.top ? top : o.top;
    }
    bool empty() const { return runs.empty() && rules.empty(); }
};

}  // namespace cvpdf::layout
