#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <stdexcept>

#include "lb_test_util.hpp"

using namespace lbtest;

namespace {

constexpr double kWidth = 300;  // ~ 55 characters of the fake font

void check_lines_fit(const std::vector<Item>& items, const Result& r, double tolerance) {
    REQUIRE(!r.lines.empty());
    for (size_t k = 0; k < r.lines.size(); ++k) {
        const Line& ln = r.lines[k];
        CAPTURE(k);
        CHECK(ln.start <= ln.end);
        CHECK(ln.ratio >= -1);
        CHECK(ln.ratio <= tolerance + 1e-9);
        CHECK_FALSE(ln.overfull);
        // Set with its ratio, every line is exactly as wide as asked; the last one too,
        // thanks to \parfillskip.
        CHECK(set_width(items, ln) == doctest::Approx(ln.width).epsilon(1e-12));
        if (k > 0) CHECK(ln.start > r.lines[k - 1].end);
        // Line::start points at a box (discardables after the break are dropped).
        if (ln.start < ln.end) CHECK(items[ln.start].type == Item::Type::Box);
    }
    CHECK(r.lines.back().end == items.size() - 1);
}

double variance(const std::vector<double>& v) {
    double mean = 0, var = 0;
    for (double x : v) mean += x;
    mean /= double(v.size());
    for (double x : v) var += (x - mean) * (x - mean);
    return var / double(v.size());
}

bool consecutive_flagged(const Result& r) {
    for (size_t k = 1; k < r.lines.size(); ++k)
        if (r.lines[k].hyphenated && r.lines[k - 1].hyphenated) return true;
    return false;
}

bool penultimate_flagged(const Result& r) { return r.lines.size() >= 2 && r.lines[r.lines.size() - 2].hyphenated; }

}  // namespace

TEST_CASE("frog king: lines fit and the result is reproducible from scratch") {
    const auto items = build(kFrogKing);
    const Params p = params_for(kWidth);
    const Result r = break_lines(items, p);
    CHECK(r.pass == 1);
    CHECK_FALSE(r.overfull);
    check_lines_fit(items, r, p.tolerance);
    // Demerits reported == demerits recomputed naively from the chosen lines.
    CHECK(r.demerits == doctest::Approx(score(items, p, r)).epsilon(1e-12));
    double sum = 0;
    for (const Line& ln : r.lines) sum += ln.demerits;
    CHECK(sum == doctest::Approx(r.demerits).epsilon(1e-12));
    for (const Line& ln : r.lines) CHECK(ln.width == kWidth);
}

TEST_CASE("optimum beats greedy first-fit on demerits and evenness") {
    for (double width : {250.0, 300.0, 350.0, 400.0}) {
        CAPTURE(width);
        const auto items = build(kFrogKing);
        Params p = params_for(width);
        const Result best = break_lines(items, p);
        const Result greedy = first_fit(items, p);
        const double d_best = score(items, p, best), d_greedy = score(items, p, greedy);
        CHECK(d_best <= d_greedy);
        // Evenness, over all lines but the last: the worst line is no worse, and the
        // lines' badness adds up to no more.
        auto worst = [](const Result& r) {
            double m = 0;
            for (size_t k = 0; k + 1 < r.lines.size(); ++k) m = std::max(m, std::fabs(r.lines[k].ratio));
            return m;
        };
        auto total_badness = [](const Result& r) {
            double t = 0;
            for (size_t k = 0; k + 1 < r.lines.size(); ++k) t += std::min(1e4, 100 * std::pow(std::fabs(r.lines[k].ratio), 3));
            return t;
        };
        CHECK(worst(best) <= worst(greedy) + 1e-12);
        CHECK(total_badness(best) <= total_badness(greedy) + 1e-9);
    }
    // And strictly better somewhere, otherwise the comparison proves nothing.
    const auto items = build(kFrogKing);
    const Params p = params_for(kWidth);
    CHECK(score(items, p, break_lines(items, p)) < score(items, p, first_fit(items, p)));
}

