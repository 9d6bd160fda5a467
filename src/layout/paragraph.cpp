#include "layout/paragraph.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

#include "base/byte_reader.hpp"
#include "base/text.hpp"
#include "layout/bidi.hpp"
#include "layout/math_layout.hpp"
#include "layout/text_util.hpp"
#include "linebreak/items.hpp"

namespace cvpdf::layout {
namespace {

using linebreak::kExplicitHyphenPenalty;
using linebreak::kHyphenPenalty;
// A break after '/' (in "software/hardware" or a URL) is legal but looks worse than a hyphen.
constexpr float kSlashPenalty = 150;
// Shortest letter run worth hyphenating (TeX needs left+right minimum = 5).
constexpr size_t kMinHyphenWord = 5;

// Nominal line extents as fractions of the size: enough for ascenders and descenders of
// Latin text without letting accents push lines apart.
constexpr float kAscent = 0.75f, kDescent = 0.25f;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// U+200E LRM, U+200F RLM, U+202A–U+202E (embeddings, overrides, PDF), U+2066–U+2069 (LRI,
// RLI, FSI, PDI) at the start of `s`: all three bytes in UTF-8, E2 80 xx or E2 81 xx.
bool is_bidi_control(std::string_view s) {
    if (s.size() < 3 || s[0] != '\xE2') return false;
    const unsigned char b1 = static_cast<unsigned char>(s[1]), b2 = static_cast<unsigned char>(s[2]);
    if (b1 == 0x80) return b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE);
    return b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9;
}

// Punctuation that closes what comes before it: for text extraction it stays with the word
// it follows ("rematerialization," when that word is hyphenated at a line end).
bool is_closing_punct(char32_t c) {
    switch (c) {
        case ',': case '.': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
        case '"': case '\'':
        case 0x2019: case 0x201D: case 0x00BB: case 0x203A: case 0x2026:  // ’ ” » › …
            return true;
        default: return false;
    }
}

// After bidi reordering the logically last word need not be the rightmost: the line is as
// wide as its rightmost item (its unit for mirroring too).
void fit_width(LineBox& lb) {
    for (const auto& r : lb.runs) {
        float w = 0;
        for (const auto& g : r.glyphs) w += g.advance;
        lb.width = std::max(lb.width, r.x + w);
    }
    lb.make_unit();
}

}  // namespace

uint16_t Paragraph::style_index(const InlineStyle& st) {
    for (size_t i = 0; i < styles_.size(); ++i) {
        const InlineStyle& s = styles_[i];
        if (s.font == st.font && s.size == st.size && s.color == st.color && s.features == st.features &&
            s.tracking == st.tracking && s.uppercase == st.uppercase && s.link == st.link &&
            s.underline == st.underline && s.no_hyphenate == st.no_hyphenate && s.face == st.face)
            return uint16_t(i);
    }
    styles_.push_back(st);
    const auto& sp = ctx_.shaper().shape_cached(*st.font, " ", st.size, {st.features}, ctx_.spec().body.language);
    SpaceGlyph g;
    if (sp.glyphs.size() == 1) g = {sp.glyphs[0].gid, sp.glyphs[0].advance};
    else g = {0, st.size * 0.25f};
    spaces_.push_back(g);
    return uint16_t(styles_.size() - 1);
}

void Paragraph::set_text(std::string_view text, const InlineStyle& style) {
    if (pieces_.empty()) pos_ = ctx_.source();
    uint16_t si = style_index(style);
    std::string upper;
    if (style.uppercase) {
        upper = to_upper(text);
        text = upper;
    }
    // About a word and a space per six bytes of text; growing geometrically still, so that
    // many short spans do not reallocate each time.
    if (const size_t want = pieces_.size() + text.size() / 3 + 2; want > pieces_.capacity())
        pieces_.reserve(std::max(want, 2 * pieces_.capacity()));
    size_t i = 0;
    while (i < text.size()) {
        if (is_space(text[i])) {
            add_space(si);
            while (i < text.size() && is_space(text[i])) ++i;
            continue;
        }
        size_t j = i;
        while (j < text.size() && !is_space(text[j])) ++j;
        // Bidi controls split the word: the letters around them are words without glue between.
        size_t w = i;
        for (size_t k = i; k < j; ++k) {
            if (!is_bidi_control(text.substr(k, 3))) continue;
            if (k > w) add_word(text.substr(w, k - w), si);
            add_mark(text.substr(k, 3));
            w = k + 3;
            k += 2;
        }
        if (j > w) add_word(text.substr(w, j - w), si);
        i = j;
    }
}

// A bidi control for the algorithm only: it takes no room, draws nothing and extracts as
// nothing (its bytes are kept in text_ for bidi_chunks()).
void Paragraph::add_mark(std::string_view control) {
    Piece p;
    p.kind = Piece::Mark;
    p.word = uint32_t(text_.size());
    p.wlen = uint32_t(control.size());
    text_.append(control);
    pieces_.push_back(p);
}

