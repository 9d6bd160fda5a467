#include "layout/line_box.hpp"

#include <algorithm>

namespace cvpdf::layout {
namespace {

// Unit indices of `from` (one per item, -1 for none) appended to `to`, which first grows to
// `have` entries so that it stays parallel to its items; `base` is where from's units start.
void carry(std::vector<int>& to, size_t have, const std::vector<int>& from, size_t count, int base) {
    if (from.empty() && to.empty()) return;  // no units on either side: nothing to track
    to.resize(have, -1);
    for (size_t i = 0; i < count; ++i) to.push_back(i < from.size() && from[i] >= 0 ? from[i] + base : -1);
}

// `Box` is const LineBox (the items are copied) or LineBox (moved: std::move of a const
// item is a copy, of a mutable one a move).
template <class Box>
void append_items(LineBox& to, Box& o, float dx, float dy) {
    const int base = int(to.units.size());
    for (auto u : o.units) to.units.push_back({u.x0 + dx, u.x1 + dx});
    carry(to.run_unit, to.runs.size(), o.run_unit, o.runs.size(), base);
    carry(to.rule_unit, to.rules.size(), o.rule_unit, o.rules.size(), base);
    carry(to.link_unit, to.links.size(), o.link_unit, o.links.size(), base);
    to.runs.reserve(to.runs.size() + o.runs.size());
    for (auto& r : o.runs) {
        page::GlyphRun& n = to.runs.emplace_back(std::move(r));
        n.x += dx;
        n.y += dy;
    }
    for (auto r : o.rules) {
        r.x += dx;
        r.y += dy;
        to.rules.push_back(r);
    }
    for (auto& l : o.links) {
        page::Link& n = to.links.emplace_back(std::move(l));
        n.x += dx;
        n.y += dy;
    }
}

}  // namespace

void LineBox::append(const LineBox& o, float dx, float dy) { append_items(*this, o, dx, dy); }

void LineBox::append(LineBox&& o, float dx, float dy) {
    append_items(*this, o, dx, dy);
    o.runs.clear();
    o.links.clear();
}

void LineBox::insert_before_right(const LineBox& o, float dx) {
    const size_t at = right_part < runs.size() ? right_part : runs.size();
    std::vector<page::GlyphRun> moved(o.runs);
    for (auto& r : moved) r.x += dx;
    if (!o.run_unit.empty() || !run_unit.empty()) {
        run_unit.resize(runs.size(), -1);
        std::vector<int> ids;
        for (size_t i = 0; i < o.runs.size(); ++i)
            ids.push_back(i < o.run_unit.size() && o.run_unit[i] >= 0 ? o.run_unit[i] + int(units.size()) : -1);
        run_unit.insert(run_unit.begin() + long(at), ids.begin(), ids.end());
    }
    runs.insert(runs.begin() + long(at), moved.begin(), moved.end());
    if (right_part < runs.size()) right_part += moved.size();
    LineBox rest = o;
    rest.runs.clear();
    rest.run_unit.clear();
    // `rest` keeps o's units (its rules and links refer to them); the runs' ids above
    // already point at the same places, where append() adds them.
    append(rest, dx);
}

void LineBox::place(page::Page& page, float x, float baseline) const& {
    LineBox(*this).place(page, x, baseline);
}

void LineBox::place(page::Page& page, float x, float baseline) && {
    for (auto& r : runs) {
        r.x += x;
        r.y += baseline;
        page.add(std::move(r));
    }
    for (auto r : rules) {
        r.x += x;
        r.y += baseline;
        page.add(r);
    }
    for (auto& l : links) {
        l.x += x;
        l.y += baseline;
        page.add(std::move(l));
    }
}

void LineBox::make_unit() {
    Unit u{0, width};
    for (const auto& r : runs) {
        float w = 0;
        for (const auto& g : r.glyphs) w += g.advance;
        u.x0 = std::min(u.x0, r.x);
        u.x1 = std::max(u.x1, r.x + w);
    }
    for (const auto& r : rules) {
        u.x0 = std::min(u.x0, r.x);
        u.x1 = std::max(u.x1, r.x + r.width);
    }
    units.assign(1, u);
    run_unit.assign(runs.size(), 0);
    rule_unit.assign(rules.size(), 0);
    link_unit.assign(links.size(), 0);
}

}  // namespace cvpdf::layout
