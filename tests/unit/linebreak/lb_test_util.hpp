// Test scaffolding for the line breaker: synthetic "fonts", an independent line scorer and a
// greedy first-fit breaker to compare against.
#pragma once
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "linebreak/hyphenate.hpp"
#include "linebreak/items.hpp"
#include "linebreak/knuth_plass.hpp"

namespace lbtest {

using namespace cvpdf::linebreak;

// The opening of the Grimm tale Knuth & Plass typeset throughout their paper.
inline constexpr std::string_view kFrogKing =
    "In olden times when wishing still helped one, there lived a king whose daughters were all "
    "beautiful; and the youngest was so beautiful that the sun itself, which has seen so much, "
    "was astonished whenever it shone in her face. Close by the king's castle lay a great dark "
    "forest, and under an old lime-tree in the forest was a well, and when the day was very "
    "warm, the king's child went out into the forest and sat down by the side of the cool "
    "fountain; and when she was bored she took a golden ball, and threw it up on high and "
    "caught it; and this ball was her favorite plaything.";

// Monospaced fake font: every character 5 pt, space 3.375 + 1.6875 − 1.125 (cmr10's
// proportions, 1/2 and 1/3). Binary fractions on purpose: sums are exact, so the breaker's
// prefix sums and the tests' direct re-measurement agree to the last bit, and a line with
// r exactly 1 or 0.5 lands in the same fitness class for both.
inline constexpr double kChar = 5.0;
inline constexpr double kSpace = 3.375;
inline constexpr double kSpaceStretch = 1.6875;
inline constexpr double kSpaceShrink = 1.125;
inline constexpr double kHyphenW = 3.375;

inline size_t utf8_chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

inline std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j > i) out.emplace_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

struct BuildOpts {
    const Hyphenator* hyph = nullptr;  // add hyphenation points inside letter runs
    double rag = 0;                    // > 0: ragged-right spaces with this line-end stretch
};

// Items for `text` in the fake font. Returns the items (already finished).
inline std::vector<Item> build(std::string_view text, const BuildOpts& o = {}) {
    std::vector<Item> items;
    bool first = true;
    for (const std::string& w : words_of(text)) {
        if (!first) {
            if (o.rag > 0)
                append_space_ragged(items, kSpace, o.rag);
            else
                append_space_justified(items, kSpace, kSpaceStretch, kSpaceShrink);
        }
        first = false;
        // Split off trailing punctuation so the hyphenator sees letters only.
        size_t letters = w.size();
        while (letters > 0 && std::string_view(",.;:'").find(w[letters - 1]) != std::string_view::npos) --letters;
        std::vector<size_t> pts;
        if (o.hyph && w.find_first_of("-'") == std::string::npos) pts = o.hyph->points(std::string_view(w).substr(0, letters));
        size_t prev = 0;
        for (size_t p : pts) {
            append_word(items, kChar * utf8_chars(std::string_view(w).substr(prev, p - prev)));
            if (o.rag > 0)
                append_hyphen_point_ragged(items, kHyphenW, o.rag);
            else
                append_hyphen_point(items, kHyphenW);
            prev = p;
        }
        append_word(items, kChar * utf8_chars(std::string_view(w).substr(prev)));
    }
    finish_paragraph(items);
    return items;
}

struct Measure {
    double natural = 0, stretch = 0, shrink = 0;
};

// Straightforward re-measurement of a line, independent of the breaker's prefix sums.
inline Measure measure(const std::vector<Item>& items, size_t start, size_t end) {
    Measure m;
    for (size_t i = start; i < end && i < items.size(); ++i) {
        const Item& it = items[i];
        if (it.type == Item::Type::Penalty) continue;
        m.natural += it.width;
        if (it.type == Item::Type::Glue) {
            m.stretch += it.stretch;
            m.shrink += it.shrink;
        }
    }
    if (end < items.size() && items[end].type == Item::Type::Penalty) m.natural += items[end].width;
    return m;
}

// Width of the line as the layout engine would set it with Line::ratio.
inline double set_width(const std::vector<Item>& items, const Line& ln) {
    double x = 0;
    for (size_t i = ln.start; i < ln.end; ++i) {
        const Item& it = items[i];
        if (it.type == Item::Type::Box) x += it.width;
        if (it.type == Item::Type::Glue) x += it.width + (ln.ratio > 0 ? ln.ratio * it.stretch : ln.ratio * it.shrink);
    }
    if (ln.end < items.size() && items[ln.end].type == Item::Type::Penalty) x += items[ln.end].width;
    return x;
}

inline double ratio_of(const Measure& m, double width) {
    const double shortfall = width - m.natural;
    if (std::fabs(shortfall) < 1e-9) return 0;
    if (shortfall > 0) return m.stretch > 1e-9 ? shortfall / m.stretch : INFINITY;
    return m.shrink > 1e-9 ? shortfall / m.shrink : -INFINITY;
}

inline int fitness_of(double r) { return r > 1 ? 0 : r > 0.5 ? 1 : r >= -0.5 ? 2 : 3; }

inline bool is_forced(const std::vector<Item>& items, size_t i) {
    return i < items.size() && items[i].type == Item::Type::Penalty && items[i].penalty <= -kInfPenalty;
}
inline bool is_flagged(const std::vector<Item>& items, size_t i) {
    return i < items.size() && items[i].type == Item::Type::Penalty && items[i].flagged;
}

