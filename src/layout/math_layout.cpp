#include "layout/math_layout.hpp"

#include <hb-ot.h>
#include <hb.h>

#include <algorithm>

namespace cvpdf::layout {
namespace {

using style::MathNode;

class MathSetter {
public:
    MathSetter(Context& ctx, const InlineStyle& text) : ctx_(ctx), text_(text) {
        font_ = ctx.math_font() ? ctx.math_font() : text.font;
        // Match the math font's x-height to the text's so letters in $N$ sit level with
        // the words around them (Latin Modern is smaller on the body than most text faces).
        float ratio = text.font->x_height() / font_->x_height();
        scale_ = std::clamp(ratio, 0.9f, 1.25f);
    }

    LineBox set(const std::vector<MathNode>& nodes, float size, int depth) {
        LineBox box;
        float x = 0;
        for (size_t i = 0; i < nodes.size(); ++i) {
            const MathNode& n = nodes[i];
            LineBox part;
            float before = 0, after = 0;
            switch (n.kind) {
                case MathNode::Kind::Symbol: part = glyphs(*font_, n.text, size * scale_); break;
                case MathNode::Kind::Operator:
                    part = glyphs(*font_, n.text, size * scale_);
                    // TeX's medium space around binary operators and relations, dropped in scripts.
                    if (depth == 0 && i > 0) before = after = size * 4.0f / 18;
                    break;
                case MathNode::Kind::Function:
                    part = glyphs(ctx_.face(style::Face::Regular), n.text, size);
                    if (i + 1 < nodes.size()) after = size / 6;  // thin space, as \log x
                    break;
                case MathNode::Kind::Group: part = set(n.children, size, depth); break;
                case MathNode::Kind::Sqrt: part = radical(n.children, size, depth); break;
                case MathNode::Kind::Scripts: part = scripts(n, size, depth); break;
            }
            x += before;
            box.append(part, x);
            box.ascent = std::max(box.ascent, part.ascent);
            box.descent = std::max(box.descent, part.descent);
            x += part.width + after;
        }
        box.width = x;
        return box;
    }

private:
    LineBox glyphs(const shape::Font& font, const std::string& text, float size) {
        LineBox box;
        const auto& sh = ctx_.shaper().shape_cached(font, text, size, {"kern"}, "en");
        if (sh.has_notdef) ctx_.warn("math: no glyph for '" + text + "' in " + font.path());
        page::GlyphRun run;
        run.font = ctx_.font_index(font);
        run.size = size;
        run.color = text_.color;
        run.text = text;
        run.glyphs.reserve(sh.glyphs.size());
        float top = 0, bottom = 0;
        for (const auto& g : sh.glyphs) {
            run.glyphs.push_back({g.gid, g.advance, g.dx, g.dy, g.cluster});
            float t, b;
            font.glyph_extents(g.gid, t, b);
            top = std::max(top, t * size + g.dy);
            bottom = std::max(bottom, b * size - g.dy);
        }
        box.width = sh.width;
        box.ascent = std::max(top, size * 0.45f);
        box.descent = std::max(bottom, 0.0f);
        box.runs.push_back(std::move(run));
        return box;
    }

    LineBox radical(const std::vector<MathNode>& body, float size, int depth) {
        const float s = size * scale_;
        LineBox inner = set(body, size, depth);
        const float rule = std::max(0.3f, font_->math_constant(HB_OT_MATH_CONSTANT_RADICAL_RULE_THICKNESS, 0.04f) * s);
        const float gap = font_->math_constant(HB_OT_MATH_CONSTANT_RADICAL_VERTICAL_GAP, 0.05f) * s;
        const float extra = font_->math_constant(HB_OT_MATH_CONSTANT_RADICAL_EXTRA_ASCENDER, 0.04f) * s;
        const float need = inner.ascent + inner.descent + gap + rule;

        // The smallest radical variant tall enough for the radicand (MATH table MathVariants).
        const uint32_t gid = font_->nominal_glyph(0x221A);
        uint32_t best = gid;
        for (uint32_t variant : font_->vertical_variants(gid)) {
            float t, b;
            font_->glyph_extents(variant, t, b);
            best = variant;
            if ((t + b) * s >= need) break;
        }
        float gtop, gbottom;
        font_->glyph_extents(best, gtop, gbottom);
        const float advance = font_->advance(best) * s;

        LineBox box;
        const float rule_top = -(inner.ascent + gap + rule);  // y grows downwards
        page::GlyphRun run;
        run.font = ctx_.font_index(*font_);
        run.size = s;
        run.color = text_.color;
        run.text = "\u221A";
        run.y = rule_top + gtop * s;  // the glyph's top meets the overbar's top
        run.glyphs.push_back({best, advance, 0, 0, 0});
        box.runs.push_back(std::move(run));
        box.append(inner, advance);
        box.rules.push_back({advance, rule_top, inner.width, rule, text_.color});
        box.width = advance + inner.width;
        box.ascent = -rule_top + extra;
        box.descent = std::max({inner.descent, rule_top + gtop * s + gbottom * s, 0.0f});
        return box;
    }

    LineBox scripts(const MathNode& n, float size, int depth) {
        LineBox base = n.children.empty() ? LineBox{} : set(n.children, size, depth);
        const float s = size * scale_;
        // ScriptPercentScaleDown is a percentage, not a length: undo math_constant's em scaling.
        const float pct = font_->math_constant(HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN, 0) * font_->units_per_em();
        const float script = size * (pct > 0 ? pct / 100 : 0.7f);
        LineBox box;
        box.append(base, 0);
        box.ascent = base.ascent;
        box.descent = base.descent;
        float w = 0;
        if (!n.sup.empty()) {
            LineBox sup = set(n.sup, script, depth + 1);
            float up = std::max(font_->math_constant(HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP, 0.36f) * s,
                                base.ascent - sup.ascent * 0.5f);
            box.append(sup, base.width, -up);
            box.ascent = std::max(box.ascent, up + sup.ascent);
            w = std::max(w, sup.width);
        }
        if (!n.sub.empty()) {
            LineBox sub = set(n.sub, script, depth + 1);
            float down = font_->math_constant(HB_OT_MATH_CONSTANT_SUBSCRIPT_SHIFT_DOWN, 0.2f) * s;
            box.append(sub, base.width, down);
            box.descent = std::max(box.descent, down + sub.descent);
            w = std::max(w, sub.width);
        }
        box.width = base.width + w + size * 0.05f;
        return box;
    }

    Context& ctx_;
    const InlineStyle& text_;
    const shape::Font* font_;
    float scale_ = 1;
};

}  // namespace

LineBox layout_math(Context& ctx, const std::vector<MathNode>& nodes, const InlineStyle& text) {
    MathSetter m(ctx, text);
    LineBox box = m.set(nodes, text.size, 0);
    box.ascent = std::max(box.ascent, text.size * 0.75f);
    box.descent = std::max(box.descent, text.size * 0.25f);
    box.top = box.ascent;
    return box;
}

}  // namespace cvpdf::layout