// Characters the style's font lacks are set in the first font of the fallback chain of the
// style's face (bold text in the entries' bold fonts) that has them; a character no font
// has is warned about by name and code point, never dropped silently. Returns false when
// the whole word stays in its own font.
bool Paragraph::fallback_split(std::string_view word, uint16_t si) {
    const InlineStyle st = styles_[si];
    std::vector<const shape::Font*> chain{st.font};
    for (const shape::Font* f : ctx_.fallback_fonts(st.face))
        if (f != st.font) chain.push_back(f);
    struct Seg {
        size_t begin;
        const shape::Font* font;
    };
    std::vector<Seg> segs;
    for (size_t i = 0; i < word.size();) {
        size_t len = 1;
        while (i + len < word.size() && (static_cast<unsigned char>(word[i + len]) & 0xC0) == 0x80) ++len;
        char32_t cp = decode_at(word, i);
        const shape::Font* f = nullptr;
        for (const shape::Font* c : chain)
            if (c->has_codepoint(cp)) {
                f = c;
                break;
            }
        if (!f) {
            ctx_.warn("no font has " + describe_char(word, i) + " (font " + st.font->path() + " and its fallbacks)");
            f = st.font;
        }
        if (segs.empty() || segs.back().font != f) segs.push_back({i, f});
        i += len;
    }
    if (segs.size() == 1 && segs[0].font == st.font) return false;
    for (size_t k = 0; k < segs.size(); ++k) {
        size_t end = k + 1 < segs.size() ? segs[k + 1].begin : word.size();
        InlineStyle fs = st;
        fs.font = segs[k].font;
        if (fs.font != st.font) fs.features = "kern";
        add_word_in(word.substr(segs[k].begin, end - segs[k].begin), style_index(fs));
    }
    return true;
}

void Paragraph::add_space(uint16_t style) {
    if (pieces_.empty() || pieces_.back().kind == Piece::Space) return;
    Piece p;
    p.kind = Piece::Space;
    p.style = style;
    p.width = spaces_[style].width;
    pieces_.push_back(p);
}

void Paragraph::hyphen_breaks(std::string_view word, std::vector<uint32_t>& points) const {
    const linebreak::Hyphenator* hy = ctx_.hyphenator();
    if (!hy) return;
    // Hyphenate each run of letters on its own ("memory-constrained" → two runs).
    size_t i = 0;
    while (i < word.size()) {
        while (i < word.size() && !is_letter_byte(word[i])) ++i;
        size_t j = i;
        while (j < word.size() && is_letter_byte(word[j])) ++j;
        std::string_view run = word.substr(i, j - i);
        if (utf8_length(run) >= kMinHyphenWord && !has_inner_capital(run)) {
            for (size_t p : hy->points(run)) points.push_back(uint32_t(i + p));
        }
        i = j;
    }
}

void Paragraph::add_word(std::string_view word, uint16_t si) { add_word_in(word, si, true); }

void Paragraph::add_word_in(std::string_view word_in, uint16_t si, bool allow_fallback) {
    // A pointer, not a copy per word; fallback_split may add styles, so it is taken again.
    const InlineStyle* st = &styles_[si];
    // Soft hyphens (U+00AD) in the data are the only places such a word may break, as TeX's \-.
    std::string without_shy;
    std::vector<uint32_t> soft;
    if (word_in.find("\xC2\xAD") != std::string_view::npos) {
        for (size_t k = 0; k < word_in.size(); ++k) {
            if (k + 1 < word_in.size() && word_in[k] == '\xC2' && word_in[k + 1] == '\xAD') {
                soft.push_back(uint32_t(without_shy.size()));
                ++k;
            } else {
                without_shy += word_in[k];
            }
        }
    }
    std::string_view word = soft.empty() ? word_in : std::string_view(without_shy);
    auto& shaper = ctx_.shaper();
    const std::string& lang = ctx_.spec().body.language;
    const shape::Shaped& sh = shaper.shape_cached(*st->font, word, st->size, {st->features}, lang, st->tracking);
    if (sh.has_notdef && allow_fallback && fallback_split(word, si)) return;
    st = &styles_[si];
    uint32_t word_off = uint32_t(text_.size());
    text_.append(word);

    // Break opportunities inside the word, as byte offsets where the second part starts.
    struct Opp {
        uint32_t at;
        float penalty;
        bool hyphen;   // add a hyphen glyph when broken here
        bool flagged;  // hyphen-like, for TeX's double-hyphen demerits
    };
    std::vector<Opp> opps;
    const bool url = !st->link.empty();
    for (size_t k = 1; k + 1 < word.size(); ++k) {
        const char c = word[k];
        if (c == '-' && is_letter_byte(word[k - 1]) && is_letter_byte(word[k + 1]))
            opps.push_back({uint32_t(k + 1), kExplicitHyphenPenalty, false, true});
        else if (c == '/' && word[k + 1] != '/' && word[k - 1] != '/')
            opps.push_back({uint32_t(k + 1), kSlashPenalty, false, false});
        else if (url && (c == '.' || c == '-' || c == '?' || c == '&' || c == '=' || c == '_' || c == '#'))
            // A long URL may break after its punctuation, never with an added hyphen.
            opps.push_back({uint32_t(k + 1), kSlashPenalty, false, false});
    }
    if (!soft.empty()) {
        for (uint32_t p : soft)
            if (p > 0 && p < word.size()) opps.push_back({p, kHyphenPenalty, true, true});
    }
    // Dictionary hyphenation is deferred to layout(), and done only when a paragraph
    // cannot be set well without it (TeX's \pretolerance pass).
    const bool hyphenatable = soft.empty() && !st->no_hyphenate && st->link.empty() && st->tracking == 0;
    std::sort(opps.begin(), opps.end(), [](const Opp& a, const Opp& b) { return a.at < b.at; });

    float hyphen_w = 0;
    if (!opps.empty()) hyphen_w = shaper.shape_cached(*st->font, "-", st->size, {st->features}, lang).width;

    uint32_t g = 0, f = 0;
    const uint32_t n = uint32_t(sh.glyphs.size());
    auto emit = [&](uint32_t g_end, uint32_t f_end) {
        Piece p;
        p.kind = Piece::Word;
        p.style = si;
        p.shaped = &sh;
        p.g0 = g;
        p.g1 = g_end;
        p.word = word_off;
        p.f0 = f;
        p.f1 = f_end;
        p.wlen = uint32_t(word.size());
        p.hyphenatable = hyphenatable;
        for (uint32_t k = g; k < g_end; ++k) p.width += sh.glyphs[k].advance;
        pieces_.push_back(p);
        g = g_end;
        f = f_end;
    };
    for (const Opp& o : opps) {
        // Split only where a glyph starts exactly at the break: never inside a ligature.
        uint32_t k = g;
        while (k < n && sh.glyphs[k].cluster < o.at) ++k;
        if (k == g || k >= n || sh.glyphs[k].cluster != o.at) continue;
        emit(k, o.at);
        Piece b;
        b.kind = Piece::Break;
        b.style = si;
        b.width = o.hyphen ? hyphen_w : 0;
        b.penalty = o.penalty;
        b.flagged = o.flagged;
        pieces_.push_back(b);
    }
    emit(n, uint32_t(word.size()));
}

