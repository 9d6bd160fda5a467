// Builders for Knuth–Plass item lists, so layout code can say what it means ("a ragged
// space", "a hyphenation point") instead of spelling out TeX's glue/penalty idioms.
//
// Typical use (justified):
//     append_word(items, w("In"));  append_space_justified(items, space);
//     append_word(items, w("ol"));  append_hyphen_point(items, w("-"));  append_word(items, w("den"));
//     ...
//     finish_paragraph(items);
//
// Ragged right: use append_space_ragged / append_hyphen_point_ragged with the same `rag`
// throughout a paragraph. The stretch then exists only at line ends, so the optimiser evens
// out line lengths (TeX's \rightskip trick, Knuth & Plass §"ragged right"). Nothing else
// changes: break_lines() sees ordinary glue, and Line::ratio applies to all glue as usual
// (the ±rag pairs inside a line cancel; only the rag at the break stretches).
#pragma once
#include <vector>

#include "linebreak/knuth_plass.hpp"

namespace cvpdf::linebreak {

// TeX's \hyphenpenalty and \exhyphenpenalty: enough to prefer a plain break when the
// lines come out equally well, little enough that hyphenation still rescues a loose line.
inline constexpr double kHyphenPenalty = 50;
inline constexpr double kExplicitHyphenPenalty = 50;

// Suggested ragged-right stretch per line end, in multiples of the space width. TeX's
// \raggedright uses 2em, about 6 interword spaces, which lets lines fall short by up to
// ~2.5em within TeX's tolerance. Knuth & Plass's example used 3 spaces: that pushes harder
// for even lines but with the default tolerance often needs the second pass.
inline constexpr double kRaggedStretchInSpaces = 6;

// A word or any other unbreakable run.
inline void append_word(std::vector<Item>& items, double width) { items.push_back(Item::box(width)); }
inline void append_box(std::vector<Item>& items, double width) { items.push_back(Item::box(width)); }

// Interword glue for justified text.
inline void append_space_justified(std::vector<Item>& items, double width, double stretch, double shrink) {
    items.push_back(Item::glue(width, stretch, shrink));
}
// Same with TeX's proportions for text fonts (cmr10: stretch 1/2, shrink 1/3 of the space).
inline void append_space_justified(std::vector<Item>& items, double width) {
    items.push_back(Item::glue(width, width / 2, width / 3));
}

// Interword space for ragged-right text: glue(0, rag, 0) penalty(0) glue(width, -rag, 0).
// Breaking at the penalty keeps the +rag glue on the line (its stretch fills the line end)
// and drops the rest; not breaking leaves +rag-rag = 0 stretch, so words sit at natural
// spacing. `rag` > 0, e.g. kRaggedStretchInSpaces * width.
inline void append_space_ragged(std::vector<Item>& items, double width, double rag) {
    items.push_back(Item::glue(0, rag, 0));
    items.push_back(Item::pen(0, 0));
    items.push_back(Item::glue(width, -rag, 0));
}

// A break opportunity inside or after a word. `width` is what appears at the line end if
// taken (a hyphen glyph's width, or 0); `flagged` marks hyphen-like breaks for TeX's
// double-hyphen and final-hyphen demerits. With rag > 0 it is wrapped as
// penalty(inf) glue(0,rag,0) penalty(width,penalty,flagged) glue(0,-rag,0), because a
// ragged line must carry the line-end stretch no matter where it breaks; the leading
// penalty(inf) stops the glue itself from becoming a breakpoint.
inline void append_break_point(std::vector<Item>& items, double penalty, bool flagged = false, double width = 0,
                               double rag = 0) {
    if (rag > 0) {
        items.push_back(Item::pen(0, kInfPenalty));
        items.push_back(Item::glue(0, rag, 0));
        items.push_back(Item::pen(width, penalty, flagged));
        items.push_back(Item::glue(0, -rag, 0));
    } else {
        items.push_back(Item::pen(width, penalty, flagged));
    }
}

// Hyphenation point from the hyphenator (a "-" of `hyphen_width` appears if taken).
inline void append_hyphen_point(std::vector<Item>& items, double hyphen_width, double penalty = kHyphenPenalty) {
    append_break_point(items, penalty, true, hyphen_width, 0);
}
inline void append_hyphen_point_ragged(std::vector<Item>& items, double hyphen_width, double rag,
                                       double penalty = kHyphenPenalty) {
    append_break_point(items, penalty, true, hyphen_width, rag);
}

// Break after a hyphen or dash already in the text ("memory-safe"): nothing is added at
// the line end, but it is flagged like a hyphenation, as in TeX.
inline void append_explicit_hyphen_break(std::vector<Item>& items, double rag = 0,
                                         double penalty = kExplicitHyphenPenalty) {
    append_break_point(items, penalty, true, 0, rag);
}

// Space that must not break (e.g. "10 km"): penalty(inf) before the glue.
inline void append_space_nobreak(std::vector<Item>& items, double width, double stretch = 0, double shrink = 0) {
    items.push_back(Item::pen(0, kInfPenalty));
    items.push_back(Item::glue(width, stretch, shrink));
}

// Remove trailing glue and non-forced penalties (a trailing space, say): a break there
// could only leave an empty line behind.
inline void trim_trailing_space(std::vector<Item>& items) {
    while (!items.empty()) {
        const Item& it = items.back();
        if (it.type == Item::Type::Glue || (it.type == Item::Type::Penalty && it.penalty > -kInfPenalty))
            items.pop_back();
        else
            break;
    }
}

// Forced line break inside a paragraph (like LaTeX's \\ = \hfil\break): trailing space is
// dropped and the short line is filled with fil glue, so it is never "underfull". The
// penalty(inf) keeps the fil glue from being a breakpoint of its own.
inline void append_forced_break(std::vector<Item>& items) {
    trim_trailing_space(items);
    items.push_back(Item::pen(0, kInfPenalty));
    items.push_back(Item::glue(0, kFilStretch, 0));
    items.push_back(Item::pen(0, -kInfPenalty));
}

}  // namespace cvpdf::linebreak
