#include <doctest/doctest.h>

#include <cmath>

#include "layout/cv_layout.hpp"
#include "layout/flow.hpp"
#include "fixture.hpp"
#include "layout/paragraph.hpp"
#include "model/cv.hpp"
#include "style/layout_spec.hpp"
#include "style/locale.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;

namespace {
using test::Fixture;

float run_width(const page::GlyphRun& r) {
    float w = 0;
    for (const auto& g : r.glyphs) w += g.advance;
    return w;
}

float line_right(const LineBox& l) {
    float right = 0;
    for (const auto& r : l.runs) right = std::max(right, r.x + run_width(r));
    return right;
}

const char* kText =
    "Dynamic Tensor Rematerialization (DTR) is a greedy gradient checkpointing algorithm. DTR enables "
    "training Deep Learning models on memory-constrained devices. Unlike previous approaches, DTR does not "
    "need any information of the DL model architectures ahead-of-time; instead it saves memory by evicting "
    "and recomputing tensors on the fly, i.e. trading time for memory.";
}  // namespace

TEST_CASE("justified lines all end on the right edge except the last") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text(kText, f.body());
    auto lines = p.layout(300, true);
    REQUIRE(lines.size() >= 4);
    for (size_t i = 0; i + 1 < lines.size(); ++i) CHECK(line_right(lines[i]) == doctest::Approx(300).epsilon(0.002));
    CHECK(line_right(lines.back()) < 300);
}

TEST_CASE("ragged lines never exceed the width and keep natural word spaces") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text(kText, f.body());
    auto lines = p.layout(300, false);
    REQUIRE(lines.size() >= 4);
    for (const auto& l : lines) CHECK(line_right(l) <= 300.01f);
}

TEST_CASE("the text of the runs gives back the words, with real spaces between them") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text("fine  office   flow", f.body());
    LineBox l = p.single_line();
    REQUIRE(l.runs.size() == 1);
    CHECK(l.runs[0].text == "fine office flow");
    // Ligatures: fewer glyphs than characters, clusters increasing.
    CHECK(l.runs[0].glyphs.size() < l.runs[0].text.size());
    for (size_t i = 1; i < l.runs[0].glyphs.size(); ++i)
        CHECK(l.runs[0].glyphs[i].cluster > l.runs[0].glyphs[i - 1].cluster);
}

TEST_CASE("a style change starts a new run; the gap is a space glyph in the left run") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text("plain ", f.body());
    p.add_text("bold", f.ctx.resolve(f.spec.body.style, style::Face::Bold));
    LineBox l = p.single_line();
    REQUIRE(l.runs.size() == 2);
    CHECK(l.runs[0].text == "plain ");
    CHECK(l.runs[1].text == "bold");
    CHECK(l.runs[1].x == doctest::Approx(l.runs[0].x + run_width(l.runs[0])));
}

TEST_CASE("narrow columns hyphenate, and a hyphenated line ends with a hyphen") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text(kText, f.body());
    auto lines = p.layout(120, true);
    int hyphenated = 0;
    for (const auto& l : lines)
        if (!l.runs.empty() && l.runs.back().text.back() == '-') ++hyphenated;
    CHECK(hyphenated >= 1);
}

TEST_CASE("links get a clickable rectangle over their words") {
    Fixture f;
    Paragraph p(f.ctx);
    InlineStyle link = f.body();
    link.link = "https://example.org";
    p.add_text("see ", f.body());
    p.add_text("the project page", link);
    LineBox l = p.single_line();
    REQUIRE(l.links.size() == 1);
    CHECK(l.links[0].uri == "https://example.org");
    CHECK(l.links[0].x > 0);
    CHECK(l.links[0].width > 40);
}

TEST_CASE("dates are formatted by the layout") {
    style::DateSpec d;
    d.months = style::locale_for("en").months;
    d.present = "Now";
    d.range_separator = "—";
    model::Dates r;
    r.start = {model::Date::Kind::Exact, 2018, 9, 0, "", {}};
    r.end = {model::Date::Kind::Present, 0, 0, 0, "", {}};
    CHECK(format_dates(r, d) == "Sept.\u00A02018—Now");
    r.end = {model::Date::Kind::Literal, 0, 0, 0, "Est. Jun. 2022", {}};
    CHECK(format_dates(r, d) == "Sept.\u00A02018—Est. Jun. 2022");
    model::Dates single;
    single.date = {model::Date::Kind::Exact, 2021, 0, 0, "", {}};
    CHECK(format_dates(single, d) == "2021");
}

TEST_CASE("flow: a kept chain moves to the next page together") {
    std::vector<FlowLine> lines(10);
    for (auto& l : lines) {
        l.box.ascent = 8;
        l.box.descent = 2;
        l.leading = 12;
        l.box.rules.push_back({0, 0, 10, 1, {}});  // something to draw, to count lines per page
    }
    lines[6].keep_with_next = true;  // lines 6 and 7 must share a page
    lines[7].keep_with_next = false;
    Column col{50, 50, 500, 50 + 8 + 12 * 6 + 2 + 1};  // room for exactly 7 lines (0..6)
    page::Document doc;
    flow_lines(lines, {}, col, 612, 792, doc);
    REQUIRE(doc.pages.size() == 2);
    // Line 6 could fit on page 1 but is kept with 7, so page 1 has lines 0..5 only.
    CHECK(doc.pages[0].rules.size() == 6);
    CHECK(doc.pages[1].rules.size() == 4);
    // The first line on a page sits at the column top plus its ascent.
    CHECK(doc.pages[1].rules[0].y == doctest::Approx(50 + 8));

    // Without the keep, 7 lines fit on the first page.
    lines[6].keep_with_next = false;
    page::Document doc2;
    flow_lines(lines, {}, col, 612, 792, doc2);
    CHECK(doc2.pages[0].rules.size() == 7);
}

TEST_CASE("shaping is cached across paragraphs and jobs: a second render shapes nothing") {
    style::LayoutSpec spec = style::load_layout("classic");
    model::Cv cv = model::load_cv_file(CVPDF_SOURCE_DIR "/data/mike-he.toml");
    Resources res;
    LayoutResult first = layout_cv(cv, spec, res);
    const size_t calls = res.shaper.shape_calls();
    size_t glyphs = 0;
    for (const auto& p : first.doc.pages)
        for (const auto& r : p.runs) glyphs += r.glyphs.size();
    // Each distinct word (per font, size and features) is shaped once: far fewer calls than glyphs.
    CHECK(calls == res.shaper.cache_size());
    CHECK(calls * 5 < glyphs);
    LayoutResult second = layout_cv(cv, spec, res);
    CHECK(res.shaper.shape_calls() == calls);
    CHECK(page::dump(second.doc) == page::dump(first.doc));
}