void Paragraph::put_box(LineBox box) {
    Piece p;
    p.kind = Piece::Box;
    p.width = box.width;
    p.box = uint32_t(boxes_.size());
    boxes_.push_back(std::move(box));
    pieces_.push_back(p);
}

void Paragraph::set_spans(const std::vector<style::Span>& spans, const style::TextStyle& base) {
    const auto& spec = ctx_.spec();
    for (const auto& sp : spans) {
        style::Face face = base.face;
        bool bold = sp.bold || face == style::Face::Bold || face == style::Face::BoldItalic;
        bool italic = sp.italic != (face == style::Face::Italic || face == style::Face::BoldItalic);
        face = bold ? (italic ? style::Face::BoldItalic : style::Face::Bold)
                    : (italic ? style::Face::Italic : style::Face::Regular);
        InlineStyle st = ctx_.resolve(base, face);
        if (!sp.link.empty()) {
            st.link = sp.link;
            st.color = to_color(spec.links.color);
            st.underline = spec.links.underline;
        }
        if (sp.code) {
            if (const shape::Font* mono = ctx_.monospace_font()) {
                st.font = mono;
                st.features = "kern";
            }
            st.no_hyphenate = true;
            set_text(sp.text, st);
        } else if (sp.math) {
            put_box(layout_math(ctx_, sp.math_nodes, st));
            prev_char_ = 'x';  // a quote right after a formula closes
        } else {
            const auto& body = spec.body;
            if (body.smart_quotes || body.tex_dashes)
                set_text(typographic(sp.text, body.tex_dashes, body.smart_quotes, prev_char_), st);
            else
                set_text(sp.text, st);
        }
    }
}

