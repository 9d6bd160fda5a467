#include "layout/context.hpp"

#include <algorithm>

#include "base/build_id.hpp"

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
    if (font_log_) font_log_->note(&font);
    for (uint32_t i = 0; i < doc_.fonts.size(); ++i)
        if (doc_.fonts[i].owner.get() == &font) return i;
    // The document holds the font; its file is read only if the PDF writer needs the bytes.
    std::shared_ptr<const shape::Font> held = font.shared_from_this();
    page::FontResource r{font.path(), font.face_index(), {}, held, font.stamp()};
    r.load = [f = std::move(held)] { return f->data(); };
    doc_.fonts.push_back(std::move(r));
    return uint32_t(doc_.fonts.size() - 1);
}

const shape::Font& Context::doc_font(uint32_t index) const {
    return *static_cast<const shape::Font*>(doc_.fonts.at(index).owner.get());
}

void Context::FontLog::note(const shape::Font* f) {
    if (std::find(fonts_.begin(), fonts_.end(), f) == fonts_.end()) fonts_.push_back(f);
}

Context::FontLog::~FontLog() {
    ctx_.font_log_ = outer_;
    if (outer_)
        for (const shape::Font* f : fonts_) outer_->note(f);
}

const std::string& Context::paragraph_salt() {
    if (para_salt_made_) return para_salt_;
    para_salt_made_ = true;
    if (!res_.paragraphs.enabled() || spec_.fingerprint.empty()) return para_salt_;
    // This very build: a rebuilt cvpdf may set paragraphs differently. Without one, nothing.
    const std::string& build = program_build_id();
    if (build.empty()) return para_salt_;
    // The first line names the file (kv_store.hpp), and a new file replaces the files of
    // the same name: one paragraph file at a time, whatever the layout, so that trying many
    // layouts or --set values does not pile up files (each such change misses anyway).
    std::string s = "cvpdf paragraphs\nlayout " + spec_.fingerprint + "\nbuild " + build + "\n";
    for (const auto& f : faces_) s += f->stamp() + "\n";
    for (const auto* f : {&math_, &icons_}) s += (*f ? (*f)->stamp() : std::string("-")) + "\n";
    // Fonts loaded only when needed: their files as they are now.
    auto file = [&](const std::string& path) { s += (path.empty() ? std::string("-") : shape::font_stamp(path, 0)) + "\n"; };
    const auto& fonts = spec_.fonts;
    file(fonts.name), file(fonts.heading), file(fonts.monospace);
    for (const auto& fb : fonts.fallback) file(fb.regular), file(fb.bold), file(fb.italic), file(fb.bold_italic);
    if (spec_.body.hyphenate) {
        const linebreak::Hyphenator* h = hyphenator();
        s += h ? h->dictionary_stamp() : std::string("no dictionary");
    }
    para_salt_ = std::move(s);
    return para_salt_;
}

const shape::Font* Context::stored_font(const StoredParagraph::FontRef& ref) {
    for (const auto& f : stored_fonts_)
        if (f->path() == ref.path && f->face_index() == ref.face_index) return f->stamp() == ref.stamp ? f.get() : nullptr;
    std::shared_ptr<const shape::Font> f;
    try {
        f = res_.fonts.load(ref.path, ref.face_index);
    } catch (const std::exception&) {
        return nullptr;
    }
    if (!f || f->stamp() != ref.stamp) return nullptr;
    stored_fonts_.push_back(f);
    return f.get();
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
