// Inline markup (a small Markdown subset) → styled spans; inline TeX math → math nodes.
//
// Syntax (documented in README.md):
//   **bold**   *italic* or _italic_   [link text](https://url)   $math$   `code`
//   backslash escapes any of  \ * _ [ ] ( ) $ ` ~
//   ~ is a non-breaking space (U+00A0)
// Unbalanced or unknown markup is an error at its exact file:line:col.
#pragma once
#include <string>
#include <vector>

#include "model/cv.hpp"

namespace cvpdf::style {

// Inline math as a small tree. The parser maps TeX to Unicode: Latin letters to
// MATHEMATICAL ITALIC (U+1D434…), \mathcal{X} to MATHEMATICAL SCRIPT, Greek commands to
// Greek letters (capitals upright, lowercase italic as TeX does), operators and relations
// to their Unicode symbols (\rightarrow →, \leq ≤, \cdot ⋅, \times ×, \infty ∞, …).
struct MathNode {
    enum class Kind {
        Symbol,    // `text` is one or more characters set as one ordinary atom
        Operator,  // binary operator or relation: spaced on both sides (`text`)
        Function,  // \log, \max …: upright letters (`text`)
        Sqrt,      // `children` under a radical with an overbar
        Scripts,   // children[0] = base, `sub` / `sup` optional (empty vector = absent)
        Group,     // {…}: children set as one unit
    };
    Kind kind = Kind::Symbol;
    std::string text;
    std::vector<MathNode> children;
    std::vector<MathNode> sub, sup;
};

struct Span {
    std::string text;       // plain UTF-8 text (escapes resolved); empty for math spans
    bool bold = false;
    bool italic = false;
    std::string link;       // URL when inside [..](..)
    bool math = false;      // true: `math` holds the formula, `text` holds its TeX source
    bool code = false;      // `code`: set in the layout's monospace font, never hyphenated
    std::vector<MathNode> math_nodes;
    uint32_t src_offset = 0;  // byte offset of the span's start in the source Text
};

// Parse markup. Throws cvpdf::Error at the offending character's file:line:col
// (computed from Text::pos plus the offset, counting newlines) for: unclosed ** * _ $ [,
// a link without (url), an empty link URL, an unknown math command, unbalanced braces in math.
std::vector<Span> parse_inline(const model::Text& text);

// Plain-text version of markup (markers removed, math as its Unicode characters), for
// metadata, bookmarks and tests.
std::string plain_text(const std::vector<Span>& spans);

// Position of byte `offset` inside `text`'s source, for diagnostics.
SourcePos position_at(const model::Text& text, size_t offset);

}  // namespace cvpdf::style