TEST_CASE("total fit is optimal: exhaustive search on small random paragraphs") {
    std::mt19937 rng(12345);
    int checked = 0, loose_checked = 0;
    for (int trial = 0; trial < 800; ++trial) {
        // 6–11 words of 1–10 characters, some with a hyphenation point, some forced breaks.
        std::vector<Item> items;
        const int nwords = 6 + int(rng() % 6);
        for (int w = 0; w < nwords; ++w) {
            if (w > 0) {
                if (rng() % 12 == 0)
                    append_forced_break(items);
                else
                    append_space_justified(items, kSpace, kSpaceStretch, kSpaceShrink);
            }
            const int len = 1 + int(rng() % 10);
            if (len >= 5 && rng() % 2) {
                append_word(items, kChar * 2);
                append_hyphen_point(items, kHyphenW, rng() % 3 == 0 ? -20 : 50);
                append_word(items, kChar * (len - 2));
            } else {
                append_word(items, kChar * len);
            }
        }
        finish_paragraph(items);
        Params p;
        p.line_widths = {60.0 + double(rng() % 60), 80.0 + double(rng() % 60)};
        p.tolerance = 2 + double(rng() % 4);  // up to 5: past the badness cap, too
        p.fitness_demerits = double(rng() % 2) * 3000;
        p.flagged_demerits = double(rng() % 2) * 3000;
        p.final_hyphen_demerits = double(rng() % 2) * 5000;

        // Enumerate every break sequence whose lines are within tolerance.
        double best = INFINITY;
        std::map<size_t, double> best_by_count;  // line count -> fewest demerits
        std::vector<size_t> breaks, starts;
        std::function<void(size_t, bool)> rec = [&](size_t start, bool prev_forced) {
            const size_t k = breaks.size();
            const double width = p.line_widths[std::min(k, p.line_widths.size() - 1)];
            for (size_t b = start; b < items.size(); ++b) {
                if (!legal_break(items, b)) continue;
                const bool blank = b == start && prev_forced && is_forced(items, b);
                const double r = blank ? 0 : ratio_of(measure(items, start, b), width);
                if (r < -1) break;
                if (r <= p.tolerance) {
                    breaks.push_back(b);
                    starts.push_back(start);
                    if (b == items.size() - 1) {
                        const double d = score(items, p, breaks, starts);
                        best = std::min(best, d);
                        auto [it, fresh] = best_by_count.try_emplace(breaks.size(), d);
                        if (!fresh) it->second = std::min(it->second, d);
                    } else
                        rec(start_after(items, b), is_forced(items, b));
                    breaks.pop_back();
                    starts.pop_back();
                }
                if (is_forced(items, b)) break;
            }
        };
        rec(0, true);
        const Result r = break_lines(items, p);
        CAPTURE(trial);
        if (std::isinf(best)) {
            CHECK(r.pass > 1);
        } else {
            REQUIRE(r.pass == 1);
            CHECK(r.demerits == doctest::Approx(best).epsilon(1e-12));
            CHECK(score(items, p, r) == doctest::Approx(best).epsilon(1e-12));
            ++checked;
            // Looseness ±1: when pass 1 offers that many lines, it must give the best such set.
            for (int loose : {-1, 1}) {
                const size_t target = r.lines.size() + size_t(loose);
                auto it = best_by_count.find(target);
                if (it == best_by_count.end()) continue;
                Params pl = p;
                pl.looseness = loose;
                const Result rl = break_lines(items, pl);
                CAPTURE(loose);
                CHECK(rl.pass == 1);
                CHECK(rl.lines.size() == target);
                CHECK(rl.demerits == doctest::Approx(it->second).epsilon(1e-12));
                ++loose_checked;
            }
        }
    }
    CHECK(checked > 250);
    CHECK(loose_checked > 10);
}

TEST_CASE("forced breaks are honoured, blank lines between consecutive ones") {
    std::vector<Item> items;
    for (const std::string& w : words_of("Senior engineer at Example Corp")) {
        if (!items.empty()) append_space_justified(items, kSpace, kSpaceStretch, kSpaceShrink);
        append_word(items, kChar * double(w.size()));
    }
    append_forced_break(items);
    const size_t forced1 = items.size() - 1;
    append_forced_break(items);  // nothing in between: a deliberate blank line
    const size_t forced2 = items.size() - 1;
    for (const std::string& w : words_of("Berlin 2019 to 2024")) {
        if (items.back().type == Item::Type::Box) append_space_justified(items, kSpace, kSpaceStretch, kSpaceShrink);
        append_word(items, kChar * double(w.size()));
    }
    finish_paragraph(items);
    const Result r = break_lines(items, params_for(kWidth));
    REQUIRE(r.lines.size() == 3);
    CHECK(r.pass == 1);
    CHECK(r.lines[0].end == forced1);
    CHECK(r.lines[1].start == forced2);
    CHECK(r.lines[1].end == forced2);
    CHECK(r.lines[2].start == forced2 + 1);
    // Short lines ended by a forced break are filled by fil glue, not stretched.
    CHECK(r.lines[0].ratio < 1e-3);
    CHECK(r.lines[0].badness < 1e-6);
}

