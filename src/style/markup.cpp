// Inline markup: a Markdown subset parsed into styled spans.
//
// Emphasis follows CommonMark's delimiter-run rules (left/right-flanking runs, the
// "rule of 3", `_` only at word boundaries), with one difference: a run that can only
// open emphasis and is never closed is an error, not literal text. Runs that cannot open
// (a lone `*` between spaces, a closer without an opener, `snake_case`) stay literal.
#include "style/markup.hpp"

#include <algorithm>
#include <optional>

#include "base/error.hpp"

namespace cvpdf::style {

namespace detail {
// Defined in math_parse.cpp.
std::vector<MathNode> parse_math(const model::Text& text, size_t begin, size_t end);
std::string math_plain_text(const std::vector<MathNode>& nodes);
}  // namespace detail

namespace {

uint32_t decode_at(std::string_view s, size_t i, size_t* len = nullptr) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (len) *len = n;
    return cp;
}

// Code point ending just before byte i; 0 at the start.
uint32_t cp_before(std::string_view s, size_t i) {
    if (i == 0) return 0;
    size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    return decode_at(s, j);
}

uint32_t cp_after(std::string_view s, size_t i) { return i >= s.size() ? 0 : decode_at(s, i); }

// Start/end of text count as whitespace; so does `~` (a non-breaking space).
bool is_space(uint32_t c) {
    return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '~' ||
           c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_punct(uint32_t c) {
    if (c < 0x80) return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
                         (c >= 0x7B && c <= 0x7E);
    return (c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x205E) ||
           (c >= 0x2190 && c <= 0x23FF) || (c >= 0x2E00 && c <= 0x2E7F) || (c >= 0x3000 && c <= 0x303F);
}

bool ascii_punct(char c) { return is_punct(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80; }

struct Atom {
    enum Kind { Chars, Delim, Math, LinkOpen, LinkClose, Code } kind = Chars;
    size_t off = 0;  // source offset of the atom
    std::string text;
    // Delim: a run of '*' or '_'
    char ch = 0;
    int count = 0, orig = 0, used_left = 0;
    bool can_open = false, can_close = false, active = true;
    // Math
    std::vector<MathNode> nodes;
    // Links
    std::string url;
};

struct Interval {
    size_t open, close;
    bool strong;
};

class InlineParser {
public:
    explicit InlineParser(const model::Text& t) : t_(t), s_(t.src) {}

    std::vector<Span> run() {
        tokenize();
        process_emphasis(0, atoms_.size());
        check_unclosed();
        return build();
    }

private:
    const model::Text& t_;
    std::string_view s_;
    std::vector<Atom> atoms_;
    std::vector<Interval> intervals_;
    std::optional<size_t> link_open_;  // atom index of the open '['

    [[noreturn]] void fail(size_t off, const std::string& msg) const {
        throw Error(msg, model::text_position(t_, off));
    }

    void add_chars(size_t off, std::string_view text) {
        if (!atoms_.empty() && atoms_.back().kind == Atom::Chars) {
            atoms_.back().text += text;
            return;
        }
        Atom a;
        a.kind = Atom::Chars;
        a.off = off;
        a.text = std::string(text);
        atoms_.push_back(std::move(a));
    }

    void tokenize() {
        size_t i = 0;
        while (i < s_.size()) {
            char c = s_[i];
            if (c == '\\') {
                if (i + 1 < s_.size() && ascii_punct(s_[i + 1])) {
                    add_chars(i, s_.substr(i + 1, 1));
                    i += 2;
                } else {
                    add_chars(i, "\\");
                    ++i;
                }
            } else if (c == '~') {
                add_chars(i, "\u00A0");
                ++i;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                size_t j = i;
                bool newline = false;
                while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t' || s_[j] == '\n' || s_[j] == '\r')) {
                    newline = newline || s_[j] == '\n' || s_[j] == '\r';
                    ++j;
                }
                if (i == 0 || j == s_.size()) {
                    // leading / trailing white space (e.g. of a multi-line string) is dropped
                } else if (!newline) {
                    std::string run(s_.substr(i, j - i));
                    std::replace(run.begin(), run.end(), '\t', ' ');
                    add_chars(i, run);
                } else {
                    add_chars(i, " ");  // a line break inside a paragraph is a space
                }
                i = j;
            } else if (c == '$') {
                i = math(i);
            } else if (c == '`') {
                // Code: literal up to the next backtick, set in the monospace font.
                size_t j = s_.find('`', i + 1);
                if (j == std::string_view::npos) fail(i, "unclosed '`' (code); write \\` for a literal backtick");
                Atom a;
                a.kind = Atom::Code;
                a.off = i;
                a.text = std::string(s_.substr(i + 1, j - i - 1));
                atoms_.push_back(std::move(a));
                i = j + 1;
            } else if (c == '*' || c == '_') {
                i = delimiter_run(i);
            } else if (c == '[') {
                if (link_open_) fail(i, "links cannot be nested");
                link_open_ = atoms_.size();
                Atom a;
                a.kind = Atom::LinkOpen;
                a.off = i;
                atoms_.push_back(std::move(a));
                ++i;
            } else if (c == ']' && link_open_) {
                i = close_link(i);
            } else {
                size_t n = 1;
                decode_at(s_, i, &n);
                add_chars(i, s_.substr(i, n));
                i += n;
            }
        }
        if (link_open_) fail(atoms_[*link_open_].off, "unclosed '[' (link); write \\[ for a literal bracket");
    }

    size_t math(size_t i) {
        uint32_t next = cp_after(s_, i + 1);
        if (i + 1 >= s_.size() || (is_space(next) && next != '~')) {  // "$ 5": a literal dollar
            add_chars(i, "$");
            return i + 1;
        }
        size_t j = i + 1;
        while (j < s_.size() && s_[j] != '$') j += s_[j] == '\\' ? 2 : 1;
        if (j >= s_.size()) fail(i, "unclosed '$' (math); write \\$ for a literal dollar sign");
        if (j == i + 1) fail(i, "empty math '$$'");
        Atom a;
        a.kind = Atom::Math;
        a.off = i;
        a.text = std::string(s_.substr(i + 1, j - i - 1));
        a.nodes = detail::parse_math(t_, i + 1, j);
        atoms_.push_back(std::move(a));
        return j + 1;
    }

    size_t delimiter_run(size_t i) {
        char c = s_[i];
        size_t j = i;
        while (j < s_.size() && s_[j] == c) ++j;
        uint32_t before = cp_before(s_, i), after = cp_after(s_, j);
        bool left = !is_space(after) && (!is_punct(after) || is_space(before) || is_punct(before));
        bool right = !is_space(before) && (!is_punct(before) || is_space(after) || is_punct(after));
        Atom a;
        a.kind = Atom::Delim;
        a.off = i;
        a.ch = c;
        a.count = a.orig = int(j - i);
        if (c == '*') {
            a.can_open = left;
            a.can_close = right;
        } else {  // '_' only at word boundaries: snake_case stays literal
            a.can_open = left && (!right || is_punct(before));
            a.can_close = right && (!left || is_punct(after));
        }
        atoms_.push_back(std::move(a));
        return j;
    }

    size_t close_link(size_t i) {
        size_t open_atom = *link_open_;
        size_t open_off = atoms_[open_atom].off;
        if (i + 1 >= s_.size() || s_[i + 1] != '(')
            fail(open_off, "link text [" + std::string(s_.substr(open_off + 1, i - open_off - 1)) +
                               "] must be followed by (url); write \\[ for a literal bracket");
        size_t j = i + 2;
        int depth = 1;
        std::string url;
        while (j < s_.size()) {
            char c = s_[j];
            if (c == '\\' && j + 1 < s_.size() && ascii_punct(s_[j + 1])) {
                url += s_[j + 1];
                j += 2;
                continue;
            }
            if (c == '(') ++depth;
            if (c == ')' && --depth == 0) break;
            url += c;
            ++j;
        }
        if (j >= s_.size()) fail(i + 1, "unclosed '(' after link text");
        size_t b = url.find_first_not_of(" \t\n\r"), e = url.find_last_not_of(" \t\n\r");
        url = b == std::string::npos ? std::string() : url.substr(b, e - b + 1);
        if (url.empty()) fail(i + 1, "empty link URL");
        // Emphasis inside the link text is resolved now and cannot reach outside it.
        process_emphasis(open_atom + 1, atoms_.size());
        for (size_t k = open_atom + 1; k < atoms_.size(); ++k) atoms_[k].active = false;
        atoms_[open_atom].url = url;
        Atom a;
        a.kind = Atom::LinkClose;
        a.off = i;
        a.url = url;
        atoms_.push_back(std::move(a));
        link_open_.reset();
        return j + 1;
    }

    // CommonMark's "process emphasis" over atoms [lo, hi).
    void process_emphasis(size_t lo, size_t hi) {
        for (size_t c = lo; c < hi; ++c) {
            Atom& closer = atoms_[c];
            if (closer.kind != Atom::Delim || !closer.active || !closer.can_close) continue;
            while (closer.count > 0) {
                std::optional<size_t> found;
                for (size_t o = c; o-- > lo;) {
                    const Atom& op = atoms_[o];
                    if (op.kind != Atom::Delim || !op.active || !op.can_open || op.ch != closer.ch || op.count == 0)
                        continue;
                    bool odd_match = (op.can_close || closer.can_open) && (op.orig + closer.orig) % 3 == 0 &&
                                     !(op.orig % 3 == 0 && closer.orig % 3 == 0);
                    if (odd_match) continue;
                    found = o;
                    break;
                }
                if (!found) break;
                Atom& opener = atoms_[*found];
                int use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
                intervals_.push_back({*found, c, use == 2});
                opener.count -= use;
                closer.count -= use;
                closer.used_left += use;
                // Delimiters between the pair can no longer pair with anything outside it.
                for (size_t k = *found + 1; k < c; ++k)
                    if (atoms_[k].kind == Atom::Delim) atoms_[k].active = false;
            }
        }
    }

    void check_unclosed() const {
        for (const Atom& a : atoms_) {
            if (a.kind != Atom::Delim || a.count == 0 || !a.can_open || a.can_close) continue;
            std::string run(size_t(a.count), a.ch);
            std::string what = a.count == 1 ? " (italic)" : a.count == 2 ? " (bold)" : a.count == 3 ? " (bold italic)" : "";
            std::string lit = a.ch == '*' ? "\\* for a literal asterisk" : "\\_ for a literal underscore";
            fail(a.off, "unclosed '" + run + "'" + what + "; write " + lit);
        }
    }

    std::vector<Span> build() const {
        const size_t n = atoms_.size();
        std::vector<int> strong(n + 1, 0), emph(n + 1, 0);
        for (const auto& iv : intervals_) {
            auto& d = iv.strong ? strong : emph;
            d[iv.open + 1] += 1;
            d[iv.close] -= 1;
        }
        std::vector<Span> out;
        int sd = 0, ed = 0;
        std::string link;
        auto emit = [&](const std::string& text, size_t off) {
            if (text.empty()) return;
            bool b = sd > 0, it = ed > 0;
            if (!out.empty() && !out.back().math && !out.back().code && out.back().bold == b && out.back().italic == it &&
                out.back().link == link) {
                out.back().text += text;
                return;
            }
            Span sp;
            sp.text = text;
            sp.bold = b;
            sp.italic = it;
            sp.link = link;
            sp.src_offset = uint32_t(off);
            out.push_back(std::move(sp));
        };
        for (size_t i = 0; i < n; ++i) {
            sd += strong[i];
            ed += emph[i];
            const Atom& a = atoms_[i];
            switch (a.kind) {
                case Atom::Chars: emit(a.text, a.off); break;
                case Atom::Delim:
                    if (a.count > 0) emit(std::string(size_t(a.count), a.ch), a.off + size_t(a.used_left));
                    break;
                case Atom::Math: {
                    Span sp;
                    sp.text = a.text;
                    sp.math = true;
                    sp.math_nodes = a.nodes;
                    sp.bold = sd > 0;
                    sp.italic = ed > 0;
                    sp.link = link;
                    sp.src_offset = uint32_t(a.off);
                    out.push_back(std::move(sp));
                    break;
                }
                case Atom::Code: {
                    Span sp;
                    sp.text = a.text;
                    sp.code = true;
                    sp.bold = sd > 0;
                    sp.italic = ed > 0;
                    sp.link = link;
                    sp.src_offset = uint32_t(a.off);
                    out.push_back(std::move(sp));
                    break;
                }
                case Atom::LinkOpen: link = a.url; break;
                case Atom::LinkClose: link.clear(); break;
            }
        }
        return out;
    }
};

}  // namespace

std::vector<Span> parse_inline(const model::Text& text) { return InlineParser(text).run(); }

std::string plain_text(const std::vector<Span>& spans) {
    std::string out;
    for (const auto& sp : spans) out += sp.math ? detail::math_plain_text(sp.math_nodes) : sp.text;
    return out;
}

SourcePos position_at(const model::Text& text, size_t offset) { return model::text_position(text, offset); }

}  // namespace cvpdf::style