LineBox Paragraph::assemble(size_t first, size_t last, const std::vector<float>& xs, bool hyphen_at_end) {
    LineBox lb;
    page::GlyphRun* cur = nullptr;
    int cur_style = -1;
    float cur_end = 0;
    bool space_pending = false;
    auto& shaper = ctx_.shaper();
    const std::string& lang = ctx_.spec().body.language;

    // Links: contiguous pieces with the same URI make one clickable rectangle per line.
    std::string link;
    float link_x0 = 0, link_x1 = 0;
    auto close_link = [&]() {
        if (link.empty()) return;
        lb.links.push_back({link_x0, 0, link_x1 - link_x0, 0, link});
        link.clear();
    };

    auto add_space_glyph = [&](float x) {
        if (cur && space_pending && spaces_[cur_style].gid != 0 && x > cur_end) {
            cur->glyphs.push_back({spaces_[cur_style].gid, x - cur_end, 0, 0, uint32_t(cur->text.size())});
            cur->text += ' ';
            cur_end = x;
        }
    };

    // Where each word fragment's glyphs went, to mark words broken across lines.
    struct Placed {
        size_t piece, run;
        uint32_t g0, g1;
    };
    std::vector<Placed> placed;
    // A run's glyphs and text are reserved when it starts, for the words of its style that
    // follow it on the line (one allocation each, not a doubling every few glyphs): summed
    // here from the line's end. Spaces and a final hyphen add a glyph and a byte each.
    struct Ahead {
        uint32_t glyphs = 0, bytes = 0;
    };
    thread_local std::vector<Ahead> ahead;
    const size_t end = std::min(last + 1, pieces_.size());
    ahead.assign(end > first ? end - first : 0, {});
    size_t words = 0;
    for (size_t i = end, next = 0; i-- > first;) {
        const Piece& p = pieces_[i];
        if (p.kind == Piece::Box) next = 0;
        if (p.kind != Piece::Word) continue;
        ++words;
        Ahead& a = ahead[i - first];
        a = {p.g1 - p.g0 + 1, p.f1 - p.f0 + 1};
        if (next && styles_[pieces_[next].style].same_run(styles_[p.style])) {
            a.glyphs += ahead[next - first].glyphs;
            a.bytes += ahead[next - first].bytes;
        } else {
            a.glyphs += 1, a.bytes += 1;  // a hyphen
        }
        next = i;
    }
    placed.reserve(words);
    int last_word_style = -1;
    for (size_t i = first; i <= last && i < pieces_.size(); ++i) {
        const Piece& p = pieces_[i];
        if (p.kind == Piece::Space) {
            if (cur || !lb.empty()) space_pending = true;
            continue;
        }
        if (p.kind == Piece::Break || p.kind == Piece::Mark) continue;
        const float x = xs[i];
        const InlineStyle* st = p.kind == Piece::Word ? &styles_[p.style] : nullptr;
        std::string_view plink = st ? std::string_view(st->link) : std::string_view();
        if (plink != link) {
            close_link();
            if (!plink.empty()) link = plink, link_x0 = x;
        }
        if (p.kind == Piece::Box) {
            add_space_glyph(x);
            cur = nullptr;
            space_pending = false;
            const LineBox& b = boxes_[p.box];
            lb.append(b, x);
            lb.grow(b);
            continue;
        }
        add_space_glyph(x);
        if (!cur || !styles_[cur_style].same_run(*st) || std::fabs(x - cur_end) > 0.01f) {
            lb.runs.emplace_back();
            cur = &lb.runs.back();
            cur_style = p.style;
            cur->font = ctx_.font_index(*st->font);
            cur->size = st->size;
            cur->color = st->color;
            cur->x = x;
            cur->y = 0;
            cur->glyphs.reserve(ahead[i - first].glyphs);
            cur->text.reserve(ahead[i - first].bytes);
        }
        space_pending = false;
        const uint32_t base = uint32_t(cur->text.size());
        placed.push_back({i, lb.runs.size() - 1, uint32_t(cur->glyphs.size()), 0});
        cur->text.append(text_, p.word + p.f0, p.f1 - p.f0);
        for (uint32_t k = p.g0; k < p.g1; ++k) {
            const auto& g = p.shaped->glyphs[k];
            cur->glyphs.push_back({g.gid, g.advance, g.dx, g.dy, base + (p.mirrored ? 0 : g.cluster - p.f0)});
        }
        placed.back().g1 = uint32_t(cur->glyphs.size());
        cur_end = x + p.width;
        link_x1 = cur_end;
        last_word_style = p.style;
        lb.ascent = std::max(lb.ascent, st->size * kAscent);
        lb.top = std::max(lb.top, st->size * st->font->ascender());
        lb.descent = std::max(lb.descent, st->size * kDescent);
        if (st->underline) {
            float t = std::max(0.4f, st->font->underline_thickness() * st->size);
            lb.rules.push_back({x, st->size * 0.12f, p.width, t, st->color});
        }
    }
    if (hyphen_at_end && cur && last_word_style >= 0) {
        const InlineStyle& st = styles_[last_word_style];
        const auto& hy = shaper.shape_cached(*st.font, "-", st.size, {st.features}, lang);
        for (const auto& g : hy.glyphs) {
            cur->glyphs.push_back({g.gid, g.advance, g.dx, g.dy, uint32_t(cur->text.size())});
            cur_end += g.advance;
        }
        cur->text += '-';
        link_x1 = cur_end;
    }
    close_link();
    // A word broken across lines extracts once and whole: the fragment on its first line
    // (with the hyphen) carries the whole word as /ActualText, later fragments carry nothing.
    // Closing punctuation glued to the word from another style ("*ization*," in italics then
    // a roman comma) goes with it: into the first line's text, and silenced on the last line.
    auto word_end = [&](size_t i) {  // the piece holding the last fragment of piece i's word
        for (size_t j = i + 1; j < pieces_.size(); ++j) {
            if (pieces_[j].kind == Piece::Word && pieces_[j].word == pieces_[i].word) i = j;
            else if (pieces_[j].kind != Piece::Break) break;
        }
        return i;
    };
    bool tail_done = false;
    if (!placed.empty() && pieces_[placed.front().piece].f0 > 0) {
        const Piece& f = pieces_[placed.front().piece];
        size_t k = 0;
        while (k + 1 < placed.size() && pieces_[placed[k + 1].piece].word == f.word && placed[k + 1].run == placed[0].run)
            ++k;
        auto& run = lb.runs[placed[0].run];
        const bool continues = pieces_[placed[k].piece].f1 < f.wlen && k + 1 == placed.size();
        uint32_t end = continues ? uint32_t(run.glyphs.size()) : placed[k].g1;
        const size_t we = word_end(placed[0].piece);
        const size_t punct_end = !continues && we <= last && pieces_[we].f1 == f.wlen ? trailing_punct_end(we) : 0;
        size_t m = k + 1;
        for (; m < placed.size() && placed[m].piece < punct_end && placed[m].run == placed[0].run && placed[m].g0 == end; ++m)
            end = placed[m].g1;
        run.actual_spans.push_back({placed[0].g0, end - placed[0].g0, ""});
        for (; m < placed.size() && placed[m].piece < punct_end; ++m) {
            auto& spans = lb.runs[placed[m].run].actual_spans;
            if (!spans.empty() && spans.back().text.empty() && spans.back().first + spans.back().count == placed[m].g0)
                spans.back().count += placed[m].g1 - placed[m].g0;
            else
                spans.push_back({placed[m].g0, placed[m].g1 - placed[m].g0, ""});
        }
        tail_done = continues;
    }
    if (!placed.empty() && !tail_done) {
        const Piece& z = pieces_[placed.back().piece];
        if (z.f1 < z.wlen) {
            size_t k = placed.size() - 1;
            while (k > 0 && pieces_[placed[k - 1].piece].word == z.word && placed[k - 1].run == placed.back().run) --k;
            auto& run = lb.runs[placed.back().run];
            std::string whole;
            if (pieces_[placed[k].piece].f0 == 0) {
                whole = text_.substr(z.word, z.wlen);
                const size_t we = word_end(placed.back().piece);  // on a later line
                if (pieces_[we].f1 == z.wlen)
                    for (size_t j = we + 1, e = trailing_punct_end(we); j < e; ++j)
                        whole.append(text_, pieces_[j].word, pieces_[j].wlen);
            }
            run.actual_spans.push_back({placed[k].g0, uint32_t(run.glyphs.size()) - placed[k].g0, std::move(whole)});
        }
    }
    for (auto& l : lb.links) {
        l.y = -lb.ascent;
        l.height = lb.ascent + lb.descent;
    }
    lb.width = cur_end;
    for (const auto& b : lb.rules) lb.width = std::max(lb.width, b.x + b.width);
    lb.make_unit();  // a line moves as a whole on a right-to-left page (mirror.hpp)
    return lb;
}

