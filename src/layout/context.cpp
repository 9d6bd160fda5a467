#include "layout/context.hpp"

#include <algorithm>

namespace cvpdf::layout {

Context::Context(Resources& res, const style::LayoutSpec& spec, page::Document& doc)
    : res_(res), spec_(spec), doc_(doc) {
    faces_[0] = res.fonts.load(spec.fonts.regular);
    faces_[1] = res.fonts.load(spec.fonts.bold);
    faces_[2] = res.fonts.load(spec.fonts.italic);
    faces_[3] = res.fonts.load(spec.fonts.bold_italic);
    if (!spec.fonts.math.empty()) math_ = res.fonts.load(spec.fonts.math);
    if (!spec.fonts.icons.empty()) icons_ = res.fonts.load(spec.fonts.icons);
}

// Fonts are mapped when first needed and enter the document (and the PDF) only when a glyph
// is used.
const std::vector<const shape::Font*>& Context::fallback_fonts(style::Face face) const {
    auto& chain = fallback_[int(face)];
    if (!chain.empty()) return chain;
    for (const auto& fb : spec_.fonts.fallback) {
        const std::string& path = fb.face(face);
        auto it = std::find_if(fallback_owned_.begin(), fallback_owned_.end(),
                               [&](const auto& o) { return o->path() == path; });
        if (it == fallback_owned_.end()) it = fallback_owned_.insert(fallback_owned_.end(), res_.fonts.load(path));
        chain.push_back(it->get());
    }
    // The regular face and the math font close every chain: arrows, operators and Greek.
    chain.push_back(faces_[0].get());
    if (math_) chain.push_back(math_.get());
    return chain;
}

const shape::Font* Context::role_font(const std::string& path) const {
    for (const auto& f : role_fonts_)
        if (f->path() == path) return f.get();
    const auto& fonts = spec_.fonts;
    if (path.empty() || (path != fonts.name && path != fonts.heading && path != fonts.monospace)) return nullptr;
    role_fonts_.push_back(res_.fonts.load(path));
    return role_fonts_.back().get();
}

const shape::Font& Context::face(style::Face f) const { return *faces_[int(f)]; }

uint32_t Context::font_index(const shape::Font& font) {
    for (uint32_t i = 0; i < doc_.fonts.size(); ++i)
        if (doc_.fonts[i].owner.get() == &font) return i;
    // The document holds the font; its file is read only if the PDF writer needs the bytes.
    std::shared_ptr<const shape::Font> held = font.shared_from_this();
    page::FontResource r{font.path(), font.face_index(), {}, held, font.stamp()};
    r.load = [f = std::move(held)] { return f->data(); };
    doc_.fonts.push_back(std::move(r));
    return uint32_t(doc_.fonts.size() - 1);
}

InlineStyle Context::resolve(const style::TextStyle& ts) const { return resolve(ts, ts.face); }

InlineStyle Context::resolve(const style::TextStyle& ts, style::Face f) const {
    InlineStyle s;
    s.font = &face(f);
    s.face = f;
    if (!ts.font.empty())
        if (const shape::Font* rf = role_font(ts.font)) s.font = rf;
    s.size = ts.size;
    s.color = to_color(ts.color);
    s.features = spec_.body.features;
    if (ts.small_caps) s.features += ",smcp";
    if (ts.all_small_caps) s.features += ",smcp,c2sc";
    if (!ts.features.empty()) s.features += "," + ts.features;
    s.tracking = ts.tracking;
    // Small caps are set as whole words (TeX's practice; a hyphenated small-cap word looks broken).
    s.no_hyphenate = ts.small_caps || ts.all_small_caps;
    s.uppercase = ts.uppercase;
    return s;
}

}  // namespace cvpdf::layout
