// Vertical flow: a list of lines with spacing and keep rules → lines placed on pages.
#pragma once
#include <string>
#include <vector>

#include "layout/line_box.hpp"
#include "page/page.hpp"

namespace cvpdf::layout {

struct FlowLine {
    LineBox box;
    float x = 0;              // left edge relative to the column
    float leading = 12;       // baseline-to-baseline distance from the line before
    float space_before = 0;   // extra space above; dropped at the top of a page
    bool keep_with_next = false;  // never end a page after this line
    bool break_before = false;    // start a new page here
    bool starts_block = false;    // first line of a paragraph, bullet or entry: a good place for a page break
    int outline = -1;             // index into FlowResult::outline_titles when a section starts here
};

struct Column {
    float x = 0, top = 0, width = 0, bottom = 0;  // page coordinates (top-left origin)
    bool mirror = false;  // a right-to-left page: each line's units mirrored in the column (mirror.hpp)
};

struct FlowResult {
    std::vector<std::string> outline_titles;
};

// Place `lines` in `column` on successive pages appended to `doc` (page size w × h).
// Lines chained by keep_with_next move to the next page together when the chain does not
// fit, unless the chain alone is taller than a page. A page that would break inside a
// paragraph breaks instead before it (between bullets) when that wastes at most two lines.
// Pages that already exist (another column's flow) are reused; more are added as needed.
void flow_lines(std::vector<FlowLine> lines, const std::vector<std::string>& outline_titles,
                const Column& column, float page_width, float page_height, page::Document& doc);

}  // namespace cvpdf::layout