// One past the closing punctuation glued to the word whose last fragment is piece `last`:
// whole words of closing punctuation only (another style's ",", ")."), with no space before,
// and a space or the paragraph's end after them. `last + 1` when there is none.
size_t Paragraph::trailing_punct_end(size_t last) const {
    size_t j = last + 1;
    for (; j < pieces_.size(); ++j) {
        const Piece& p = pieces_[j];
        if (p.kind != Piece::Word || p.mirrored || p.f0 != 0 || p.f1 != p.wlen || p.word == pieces_[last].word) break;
        const std::string_view w = std::string_view(text_).substr(p.word, p.wlen);
        bool punct = !w.empty();
        for (size_t at = 0; punct && at < w.size(); ++at)
            if ((static_cast<unsigned char>(w[at]) & 0xC0) != 0x80) punct = is_closing_punct(decode_at(w, at));
        if (!punct) break;
    }
    if (j < pieces_.size() && pieces_[j].kind != Piece::Space) return last + 1;
    return j;
}

// Insert hyphenation points into every word fragment that may take them.
void Paragraph::hyphenate() {
    std::vector<Piece> out;
    out.reserve(pieces_.size() * 2);
    auto& shaper = ctx_.shaper();
    const std::string& lang = ctx_.spec().body.language;
    std::vector<uint32_t> pts;
    std::vector<float> hyphen_width(styles_.size(), -1);  // per style, shaped on first need
    for (const Piece& p : pieces_) {
        if (p.kind != Piece::Word || !p.hyphenatable) {
            out.push_back(p);
            continue;
        }
        pts.clear();
        hyphen_breaks(std::string_view(text_).substr(p.word + p.f0, p.f1 - p.f0), pts);
        Piece cur = p;
        cur.hyphenatable = false;
        const auto& gl = p.shaped->glyphs;
        for (uint32_t pt : pts) {
            const uint32_t at = p.f0 + pt;
            // Split only where a glyph starts exactly at the point: never inside a ligature.
            uint32_t k = cur.g0;
            while (k < cur.g1 && gl[k].cluster < at) ++k;
            if (k == cur.g0 || k >= cur.g1 || gl[k].cluster != at) continue;
            Piece left = cur;
            left.g1 = k;
            left.f1 = at;
            left.width = 0;
            for (uint32_t g = left.g0; g < k; ++g) left.width += gl[g].advance;
            out.push_back(left);
            float& hw = hyphen_width[p.style];
            if (hw < 0) {
                const InlineStyle& st = styles_[p.style];
                hw = shaper.shape_cached(*st.font, "-", st.size, {st.features}, lang).width;
            }
            Piece b;
            b.kind = Piece::Break;
            b.style = p.style;
            b.width = hw;
            b.penalty = kHyphenPenalty;
            b.flagged = true;
            out.push_back(b);
            cur.g0 = k;
            cur.f0 = at;
            cur.width -= left.width;
        }
        out.push_back(cur);
    }
    pieces_ = std::move(out);
}

linebreak::Result Paragraph::break_pieces(float width, bool justify, bool first_pass, std::vector<linebreak::Item>& items,
                                          std::vector<int32_t>& owner) const {
    using linebreak::Item;
    items.clear();
    owner.clear();
    items.reserve(pieces_.size() * 2 + 2);
    owner.reserve(items.capacity());
    // Ragged right needs one line-end stretch for the whole paragraph: TeX's 2em.
    const double rag = justify ? 0 : 2.0 * styles_[0].size;
    for (size_t i = 0; i < pieces_.size(); ++i) {
        const Piece& p = pieces_[i];
        switch (p.kind) {
            case Piece::Word:
            case Piece::Box: linebreak::append_box(items, p.width); break;
            case Piece::Break: linebreak::append_break_point(items, p.penalty, p.flagged, p.width, rag); break;
            case Piece::Mark: break;
            case Piece::Space:
                // TeX's interword glue for a text font: stretch 1/2, shrink 1/3 of the space,
                // but never below 0.16em: text extractors (pdftotext -raw needs a gap over
                // 0.15em) would glue the words of a tight line together.
                if (justify) {
                    const double floor = 0.16 * styles_[p.style].size;
                    const double shrink = std::clamp<double>(p.width - floor, 0.0, p.width / 3.0);
                    linebreak::append_space_justified(items, p.width, p.width / 2, shrink);
                } else linebreak::append_space_ragged(items, p.width, rag);
                break;
        }
        owner.resize(items.size(), int32_t(i));
    }
    linebreak::finish_paragraph(items);
    owner.resize(items.size(), -1);

    linebreak::Params params;
    params.line_widths = {width};
    if (first_pass) {
        // TeX's \pretolerance (100, an adjustment ratio of 1): good enough without hyphens.
        params.tolerance = 1.0;
        params.retry_tolerance = 0;
        params.emergency_stretch = 0;
    } else {
        if (!justify) params.tolerance = 4;
        // TeX's \emergencystretch: when no break sequence fits the tolerance (names bound by
        // non-breaking spaces make rigid boxes), let every line stretch by up to 3em more
        // rather than strand a word on a line of its own.
        params.emergency_stretch = 3.0 * styles_[0].size;
    }
    return linebreak::break_lines(items, params);
}

