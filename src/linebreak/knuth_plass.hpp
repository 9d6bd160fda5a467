// Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981) over
// TeX's vocabulary of boxes, glue and penalties. Knows nothing about fonts or glyphs:
// widths are plain numbers (points) computed by the caller. See items.hpp for builders
// (justified and ragged-right spaces, hyphenation points, forced breaks).
#pragma once
#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

namespace cvpdf::linebreak {

struct Item {
    enum class Type { Box, Glue, Penalty };
    Type type = Type::Box;
    double width = 0;    // box/glue natural width; penalty: width added if the line breaks here (a hyphen)
    double stretch = 0;  // glue only (may be negative: the ragged-right trick cancels stretch this way)
    double shrink = 0;   // glue only
    double penalty = 0;  // penalty only; >= kInfPenalty forbids a break, <= -kInfPenalty forces one
    bool flagged = false;  // penalty only: a hyphenation break (consecutive flagged breaks cost extra)

    static Item box(double w) { return {Type::Box, w, 0, 0, 0, false}; }
    static Item glue(double w, double st, double sh) { return {Type::Glue, w, st, sh, 0, false}; }
    static Item pen(double w, double p, bool flag = false) { return {Type::Penalty, w, 0, 0, p, flag}; }
};

inline constexpr double kInfPenalty = 10000;

// Stands in for TeX's infinite "fil" stretch (\parfillskip, \hfil). Finite on purpose, so
// that `ratio * stretch` stays a number in the layout code; 1e6 pt dwarfs any line, so a
// line holding it gets ratio ≈ 0 (badness 0) and its ordinary glue moves by < 0.01 pt.
inline constexpr double kFilStretch = 1e6;

// TeX's fitness classes, ordered so that adjacent values are "compatible" (|a-b| <= 1).
enum Fitness : int { kVeryLoose = 0, kLoose = 1, kDecent = 2, kTight = 3 };

struct Params {
    // Width available to line i (0-based); the last value repeats for later lines. Must not be empty.
    std::vector<double> line_widths;
    double tolerance = 2.0;          // max adjustment ratio for a feasible line (TeX \tolerance 200 ≈ r 1.26; CVs need looser)
    double line_penalty = 10;        // TeX \linepenalty
    double flagged_demerits = 3000;  // TeX \doublehyphendemerits: two hyphenated lines in a row
    double final_hyphen_demerits = 5000;  // TeX \finalhyphendemerits: hyphen on the next-to-last line
    double fitness_demerits = 3000;  // TeX \adjdemerits: adjacent lines of very different tightness
    int looseness = 0;               // TeX \looseness: try for this many more (or fewer) lines

    // Second pass, run only when no solution exists within `tolerance` (or `looseness` could
    // not be met). 4.64 is where 100·r³ reaches 10000: beyond it every line has the same
    // badness, so a looser limit would only let the optimiser choose blindly.
    double retry_tolerance = 4.64;
    // TeX \emergencystretch: extra stretch (pt) assumed on every line while rating lines in
    // the second and emergency passes. It spreads unavoidable looseness over the paragraph
    // instead of concentrating it in one awful line. Line::ratio never includes it.
    double emergency_stretch = 0;
};

struct Line {
    size_t start = 0;    // index of the first item on the line (after discarded glue/penalties)
    size_t end = 0;      // index of the breakpoint item (exclusive end of the line's content)
    double ratio = 0;    // adjustment ratio: >0 stretches glue, <0 shrinks. Ready to apply:
                         // clamped to >= -1 for overfull lines, 0 when there is nothing to stretch

    double width = 0;     // the width this line was broken for (from Params::line_widths)
    double natural = 0;   // natural width of items [start, end) plus the penalty width at `end`
    double badness = 0;   // 100·|r|³ capped at 10000 (r before clamping)
    double demerits = 0;  // this line's share of Result::demerits
    int fitness = kDecent;
    bool hyphenated = false;  // breaks at a flagged penalty (draw items[end].width of hyphen)
    bool overfull = false;    // even fully shrunk, the content is wider than `width`
};

struct Result {
    std::vector<Line> lines;
    bool overfull = false;  // no feasible solution within tolerance; an emergency pass was used
                            // (Line::overfull tells which lines actually stick out)
    int pass = 1;           // 1 = within tolerance, 2 = retry_tolerance/emergency_stretch, 3 = emergency
    double demerits = 0;    // total demerits of the chosen breaks
};

// Break `items` into lines. The paragraph should end with a forced break, normally via
// finish_paragraph(); if it doesn't, a forced break after the last item is assumed and the
// last Line::end is items.size(). A paragraph with no boxes yields no lines.
// Never fails: if no break sequence is within tolerance, it retries with retry_tolerance,
// then with unlimited tolerance accepting overfull lines, and reports overfull = true.
// Thread-safe (scratch memory is thread_local, reused between calls).
Result break_lines(const std::vector<Item>& items, const Params& params);

// Append TeX's paragraph end: penalty(inf) + \parfillskip glue(0, kFilStretch, 0) +
// penalty(-inf). Trailing glue and (non-forced) penalties are removed first, as TeX
// does, because a break there would only produce an empty last line.
void finish_paragraph(std::vector<Item>& items);

}  // namespace cvpdf::linebreak
