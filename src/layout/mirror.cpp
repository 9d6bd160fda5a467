#include "layout/mirror.hpp"

namespace cvpdf::layout {
namespace {

// How far the item at [x, x + w] moves: by its unit's mirror shift, or its own.
float shift(const LineBox& b, const std::vector<int>& unit_of, size_t i, float x, float w, float span) {
    if (i < unit_of.size() && unit_of[i] >= 0 && size_t(unit_of[i]) < b.units.size()) {
        const auto& u = b.units[size_t(unit_of[i])];
        return span - u.x0 - u.x1;
    }
    return span - 2 * x - w;
}

}  // namespace

LineBox mirrored(const LineBox& box, float span) {
    LineBox m = box;
    for (size_t i = 0; i < m.runs.size(); ++i) {
        auto& r = m.runs[i];
        float w = 0;
        for (const auto& g : r.glyphs) w += g.advance;
        r.x += shift(box, box.run_unit, i, r.x, w, span);
    }
    for (size_t i = 0; i < m.rules.size(); ++i) {
        auto& r = m.rules[i];
        r.x += shift(box, box.rule_unit, i, r.x, r.width, span);
    }
    for (size_t i = 0; i < m.links.size(); ++i) {
        auto& l = m.links[i];
        l.x += shift(box, box.link_unit, i, l.x, l.width, span);
    }
    for (auto& u : m.units) u = {span - u.x1, span - u.x0};
    return m;
}

}  // namespace cvpdf::layout