std::vector<LineBox> Paragraph::set_lines(float width, bool justify) {
    while (!pieces_.empty() && pieces_.back().kind == Piece::Space) pieces_.pop_back();
    std::vector<LineBox> out;
    if (pieces_.empty()) return out;
    split_bidi();

    using linebreak::Item;
    std::vector<Item> items;
    std::vector<int32_t> owner;  // piece index of each item (-1: paragraph end)
    linebreak::Result res = break_pieces(width, justify, true, items, owner);
    if (res.pass != 1) {
        bool any = false;
        for (const Piece& p : pieces_) any = any || p.hyphenatable;
        if (any && ctx_.hyphenator()) hyphenate();
        res = break_pieces(width, justify, false, items, owner);
    }

    if (res.overfull) {
        for (const auto& line : res.lines)
            if (line.overfull) {
                // Name the offending word: the widest box on the line.
                size_t widest = SIZE_MAX;
                for (size_t i = line.start; i < line.end && i < items.size(); ++i)
                    if (items[i].type == Item::Type::Box && owner[i] >= 0 &&
                        (widest == SIZE_MAX || items[i].width > items[widest].width))
                        widest = i;
                std::string what;
                if (widest != SIZE_MAX && pieces_[owner[widest]].kind == Piece::Word) {
                    const Piece& w = pieces_[owner[widest]];
                    what = " ('" + text_.substr(w.word + w.f0, w.f1 - w.f0) + "')";
                }
                char buf[96];
                std::snprintf(buf, sizeof buf, "a line is %.1f pt wider than its %.1f pt column", line.natural - width, width);
                ctx_.set_source(pos_);
                ctx_.warn(buf + what + "; it cannot be broken there");
                ctx_.set_source({});
                break;
            }
    }
    const std::vector<uint8_t> levels = bidi_levels_of_pieces();
    std::vector<float> xs(pieces_.size(), 0);
    for (const auto& line : res.lines) {
        double x = 0;
        size_t first = SIZE_MAX, last = 0;
        for (size_t i = line.start; i < line.end && i < items.size(); ++i) {
            const Item& it = items[i];
            if (it.type == Item::Type::Box) {
                xs[owner[i]] = float(x);
                first = std::min(first, size_t(owner[i]));
                last = std::max(last, size_t(owner[i]));
                x += it.width;
            } else if (it.type == Item::Type::Glue) {
                double r = line.ratio;
                if (!justify && res.lines.size() && &line == &res.lines.back()) r = 0;
                x += it.width + (r > 0 ? r * it.stretch : r * it.shrink);
            }
        }
        if (first == SIZE_MAX) continue;
        if (!levels.empty()) bidi_line(levels, first, last, xs);
        const Item& brk = items[std::min(line.end, items.size() - 1)];
        bool hyphen = brk.type == Item::Type::Penalty && brk.width > 0 && owner[line.end] >= 0;
        out.push_back(assemble(first, last, xs, hyphen));
        if (!levels.empty()) fit_width(out.back());
    }
    return out;
}

LineBox Paragraph::set_single_line() {
    while (!pieces_.empty() && pieces_.back().kind == Piece::Space) pieces_.pop_back();
    split_bidi();
    std::vector<float> xs(pieces_.size(), 0);
    float x = 0;
    for (size_t i = 0; i < pieces_.size(); ++i) {
        xs[i] = x;
        if (pieces_[i].kind != Piece::Break) x += pieces_[i].width;
    }
    if (pieces_.empty()) return {};
    const std::vector<uint8_t> levels = bidi_levels_of_pieces();
    if (!levels.empty()) bidi_line(levels, 0, pieces_.size() - 1, xs);
    LineBox lb = assemble(0, pieces_.size() - 1, xs, false);
    lb.width = std::max(lb.width, x);
    if (!levels.empty()) fit_width(lb);
    lb.make_unit();
    return lb;
}

// Levels per piece, or nothing when the paragraph has no right-to-left text (the common
// case costs one scan of the text).
std::vector<uint8_t> Paragraph::bidi_levels_of_pieces() const {
    const bool rtl_base = ctx_.spec().body.direction == "rtl";
    if (!rtl_base && !has_rtl(text_)) return {};
    return bidi_levels(bidi_chunks(), rtl_base);
}

