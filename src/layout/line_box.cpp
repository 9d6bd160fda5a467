#include "layout/line_box.hpp"

namespace cvpdf::layout {

void LineBox::append(const LineBox& o, float dx, float dy) {
    for (auto r : o.runs) {
        r.x += dx;
        r.y += dy;
        runs.push_back(std::move(r));
    }
    for (auto r : o.rules) {
        r.x += dx;
        r.y += dy;
        rules.push_back(r);
    }
    for (auto l : o.links) {
        l.x += dx;
        l.y += dy;
        links.push_back(std::move(l));
    }
}

void LineBox::insert_before_right(const LineBox& o, float dx) {
    const size_t at = right_part < runs.size() ? right_part : runs.size();
    std::vector<page::GlyphRun> moved(o.runs);
    for (auto& r : moved) r.x += dx;
    runs.insert(runs.begin() + long(at), moved.begin(), moved.end());
    if (right_part < runs.size()) right_part += moved.size();
    LineBox rest = o;
    rest.runs.clear();
    append(rest, dx);
}

void LineBox::place(page::Page& page, float x, float baseline) const {
    for (auto r : runs) {
        r.x += x;
        r.y += baseline;
        page.add(std::move(r));
    }
    for (auto r : rules) {
        r.x += x;
        r.y += baseline;
        page.add(r);
    }
    for (auto l : links) {
        l.x += x;
        l.y += baseline;
        page.add(std::move(l));
    }
}

}  // namespace cvpdf::layout