TEST_CASE("infinite penalties are never break points") {
    std::vector<Item> items;
    std::vector<size_t> forbidden;
    const auto words = words_of(kFrogKing);
    for (size_t k = 0; k < words.size(); ++k) {
        if (k > 0) {
            if (k % 3 == 0) {  // every third space is a no-break space
                forbidden.push_back(items.size());
                forbidden.push_back(items.size() + 1);
                append_space_nobreak(items, kSpace, kSpaceStretch, kSpaceShrink);
            } else {
                append_space_justified(items, kSpace, kSpaceStretch, kSpaceShrink);
            }
        }
        append_word(items, kChar * double(words[k].size()));
        if (k % 5 == 0) {
            forbidden.push_back(items.size());
            items.push_back(Item::pen(0, kInfPenalty));
            items.push_back(Item::pen(0, 2 * kInfPenalty));  // "more than infinite" too
            forbidden.push_back(items.size() - 1);
        }
    }
    finish_paragraph(items);
    for (double width : {150.0, 200.0, 260.0, 333.0}) {
        const Result r = break_lines(items, params_for(width));
        for (const Line& ln : r.lines)
            CHECK(std::find(forbidden.begin(), forbidden.end(), ln.end) == forbidden.end());
    }
}

TEST_CASE("consecutive hyphenated lines are avoided when an alternative exists") {
    auto en = Hyphenator::for_language("en");
    REQUIRE(en);
    const auto items = build(kFrogKing, {en.get(), 0});
    int cases = 0, unavoidable = 0;
    for (double width = 120; width <= 320; width += 2) {
        Params lax = params_for(width);
        lax.flagged_demerits = 0;
        lax.final_hyphen_demerits = 0;
        lax.tolerance = 3;
        const Result r0 = break_lines(items, lax);
        if (r0.pass != 1 || !consecutive_flagged(r0)) continue;
        CAPTURE(width);
        const bool avoidable = exists_feasible(items, width, lax.tolerance, [&](bool prev_flag, size_t b, bool final) {
            return !(prev_flag && !final && is_flagged(items, b));
        });
        Params strict = lax;
        strict.flagged_demerits = 1e9;  // larger than any plausible sum of other demerits
        const Result r1 = break_lines(items, strict);
        REQUIRE(r1.pass == 1);
        CHECK(consecutive_flagged(r1) == !avoidable);
        CHECK(score(items, strict, r1) == doctest::Approx(r1.demerits).epsilon(1e-12));
        ++cases;
        unavoidable += !avoidable;
    }
    CHECK(cases - unavoidable > 3);  // the scan must have found paragraphs where it matters
}

TEST_CASE("no hyphen on the next-to-last line when avoidable") {
    auto en = Hyphenator::for_language("en");
    REQUIRE(en);
    const auto items = build(kFrogKing, {en.get(), 0});
    int cases = 0, unavoidable = 0;
    for (double width = 120; width <= 320; width += 1) {
        Params lax = params_for(width);
        lax.final_hyphen_demerits = 0;
        lax.tolerance = 3;
        const Result r0 = break_lines(items, lax);
        if (r0.pass != 1 || !penultimate_flagged(r0)) continue;
        CAPTURE(width);
        const bool avoidable =
            exists_feasible(items, width, lax.tolerance, [](bool prev_flag, size_t, bool final) { return !(final && prev_flag); });
        Params strict = lax;
        strict.final_hyphen_demerits = 1e9;
        const Result r1 = break_lines(items, strict);
        REQUIRE(r1.pass == 1);
        CHECK(penultimate_flagged(r1) == !avoidable);
        ++cases;
        unavoidable += !avoidable;
    }
    CHECK(cases - unavoidable > 3);
    Params p = params_for(kWidth);
    const Result r = break_lines(items, p);
    CHECK(r.demerits == doctest::Approx(score(items, p, r)).epsilon(1e-12));
}