// Words shaped left to right (Latin, digits, punctuation) whose characters resolve to
// different levels — "2021—" before a Hebrew word, "(Kafka," inside a Hebrew sentence — are
// split where the level changes, and characters at a right-to-left level (punctuation
// between Hebrew words, which HarfBuzz shaped left to right on its own) become a piece each,
// so that rule L2 reorders them one by one; brackets among them take their mirrored glyph
// (rule L4: logical "(" drawn as ")"), while the run's text keeps "(" for extraction. Splits
// fall only where a glyph starts (never inside a ligature) and add no break. Words HarfBuzz
// shaped right to left (Hebrew, Arabic) are left whole: their neutrals are already in place.
void Paragraph::split_bidi() {
    const bool rtl_base = ctx_.spec().body.direction == "rtl";
    if (!rtl_base && !has_rtl(text_)) return;
    const auto levels = bidi_char_levels(bidi_chunks(), rtl_base);
    std::vector<Piece> out;
    out.reserve(pieces_.size());
    std::vector<uint32_t> offs;
    for (size_t i = 0; i < pieces_.size(); ++i) {
        const Piece& p = pieces_[i];
        if (p.kind != Piece::Word || p.mirrored || i >= levels.size() || levels[i].empty()) {
            out.push_back(p);
            continue;
        }
        const std::vector<uint8_t>& lv = levels[i];
        const std::string_view w = std::string_view(text_).substr(p.word + p.f0, p.f1 - p.f0);
        offs.clear();
        for (uint32_t k = 0; k < w.size(); ++k)
            if ((static_cast<unsigned char>(w[k]) & 0xC0) != 0x80) offs.push_back(p.f0 + k);
        const auto& gl = p.shaped->glyphs;
        bool ltr = true;
        for (uint32_t k = p.g0 + 1; k < p.g1; ++k) ltr = ltr && gl[k].cluster >= gl[k - 1].cluster;
        bool uniform = true;
        for (uint8_t l : lv) uniform = uniform && l == lv[0];
        if (offs.size() != lv.size() || !ltr || (uniform && (lv[0] % 2 == 0 || lv.size() == 1))) {
            out.push_back(p);
            continue;
        }
        Piece cur = p;
        for (size_t c = 1; c < offs.size(); ++c) {
            if (lv[c] == lv[c - 1] && lv[c] % 2 == 0) continue;
            uint32_t k = cur.g0;
            while (k < cur.g1 && gl[k].cluster < offs[c]) ++k;
            if (k == cur.g0 || k >= cur.g1 || gl[k].cluster != offs[c]) continue;
            Piece left = cur;
            left.g1 = k;
            left.f1 = offs[c];
            left.width = 0;
            for (uint32_t g = left.g0; g < k; ++g) left.width += gl[g].advance;
            out.push_back(left);
            cur.g0 = k;
            cur.f0 = offs[c];
            cur.width -= left.width;
        }
        out.push_back(cur);
    }
    pieces_ = std::move(out);
    // Rule L4: a lone bracket (or other mirrored character) at a right-to-left level.
    const std::vector<uint8_t> piece_levels = bidi_levels(bidi_chunks(), rtl_base);
    auto& shaper = ctx_.shaper();
    for (size_t i = 0; i < pieces_.size(); ++i) {
        Piece& p = pieces_[i];
        if (p.kind != Piece::Word || p.mirrored || piece_levels[i] % 2 == 0 || p.g1 != p.g0 + 1) continue;
        const std::string_view w = std::string_view(text_).substr(p.word + p.f0, p.f1 - p.f0);
        size_t at = 0;
        const char32_t c = decode_at(w, at);
        size_t len = 1;
        while (len < w.size() && (static_cast<unsigned char>(w[len]) & 0xC0) == 0x80) ++len;
        const char32_t m = len == w.size() ? bidi_mirror(c) : 0;
        if (!m) continue;
        std::string mu;
        append_utf8(mu, m);
        const InlineStyle& st = styles_[p.style];
        const shape::Shaped& sh = shaper.shape_cached(*st.font, mu, st.size, {st.features}, ctx_.spec().body.language,
                                                      st.tracking);
        if (sh.has_notdef || sh.glyphs.empty()) continue;
        p.shaped = &sh;
        p.g0 = 0;
        p.g1 = uint32_t(sh.glyphs.size());
        p.width = sh.width;
        p.mirrored = true;
        p.hyphenatable = false;
    }
}

std::vector<std::string_view> Paragraph::bidi_chunks() const {
    std::vector<std::string_view> chunks;
    chunks.reserve(pieces_.size());
    const std::string_view all(text_);
    for (const Piece& p : pieces_) {
        switch (p.kind) {
            case Piece::Word: chunks.push_back(all.substr(p.word + p.f0, p.f1 - p.f0)); break;
            case Piece::Space: chunks.push_back(" "); break;
            case Piece::Box: chunks.push_back("\uFFFC"); break;
            case Piece::Break: chunks.push_back({}); break;
            case Piece::Mark: chunks.push_back(all.substr(p.word, p.wlen)); break;
        }
    }
    return chunks;
}

// Visual order for the words and boxes of one line (rule L2); drawing order stays logical.
void Paragraph::bidi_line(const std::vector<uint8_t>& levels, size_t first, size_t last, std::vector<float>& xs) const {
    std::vector<size_t> units;
    std::vector<uint8_t> lv;
    std::vector<float> x, w;
    for (size_t i = first; i <= last; ++i) {
        if (pieces_[i].kind != Piece::Word && pieces_[i].kind != Piece::Box) continue;
        units.push_back(i);
        lv.push_back(levels[i]);
        x.push_back(xs[i]);
        w.push_back(pieces_[i].width);
    }
    reorder_line(lv, x, w);
    for (size_t k = 0; k < units.size(); ++k) xs[units[k]] = x[k];
}

// ---- The paragraph store (para_store.hpp) ----

namespace {

void key_f32(std::string& k, float v) { put_u32(k, std::bit_cast<uint32_t>(v)); }
void key_str(std::string& k, std::string_view v) {
    put_u32(k, uint32_t(v.size()));
    k.append(v);
}
void key_flag(std::string& k, bool b) { k += b ? '1' : '0'; }

// Every field of the style; the font by path and face (the salt holds the stamp of every
// font a style can name).
void key_style(std::string& k, const InlineStyle& st) {
    key_str(k, st.font ? st.font->path() : std::string());
    put_u32(k, st.font ? st.font->face_index() : 0);
    key_f32(k, st.size);
    key_f32(k, st.color.r), key_f32(k, st.color.g), key_f32(k, st.color.b);
    key_str(k, st.features);
    k += char('0' + int(st.face));
    key_f32(k, st.tracking);
    key_flag(k, st.uppercase), key_flag(k, st.underline), key_flag(k, st.no_hyphenate);
    key_str(k, st.link);
}
// A layout style; its font (a role font's path) is one of the salt's.
void key_style(std::string& k, const style::TextStyle& ts) {
    k += char('0' + int(ts.face));
    key_f32(k, ts.size);
    key_f32(k, ts.color.r), key_f32(k, ts.color.g), key_f32(k, ts.color.b);
    key_flag(k, ts.small_caps), key_flag(k, ts.all_small_caps), key_flag(k, ts.uppercase);
    key_f32(k, ts.tracking);
    key_str(k, ts.features);
    key_str(k, ts.font);
}

}  // namespace

Paragraph::Added& Paragraph::note(Added::Kind kind, char tag) {
    stored_empty_ = -1;
    key_ += tag;
    Added& a = added_.emplace_back();
    a.kind = kind;
    a.pos = ctx_.source();
    return a;
}

