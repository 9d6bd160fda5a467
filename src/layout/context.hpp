// What one layout run needs: the spec, fonts (registered into the document on first use),
// the shared shaper, hyphenation, and a sink for warnings.
#pragma once
#include <memory>
#include <tuple>
#include <string>
#include <vector>

#include "layout/para_store.hpp"
#include "linebreak/hyphenate.hpp"
#include "page/page.hpp"
#include "shape/font.hpp"
#include "shape/shaper.hpp"
#include "style/layout_spec.hpp"

namespace cvpdf::layout {

// Shared by every job in a process (thread-safe): fonts load once, words shape once.
struct Resources {
    shape::FontCache fonts;
    shape::Shaper shaper;
    // Off unless use_paragraph_store() is called: a batch of distinct CVs would only grow it.
    ParaStore paragraphs;
    // Keeps fonts' facts and shaped words in `dir` between runs (font.hpp, shape_store.hpp).
    void use_stores(const std::filesystem::path& dir) {
        fonts.use_store(dir);
        shaper.use_store(dir);
    }
    // Keeps laid-out paragraphs in `dir` too (para_store.hpp): for re-rendering one CV.
    void use_paragraph_store(const std::filesystem::path& dir) { paragraphs.use_store(dir); }
    // Writes what this process learnt into the stores: the images written.
    size_t save_stores() { return fonts.save_store() + shaper.save_store() + paragraphs.save(); }
};

// A resolved text style: a concrete font and everything shaping needs.
struct InlineStyle {
    const shape::Font* font = nullptr;
    float size = 10;
    page::Color color;
    std::string features;  // full OpenType feature string
    style::Face face = style::Face::Regular;  // the face asked for (picks the fallback fonts)
    float tracking = 0;
    bool uppercase = false;
    bool underline = false;
    std::string link;      // URI when this text is a link
    bool no_hyphenate = false;

    // Links get runs of their own so the tagged structure can give them a Link element.
    bool same_run(const InlineStyle& o) const {
        return font == o.font && size == o.size && color == o.color && link == o.link;
    }
};

class Context {
public:
    Context(Resources& res, const style::LayoutSpec& spec, page::Document& doc);

    const style::LayoutSpec& spec() const { return spec_; }
    shape::Shaper& shaper() { return res_.shaper; }
    const shape::Font& face(style::Face f) const;
    const shape::Font* math_font() const { return math_.get(); }
    // Fonts tried, in order, for characters a style's own font lacks: each fallback entry's
    // font for `face` (bold text falls back to bold Hebrew), then the regular and math fonts.
    // Loaded when a character first needs them: most CVs never do.
    const std::vector<const shape::Font*>& fallback_fonts(style::Face face = style::Face::Regular) const;
    // A font a style names by file (the name, heading and monospace role fonts); loaded on
    // first use, nullptr for a file that is not one of them.
    const shape::Font* role_font(const std::string& path) const;
    const shape::Font* monospace_font() const { return role_font(spec_.fonts.monospace); }
    const shape::Font& icon_font() const { return icons_ ? *icons_ : *faces_[0]; }
    // Loaded on first use: most paragraphs set well without hyphenation, and loading a
    // dictionary is the largest single cost of a cold render.
    const linebreak::Hyphenator* hyphenator() const {
        if (!hyph_loaded_ && spec_.body.hyphenate) hyph_ = linebreak::Hyphenator::for_language(spec_.body.language);
        hyph_loaded_ = true;
        return hyph_.get();
    }
    // Index of `font` in the document's font list, adding it on first use.
    uint32_t font_index(const shape::Font& font);
    // The font behind a document font index that font_index() gave.
    const shape::Font& doc_font(uint32_t index) const;
    // A paragraph being set notes here, in order, the fonts it asks font_index() for (a
    // paragraph set inside it passes its own on when done).
    class FontLog {
    public:
        explicit FontLog(Context& ctx) : ctx_(ctx), outer_(ctx.font_log_) { ctx.font_log_ = this; }
        ~FontLog();
        FontLog(const FontLog&) = delete;
        FontLog& operator=(const FontLog&) = delete;
        const std::vector<const shape::Font*>& fonts() const { return fonts_; }
        void note(const shape::Font* f);

    private:
        Context& ctx_;
        FontLog* outer_;
        std::vector<const shape::Font*> fonts_;
    };
    // The stored paragraphs' salt for this run (para_store.hpp): the layout's fingerprint, the
    // program, the stamps of every font the layout may use and of the hyphenation dictionary.
    // Empty (nothing stored or found) without a paragraph store or a fingerprint.
    const std::string& paragraph_salt();
    ParaStore& paragraph_store() { return res_.paragraphs; }
    // A font of the store's list: loaded, and still the file it was (same stamp); else nullptr.
    const shape::Font* stored_font(const StoredParagraph::FontRef& ref);
    InlineStyle resolve(const style::TextStyle& ts) const;
    InlineStyle resolve(const style::TextStyle& ts, style::Face face) const;
    // A structure element for tagged PDF (see page::Document::structure).
    int elem(const char* type, int parent, std::string title = {}) { return doc_.add_elem(type, parent, std::move(title)); }
    // The Link element for `uri` under `parent`, made on first use (a link wrapped over two
    // lines is one element).
    int link_elem(const std::string& uri, int parent) {
        for (const auto& [u, p, e] : links_)
            if (u == uri && p == parent) return e;
        int e = elem("Link", parent);
        doc_.structure[e].alt = uri;
        links_.push_back({uri, parent, e});
        return e;
    }
    // A warning at `pos` (where in the data the text came from), or at the current source
    // position set by the paragraph being built.
    void warn(std::string message) { warnings_.push_back({source_pos_, std::move(message)}); }
    void set_source(const SourcePos& pos) { source_pos_ = pos; }
    const SourcePos& source() const { return source_pos_; }
    const std::vector<std::pair<SourcePos, std::string>>& warnings() const { return warnings_; }
    size_t warning_count() const { return warnings_.size(); }

private:
    Resources& res_;
    const style::LayoutSpec& spec_;
    page::Document& doc_;
    std::shared_ptr<const shape::Font> faces_[4];
    std::shared_ptr<const shape::Font> math_, icons_;
    mutable std::vector<std::shared_ptr<const shape::Font>> role_fonts_;  // those used so far
    mutable std::shared_ptr<const linebreak::Hyphenator> hyph_;
    mutable bool hyph_loaded_ = false;
    std::vector<std::pair<SourcePos, std::string>> warnings_;
    SourcePos source_pos_;
    std::vector<std::tuple<std::string, int, int>> links_;
    mutable std::vector<std::shared_ptr<const shape::Font>> fallback_owned_;
    mutable std::vector<const shape::Font*> fallback_[4];  // per face; empty until first asked for
    FontLog* font_log_ = nullptr;
    std::string para_salt_;
    bool para_salt_made_ = false;
    std::vector<std::shared_ptr<const shape::Font>> stored_fonts_;  // loaded for stored paragraphs
};

inline page::Color to_color(const style::Rgb& c) { return {c.r, c.g, c.b}; }

}  // namespace cvpdf::layout