TEST_CASE("looseness +1 gives one more line, -1 one fewer when possible") {
    const auto items = build(kFrogKing);
    Params p = params_for(kWidth);
    p.tolerance = 3;
    const Result base = break_lines(items, p);
    p.looseness = 1;
    const Result looser = break_lines(items, p);
    CHECK(looser.lines.size() == base.lines.size() + 1);
    check_lines_fit(items, looser, p.retry_tolerance);

    // Tighter: allow shrinking text by a width slightly over the optimum's natural length.
    p.looseness = -1;
    const Result tighter = break_lines(items, p);
    CHECK(tighter.lines.size() <= base.lines.size());
    for (const Line& ln : tighter.lines) CHECK(ln.ratio >= -1);

    p.looseness = 50;  // impossible: as many lines as feasible, no crash
    const Result many = break_lines(items, p);
    CHECK(many.lines.size() >= looser.lines.size());
    CHECK_FALSE(many.overfull);
}

TEST_CASE("overlong box: overfull result, no crash") {
    SUBCASE("alone") {
        std::vector<Item> items{Item::box(1000)};
        finish_paragraph(items);
        const Result r = break_lines(items, params_for(kWidth));
        CHECK(r.overfull);
        CHECK(r.pass == 3);
        REQUIRE(r.lines.size() == 1);
        CHECK(r.lines[0].overfull);
        CHECK(r.lines[0].start == 0);
        CHECK(r.lines[0].ratio == 0);  // nothing can shrink: set at natural width
    }
    SUBCASE("hand-made ending without penalty(inf) before the fill glue") {
        std::vector<Item> items{Item::box(1000), Item::glue(0, kFilStretch, 0), Item::pen(0, -kInfPenalty)};
        const Result r = break_lines(items, params_for(kWidth));
        CHECK(r.overfull);
        CHECK(r.lines.size() == 1);  // not [box] + an empty line
    }
    SUBCASE("no final forced break at all") {
        std::vector<Item> items{Item::box(100), Item::glue(3, 1, 1), Item::box(100)};
        const Result r = break_lines(items, params_for(kWidth));
        REQUIRE(r.lines.size() == 1);
        CHECK(r.lines[0].end == items.size());
    }
    SUBCASE("in the middle of a paragraph") {
        std::string text(kFrogKing.substr(0, 200));
        text += " https://example.com/a/very/long/url/that/cannot/be/broken/anywhere/at/all/really ";
        text += std::string(kFrogKing.substr(200, 200));
        const auto items = build(text);
        const Result r = break_lines(items, params_for(kWidth));
        CHECK(r.overfull);
        int over = 0;
        for (const Line& ln : r.lines) {
            over += ln.overfull;
            CHECK(ln.ratio >= -1);
            CHECK(std::isfinite(ln.ratio));
        }
        CHECK(over == 1);  // only the URL's line sticks out
    }
    SUBCASE("every word too wide") {
        const auto items = build(kFrogKing);
        const Result r = break_lines(items, params_for(12));
        CHECK(r.overfull);
        CHECK(r.lines.size() == words_of(kFrogKing).size());  // one word per line minimises overflow
    }
}

TEST_CASE("second pass rescues a paragraph that only fits loosely") {
    // Two words with very little stretch on a wide line: r ≈ 3, beyond tolerance 2.
    // Ends without \parfillskip (a fully justified last line), so the line has to stretch.
    std::vector<Item> items{Item::box(100), Item::glue(3.375, 1.6875, 1.125), Item::box(100),
                            Item::glue(3.375, 1.6875, 1.125), Item::box(100), Item::pen(0, -kInfPenalty)};
    Params p = params_for(320);
    p.looseness = 0;
    // One line would need r = (320-306.75)/3.375 ≈ 3.9: feasible only on the second pass.
    const Result r = break_lines(items, p);
    CHECK(r.pass == 2);
    CHECK_FALSE(r.overfull);
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines[0].ratio == doctest::Approx((320 - 306.75) / 3.375));
    // Emergency stretch makes the line look better to the optimiser, but the ratio
    // reported for setting it stays the real one.
    p.emergency_stretch = 20;
    const Result e = break_lines(items, p);
    CHECK(e.pass == 2);
    CHECK(e.lines[0].ratio == doctest::Approx((320 - 306.75) / 3.375));
    CHECK(e.lines[0].badness < r.lines[0].badness);
}

TEST_CASE("empty paragraphs") {
    std::vector<Item> items;
    CHECK(break_lines(items, params_for(kWidth)).lines.empty());
    finish_paragraph(items);
    CHECK(items.size() == 3);
    CHECK(break_lines(items, params_for(kWidth)).lines.empty());
    CHECK_THROWS_AS(break_lines(items, Params{}), std::invalid_argument);
}

