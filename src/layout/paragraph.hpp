// Inline layout of one paragraph: styled text and inline boxes → words shaped with
// HarfBuzz (each distinct word once, via the shared cache) → boxes, glue and penalties →
// Knuth–Plass line breaking → positioned lines of glyph runs.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "layout/context.hpp"
#include "layout/line_box.hpp"
#include "linebreak/knuth_plass.hpp"
#include "style/markup.hpp"

namespace cvpdf::layout {

class Paragraph {
public:
    explicit Paragraph(Context& ctx) : ctx_(ctx), storing_(!ctx.paragraph_salt().empty()) {}

    // Text in one style; spaces separate words, U+00A0 binds them. Bidi controls in the text
    // (U+200E/U+200F marks, U+202A–U+202E embeddings, U+2066–U+2069 isolates) steer the
    // Unicode Bidirectional Algorithm and are neither drawn nor part of the extracted text.
    void add_text(std::string_view text, const InlineStyle& style);
    // Markup spans over a base style: bold/italic pick the face, links get the link style,
    // math is set with the math font.
    void add_spans(const std::vector<style::Span>& spans, const style::TextStyle& base);
    // Markup text (parsed by style::parse_inline) over a base style; warnings from a span
    // point at the span's place in the data.
    void add_markup(const model::Text& text, const style::TextStyle& base);
    // An unbreakable inline box (e.g. a formula), sitting on the baseline.
    void add_box(LineBox box);

    bool empty();
    // Break into lines of `width`: justified or ragged-right.
    std::vector<LineBox> layout(float width, bool justify);
    // Everything on one line at natural width (labels, dates, names).
    LineBox single_line();

private:
    // With a paragraph store (para_store.hpp), add_text and add_spans only note what they
    // were given, with the source position for warnings; the paragraph is set from these
    // notes only if the store has no lines for them.
    struct Added {
        enum Kind : uint8_t { Text, Spans, Markup } kind = Text;
        std::string text;
        model::Text markup;
        InlineStyle style;
        std::vector<style::Span> span_list;
        style::TextStyle base;
        SourcePos pos;
    };
    void set_text(std::string_view text, const InlineStyle& style);
    void put_box(LineBox box);
    void set_spans(const std::vector<style::Span>& spans, const style::TextStyle& base);
    void set_markup(const model::Text& text, const style::TextStyle& base);
    Added& note(Added::Kind kind, char tag);  // a new note, its tag begun in the key
    void build();  // sets what add_text/add_spans/add_markup noted
    std::vector<LineBox> set_lines(float width, bool justify);
    LineBox set_single_line();
    // The stored lines for `key`, their fonts entered into the document in the stored order.
    bool load_stored(std::string_view key, std::vector<LineBox>& out);
    void store(std::string key, const std::vector<const shape::Font*>& fonts, const std::vector<LineBox>& lines);

    struct Piece {
        enum Kind : uint8_t { Word, Space, Box, Break, Mark };  // Mark: a bidi control (not drawn)
        Kind kind = Word;
        uint16_t style = 0;
        const shape::Shaped* shaped = nullptr;  // Word: the whole word's shaping
        uint32_t g0 = 0, g1 = 0;                // Word: glyph range of this fragment
        uint32_t word = 0;                      // Word: offset of the whole word in text_ (Mark: of its UTF-8)
        uint32_t f0 = 0, f1 = 0;                // Word: fragment's byte range within the word
        uint32_t wlen = 0;                      // Word: length of the whole word
        bool hyphenatable = false;              // Word: dictionary hyphenation may split it
        bool mirrored = false;                  // Word: `shaped` is the mirrored character alone (rule L4)
        float width = 0;
        float penalty = 0;                      // Break: cost; width = hyphen to add if taken
        bool flagged = false;
        uint32_t box = 0;                       // Box: index into boxes_
    };
    struct SpaceGlyph {
        uint32_t gid = 0;
        float width = 0;
    };

    uint16_t style_index(const InlineStyle& st);
    void add_word(std::string_view word, uint16_t style);
    void add_mark(std::string_view control);
    void add_word_in(std::string_view word, uint16_t style, bool allow_fallback = false);
    bool fallback_split(std::string_view word, uint16_t style);
    void add_space(uint16_t style);
    void hyphen_breaks(std::string_view word, std::vector<uint32_t>& points) const;
    void hyphenate();
    std::vector<std::string_view> bidi_chunks() const;
    std::vector<uint8_t> bidi_levels_of_pieces() const;
    void split_bidi();
    void bidi_line(const std::vector<uint8_t>& levels, size_t first, size_t last, std::vector<float>& xs) const;
    linebreak::Result break_pieces(float width, bool justify, bool first_pass, std::vector<linebreak::Item>& items,
                                   std::vector<int32_t>& owner) const;
    LineBox assemble(size_t first, size_t last, const std::vector<float>& xs, bool hyphen_at_end);
    size_t trailing_punct_end(size_t last) const;

    Context& ctx_;
    std::vector<InlineStyle> styles_;
    std::vector<SpaceGlyph> spaces_;     // per style
    std::vector<Piece> pieces_;
    std::string text_;                   // source text of all words
    std::vector<LineBox> boxes_;         // a deque would allocate twice for every paragraph
    char32_t prev_char_ = 0;             // for quote direction across spans
    SourcePos pos_;                      // where the paragraph's text starts in the data
    bool storing_ = false;               // a paragraph store is on for this run
    bool storable_ = true;               // no box from outside, nothing forced an early build
    std::vector<Added> added_;          // not set yet
    int stored_empty_ = -1;              // empty() of the stored paragraph last used, until more is added
    std::string key_;                    // everything added, as the store's key
};

// Shape a short string in one style into a line box (no breaking).
LineBox set_line(Context& ctx, std::string_view text, const InlineStyle& style);

}  // namespace cvpdf::layout
