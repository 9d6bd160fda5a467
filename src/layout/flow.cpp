#include "layout/flow.hpp"

#include <algorithm>

#include "layout/mirror.hpp"

namespace cvpdf::layout {

// Lines never come closer than this, whatever their leading says (tall math, big names).
constexpr float kMinLineGap = 1.0f;
// How many lines of a page may stay empty to move a break from inside a paragraph to
// between two paragraphs or bullets.
constexpr size_t kMaxLinesLeftForBlockBreak = 2;

void flow_lines(std::vector<FlowLine> lines, const std::vector<std::string>& outline_titles,
                const Column& col, float page_width, float page_height, page::Document& doc) {
    struct Placed {
        size_t page;
        float baseline;
    };
    std::vector<Placed> placed(lines.size());
    size_t page = 0, page_first = 0;
    float baseline = 0, prev_descent = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        const FlowLine& l = lines[i];
        bool first_on_page = i == page_first;
        if (l.break_before && !first_on_page) {
            ++page;
            page_first = i;
            first_on_page = true;
        }
        float b = first_on_page ? col.top + std::max(l.box.ascent, l.box.top)
                                : baseline + std::max(l.leading, prev_descent + l.box.ascent + kMinLineGap) + l.space_before;
        if (!first_on_page && b + l.box.descent > col.bottom) {
            // Move back to the start of the chain of kept lines ending here.
            size_t start = i;
            while (start > page_first && lines[start - 1].keep_with_next) --start;
            if (start == page_first) start = i;  // the chain fills a whole page: break inside it
            if (!lines[start].starts_block) {
                for (size_t c = start - 1; c + kMaxLinesLeftForBlockBreak >= start && c > page_first; --c) {
                    if (lines[c].starts_block && !lines[c - 1].keep_with_next) {
                        start = c;
                        break;
                    }
                }
            }
            ++page;
            page_first = start;
            i = start - 1;  // the loop's ++i re-places from `start` on the new page
            continue;
        }
        placed[i] = {page, b};
        baseline = b;
        prev_descent = l.box.descent;
    }

    const size_t first_page = 0;
    while (!lines.empty() && doc.pages.size() <= page) {
        page::Page pg;
        pg.width = page_width;
        pg.height = page_height;
        doc.pages.push_back(std::move(pg));
    }
    for (size_t i = 0; i < lines.size(); ++i) {
        FlowLine& l = lines[i];
        page::Page& pg = doc.pages[first_page + placed[i].page];
        if (col.mirror) mirrored(l.box, col.width - 2 * l.x).place(pg, col.x + l.x, placed[i].baseline);
        else std::move(l.box).place(pg, col.x + l.x, placed[i].baseline);
        if (l.outline >= 0 && size_t(l.outline) < outline_titles.size())
            doc.outline.push_back({outline_titles[l.outline], uint32_t(first_page + placed[i].page),
                                   placed[i].baseline - l.box.ascent});
    }
}

}  // namespace cvpdf::layout