TEST_CASE("finish_paragraph drops a trailing space") {
    std::vector<Item> items;
    append_word(items, 10);
    append_space_ragged(items, kSpace, 10);
    finish_paragraph(items);
    REQUIRE(items.size() == 4);
    CHECK(items[1].type == Item::Type::Penalty);
    CHECK(items[1].penalty == kInfPenalty);
    const Result r = break_lines(items, params_for(kWidth));
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines[0].end == 3);
}

TEST_CASE("variable line widths: a narrower first line") {
    const auto items = build(kFrogKing);
    Params p;
    p.line_widths = {200, kWidth};
    const Result r = break_lines(items, p);
    REQUIRE(r.lines.size() > 2);
    check_lines_fit(items, r, p.tolerance);
    CHECK(r.lines[0].width == 200);
    for (size_t k = 1; k < r.lines.size(); ++k) CHECK(r.lines[k].width == kWidth);
    CHECK(r.lines[0].natural < 230);
    CHECK(r.demerits == doctest::Approx(score(items, p, r)).epsilon(1e-12));

    // Hanging shape: three narrow lines, then full width.
    p.line_widths = {200, 200, 200, kWidth};
    const Result h = break_lines(items, p);
    CHECK(h.pass == 1);
    check_lines_fit(items, h, p.tolerance);
    CHECK(h.lines[2].width == 200);
    CHECK(h.lines[3].width == kWidth);
    CHECK(h.demerits == doctest::Approx(score(items, p, h)).epsilon(1e-12));
}

TEST_CASE("ragged right through glue: even lines, natural word spacing") {
    const double rag = kRaggedStretchInSpaces * kSpace;
    auto en = Hyphenator::for_language("en");
    for (const Hyphenator* hy : {static_cast<const Hyphenator*>(nullptr), en.get()}) {
        CAPTURE(hy != nullptr);
        const auto items = build(kFrogKing, {hy, rag});
        Params p = params_for(kWidth);
        const Result r = break_lines(items, p);
        CHECK(r.pass == 1);
        REQUIRE(r.lines.size() > 3);
        std::vector<double> opt_len, greedy_len;
        for (size_t k = 0; k < r.lines.size(); ++k) {
            const Line& ln = r.lines[k];
            // Set with the ratio, every line still fills the measure, so word spacing is
            // natural: the ±rag pairs inside a line cancel, only the rag at the end stretches.
            CHECK(set_width(items, ln) == doctest::Approx(kWidth));
            CHECK(ln.natural <= kWidth + 1e-9);
            CHECK(measure(items, ln.start, ln.end).stretch == doctest::Approx(k + 1 < r.lines.size() ? rag : kFilStretch));
            if (k + 1 < r.lines.size()) opt_len.push_back(ln.natural);
        }
        const Result g = first_fit(items, p);
        for (size_t k = 0; k + 1 < g.lines.size(); ++k) greedy_len.push_back(measure(items, g.lines[k].start, g.lines[k].end).natural);
        CHECK(variance(opt_len) < variance(greedy_len));
    }
}

TEST_CASE("zero-width glue and negative stretch are plain items") {
    // glue(0, 10, 0) pen(0) glue(0, -10, 0) between boxes: a break costs nothing extra and
    // the net stretch of an unbroken line is 0 (+ any real glue).
    std::vector<Item> items{Item::box(50), Item::glue(0, 10, 0), Item::pen(0, 0), Item::glue(0, -10, 0),
                            Item::box(50), Item::glue(0, 10, 0), Item::pen(0, 0), Item::glue(0, -10, 0),
                            Item::box(50)};
    finish_paragraph(items);
    const Result r = break_lines(items, params_for(105));
    REQUIRE(r.lines.size() == 2);
    CHECK(r.lines[0].end == 6);  // the penalty, keeping the +10 glue on the line
    CHECK(r.lines[0].ratio == doctest::Approx(0.5));
    CHECK(r.lines[1].start == 8);
}

TEST_CASE("repeated calls are independent (scratch reuse)") {
    const auto a = build(kFrogKing);
    const auto b = build(kFrogKing.substr(0, 120));
    const Params p = params_for(kWidth);
    const Result ra1 = break_lines(a, p);
    const Result rb = break_lines(b, p);
    const Result ra2 = break_lines(a, p);
    REQUIRE(ra1.lines.size() == ra2.lines.size());
    for (size_t k = 0; k < ra1.lines.size(); ++k) CHECK(ra1.lines[k].end == ra2.lines[k].end);
    CHECK(rb.lines.size() < ra1.lines.size());
}
