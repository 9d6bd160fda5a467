// Inline math: a formula tree (style::MathNode) → one unbreakable box on the text baseline,
// set in the layout's math font using its OpenType MATH constants and radical variants.
#pragma once
#include <vector>

#include "layout/context.hpp"
#include "layout/line_box.hpp"
#include "style/markup.hpp"

namespace cvpdf::layout {

// `text` supplies size and colour; upright function names use its regular face.
LineBox layout_math(Context& ctx, const std::vector<style::MathNode>& nodes, const InlineStyle& text);

}  // namespace cvpdf::layout