// Total demerits of a break sequence by the textbook formula (Knuth & Plass eq. (3) plus
// the α/γ/final-hyphen terms), computed from scratch. `breaks` are break item indices.
inline double score(const std::vector<Item>& items, const Params& p, const std::vector<size_t>& breaks,
                    const std::vector<size_t>& starts) {
    double total = 0;
    int prev_fit = 2;
    bool prev_flag = false;
    bool prev_forced = true;  // the paragraph start counts as a forced break
    for (size_t k = 0; k < breaks.size(); ++k) {
        const size_t b = breaks[k];
        const double width = p.line_widths[std::min(k, p.line_widths.size() - 1)];
        const bool blank = starts[k] == b && prev_forced && is_forced(items, b);
        const double r = blank ? 0 : ratio_of(measure(items, starts[k], b), width);
        const double bad = std::isinf(r) ? 10000 : std::min(10000.0, 100 * std::fabs(r * r * r));
        double d = (p.line_penalty + bad) * (p.line_penalty + bad);
        const Item& it = items[b];
        if (it.type == Item::Type::Penalty && it.penalty > -kInfPenalty)
            d += it.penalty >= 0 ? it.penalty * it.penalty : -it.penalty * it.penalty;
        const bool last = k + 1 == breaks.size();
        if (prev_flag && last) d += p.final_hyphen_demerits;
        if (prev_flag && !last && is_flagged(items, b)) d += p.flagged_demerits;
        const int fit = fitness_of(r);
        if (std::abs(fit - prev_fit) > 1) d += p.fitness_demerits;
        total += d;
        prev_fit = fit;
        prev_flag = is_flagged(items, b);
        prev_forced = is_forced(items, b);
    }
    return total;
}

inline double score(const std::vector<Item>& items, const Params& p, const Result& r) {
    std::vector<size_t> b, s;
    for (const Line& ln : r.lines) {
        b.push_back(ln.end);
        s.push_back(ln.start);
    }
    return score(items, p, b, s);
}

inline bool legal_break(const std::vector<Item>& items, size_t i) {
    const Item& it = items[i];
    if (it.type == Item::Type::Glue) return i > 0 && items[i - 1].type == Item::Type::Box;
    if (it.type == Item::Type::Penalty) return it.penalty < kInfPenalty;
    return false;
}

inline size_t start_after(const std::vector<Item>& items, size_t b) {
    size_t j = b + 1;
    while (j < items.size() && items[j].type != Item::Type::Box && !is_forced(items, j)) ++j;
    return j;
}

// Greedy first-fit (what word processors do): each line ends at the last legal break where
// its natural width still fits. Forced breaks are honoured.
inline Result first_fit(const std::vector<Item>& items, const Params& p) {
    Result res;
    size_t start = 0;
    size_t candidate = SIZE_MAX;
    for (size_t i = 0; i < items.size(); ++i) {
        if (!legal_break(items, i)) continue;
        const double width = p.line_widths[std::min(res.lines.size(), p.line_widths.size() - 1)];
        const Measure m = measure(items, start, i);
        if (m.natural > width && candidate != SIZE_MAX) {
            Line ln;
            ln.start = start;
            ln.end = candidate;
            ln.width = width;
            res.lines.push_back(ln);
            start = start_after(items, candidate);
            candidate = SIZE_MAX;
            if (i < start) continue;
        }
        candidate = i;
        if (is_forced(items, i)) {
            Line ln;
            ln.start = start;
            ln.end = i;
            ln.width = p.line_widths[std::min(res.lines.size(), p.line_widths.size() - 1)];
            res.lines.push_back(ln);
            start = start_after(items, i);
            candidate = SIZE_MAX;
        }
    }
    for (auto& ln : res.lines) ln.ratio = std::max(-1.0, ratio_of(measure(items, ln.start, ln.end), ln.width));
    return res;
}

// Is there a break sequence with every line within `tol` that satisfies `allowed`?
// allowed(prev_break_flagged, break_index, is_final) vetoes individual transitions. Dynamic
// programming over (breakpoint, previous break flagged), for a single line width.
template <class Allowed>
bool exists_feasible(const std::vector<Item>& items, double width, double tol, Allowed allowed) {
    const size_t n = items.size();
    // reach[i][f]: a sequence ends with a break at item i (n = paragraph start) whose flag is f.
    std::vector<std::array<bool, 2>> reach(n + 1, {false, false});
    reach[n][0] = true;
    for (size_t b = 0; b < n; ++b) {
        if (!legal_break(items, b)) continue;
        // Earlier starts only make the line longer: stop at the first overfull one.
        for (long a = long(b) - 1; a >= -1; --a) {  // a = -1: the paragraph start
            if (a >= 0 && !legal_break(items, size_t(a))) continue;
            const size_t from = a < 0 ? n : size_t(a);
            const size_t s = a < 0 ? 0 : start_after(items, size_t(a));
            if (b < s) continue;
            const double r = ratio_of(measure(items, s, b), width);
            if (r < -1) break;
            for (int f = 0; f < 2; ++f)
                if (reach[from][f] && r <= tol && allowed(f == 1, b, b == n - 1))
                    reach[b][is_flagged(items, b) ? 1 : 0] = true;
            if (a >= 0 && is_forced(items, size_t(a))) break;  // lines never span a forced break
        }
    }
    return reach[n - 1][0] || reach[n - 1][1];
}

inline Params params_for(double width) {
    Params p;
    p.line_widths = {width};
    return p;
}

}  // namespace lbtest