void Paragraph::add_text(std::string_view text, const InlineStyle& style) {
    if (!storing_) return set_text(text, style);
    Added& a = note(Added::Text, 'T');
    key_str(key_, text);
    key_style(key_, style);
    a.text = text;
    a.style = style;
}

void Paragraph::add_spans(const std::vector<style::Span>& spans, const style::TextStyle& base) {
    if (!storing_) return set_spans(spans, base);
    Added& a = note(Added::Spans, 'S');
    key_style(key_, base);
    put_u32(key_, uint32_t(spans.size()));
    for (const auto& sp : spans) {
        // A formula is its TeX source (`text`); math_nodes are parsed from it.
        key_str(key_, sp.text);
        key_flag(key_, sp.bold), key_flag(key_, sp.italic), key_flag(key_, sp.math), key_flag(key_, sp.code);
        key_str(key_, sp.link);
    }
    a.span_list = spans;
    a.base = base;
}

void Paragraph::set_markup(const model::Text& t, const style::TextStyle& base) {
    for (auto& span : style::parse_inline(t)) {
        ctx_.set_source(style::position_at(t, span.src_offset));
        set_spans({std::move(span)}, base);
    }
    ctx_.set_source({});
}

void Paragraph::add_markup(const model::Text& t, const style::TextStyle& base) {
    if (t.empty()) return;
    if (!storing_) return set_markup(t, base);
    // The source text is the key: parse_inline depends on nothing else (its position only
    // places errors and warnings, which a stored paragraph never had).
    Added& a = note(Added::Markup, 'M');
    key_str(key_, t.src);
    key_style(key_, base);
    a.markup = t;
    a.base = base;
}

void Paragraph::add_box(LineBox box) {
    // A box from outside is not in the key: such a paragraph is never stored.
    build();
    storable_ = false;
    stored_empty_ = -1;
    put_box(std::move(box));
}

bool Paragraph::empty() {
    if (!added_.empty()) {
        if (stored_empty_ >= 0) return stored_empty_ != 0;
        build();
        storable_ = false;  // its fonts entered the document before any store could note them
    }
    return pieces_.empty();
}

void Paragraph::build() {
    if (added_.empty()) return;
    std::vector<Added> added = std::move(added_);
    added_.clear();
    const SourcePos outer = ctx_.source();
    for (const Added& a : added) {
        ctx_.set_source(a.pos);
        switch (a.kind) {
            case Added::Text: set_text(a.text, a.style); break;
            case Added::Spans: set_spans(a.span_list, a.base); break;
            case Added::Markup: set_markup(a.markup, a.base); break;
        }
    }
    ctx_.set_source(outer);
}

bool Paragraph::load_stored(std::string_view key, std::vector<LineBox>& out) {
    StoredParagraph sp;
    if (!ctx_.paragraph_store().find(ctx_.paragraph_salt(), key, sp)) return false;
    std::vector<const shape::Font*> fonts(sp.fonts.size());
    for (size_t i = 0; i < sp.fonts.size(); ++i)
        if (!(fonts[i] = ctx_.stored_font(sp.fonts[i]))) return false;  // a font file changed: set it again
    std::vector<uint32_t> index(fonts.size());
    for (size_t i = 0; i < fonts.size(); ++i) index[i] = ctx_.font_index(*fonts[i]);
    for (LineBox& lb : sp.lines)
        for (auto& r : lb.runs) r.font = index[r.font];
    out = std::move(sp.lines);
    // What was added stays noted: a later call with another width may still need setting.
    stored_empty_ = sp.empty;
    return true;
}

void Paragraph::store(std::string key, const std::vector<const shape::Font*>& fonts, const std::vector<LineBox>& lines) {
    StoredParagraph sp;
    sp.lines = lines;
    for (LineBox& lb : sp.lines)
        for (auto& r : lb.runs) {
            const shape::Font* f = &ctx_.doc_font(r.font);
            auto it = std::find(fonts.begin(), fonts.end(), f);
            if (it == fonts.end()) return;  // not asked for while setting this paragraph: cannot replay
            r.font = uint32_t(it - fonts.begin());
        }
    for (const shape::Font* f : fonts) sp.fonts.push_back({f->path(), f->face_index(), f->stamp()});
    sp.empty = pieces_.empty();
    ctx_.paragraph_store().add(ctx_.paragraph_salt(), std::move(key), sp);
}

std::vector<LineBox> Paragraph::layout(float width, bool justify) {
    const bool use_store = storing_ && storable_;
    std::string key;
    std::vector<LineBox> out;
    if (use_store) {
        key = key_;
        key += 'L';
        key_f32(key, width);
        key_flag(key, justify);
        if (load_stored(key, out)) return out;
    }
    Context::FontLog log(ctx_);
    const size_t warned = ctx_.warning_count();
    build();
    out = set_lines(width, justify);
    if (use_store && ctx_.warning_count() == warned) store(std::move(key), log.fonts(), out);
    return out;
}

LineBox Paragraph::single_line() {
    const bool use_store = storing_ && storable_;
    std::string key;
    std::vector<LineBox> out;
    if (use_store) {
        key = key_ + '1';
        if (load_stored(key, out)) return out.empty() ? LineBox{} : std::move(out[0]);
    }
    Context::FontLog log(ctx_);
    const size_t warned = ctx_.warning_count();
    build();
    out.assign(1, set_single_line());
    if (use_store && ctx_.warning_count() == warned) store(std::move(key), log.fonts(), out);
    return std::move(out[0]);
}

LineBox set_line(Context& ctx, std::string_view text, const InlineStyle& style) {
    Paragraph p(ctx);
    p.add_text(text, style);
    return p.single_line();
}

}  // namespace cvpdf::layout
