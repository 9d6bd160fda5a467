// Right-to-left pages: "mirror the frame, not the text". A CV is laid out as for a
// left-to-right page, every paragraph already in right-to-left visual order (bidi with base
// level 1, rule L2, per line); then the page's *units* are mirrored horizontally inside
// their column — each line's content as a whole, each label, each date or location, each
// rule and tint — and the columns inside the text area: x' = left + right - x - width.
// Glyph runs inside a unit keep their relative places, so the bidi order of a line made of
// several runs survives; links move with their text; drawing (reading) order, structure
// tags and /ActualText are untouched.
#pragma once
#include "layout/line_box.hpp"

namespace cvpdf::layout {

// `box` with each unit (LineBox::units, or an item that has none) mirrored within
// [0, span] of the box's own coordinates: a unit spanning [x0, x1] moves to
// [span - x1, span - x0]. For a box at x inside a column w wide, span = w - 2x mirrors
// the unit within the column.
LineBox mirrored(const LineBox& box, float span);

// The left edge of an interval [x, x + width] mirrored within [left, right].
inline float mirror_x(float x, float width, float left, float right) { return left + right - x - width; }

}  // namespace cvpdf::layout
