#include <doctest/doctest.h>

#include "layout/flow.hpp"
#include "fixture.hpp"
#include "layout/paragraph.hpp"
#include "layout/text_util.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;

namespace {
using test::Fixture;

std::string all_text(const std::vector<LineBox>& lines) {
    std::string s;
    for (const auto& l : lines) {
        for (const auto& r : l.runs) s += r.text;
        s += '\n';
    }
    return s;
}
}  // namespace

TEST_CASE("TeX input conventions: dashes and curly quotes") {
    char32_t prev = 0;
    CHECK(typographic("2018--2022 --- done", true, true, prev) == "2018\u20132022 \u2014 done");
    prev = 0;
    CHECK(typographic("\"quoted\" and 'single'", true, true, prev) == "\u201Cquoted\u201D and \u2018single\u2019");
    prev = 0;
    CHECK(typographic("Dean's List, PLDI '22, (ICLR'21)", true, true, prev) ==
          "Dean\u2019s List, PLDI \u201922, (ICLR\u201921)");
    prev = 0;
    CHECK(typographic("a -- b 'x'", false, false, prev) == "a -- b 'x'");
}

TEST_CASE("a span with nothing to replace is copied, and its last character opens or closes the next quote") {
    // Spans of one paragraph in turn (as markup splits them): a quote after a span takes its
    // side from that span's last character, whether the span was copied whole or not.
    char32_t prev = 0;
    CHECK(typographic("see ", true, true, prev) == "see ");
    CHECK(prev == U' ');
    CHECK(typographic("'this'", true, true, prev) == "\u2018this\u2019");
    CHECK(typographic("word", true, true, prev) == "word");
    CHECK(prev == U'd');
    CHECK(typographic("'s", true, true, prev) == "\u2019s");  // after a letter: an apostrophe
    CHECK(typographic("caf\u00e9", true, true, prev) == "caf\u00e9");
    CHECK(prev == U'\u00e9');  // the last character, not its last byte
    CHECK(typographic("(", true, true, prev) == "(");
    CHECK(typographic("\"x\"", true, true, prev) == "\u201Cx\u201D");  // after "(": opening
    prev = U'z';
    CHECK(typographic("", true, true, prev).empty());
    CHECK(prev == U'z');  // an empty span leaves it
}

TEST_CASE("a soft hyphen is the only place its word may break, and it is not drawn") {
    Fixture f;
    InlineStyle st = f.ctx.resolve(f.spec.body.style);
    // Without the soft hyphen the dictionary would offer other points; with it, only this one.
    Paragraph p(f.ctx);
    p.add_text("aaaa bbbb cccc dddd eeee ffff super\u00ADcalifragilistic", st);
    auto lines = p.layout(150, true);
    std::string text = all_text(lines);
    CHECK(text.find("\u00AD") == std::string::npos);
    bool broke_there = text.find("super-\ncalifragilistic") != std::string::npos;
    bool whole = text.find("supercalifragilistic") != std::string::npos;
    CHECK((broke_there || whole));
}

TEST_CASE("small caps and links are never hyphenated") {
    Fixture f;
    style::TextStyle sc = f.spec.body.style;
    sc.small_caps = true;
    Paragraph p(f.ctx);
    p.add_text("internationalization representations rematerialization", f.ctx.resolve(sc));
    for (const auto& l : p.layout(90, true))
        for (const auto& r : l.runs) CHECK(r.text.back() != '-');
    Paragraph q(f.ctx);
    InlineStyle link = f.ctx.resolve(f.spec.body.style);
    link.link = "https://example.org";
    q.add_text("internationalization representations rematerialization", link);
    for (const auto& l : q.layout(90, true))
        for (const auto& r : l.runs) CHECK(r.text.back() != '-');
}

TEST_CASE("page breaks move from inside a paragraph to between bullets") {
    // Two bullets of 3 lines each; the page holds 5 lines, so the plain break would split
    // the second bullet after its second line. Keeps are off: only the block preference acts.
    std::vector<FlowLine> lines(6);
    for (size_t i = 0; i < lines.size(); ++i) {
        lines[i].box.ascent = 8;
        lines[i].box.descent = 2;
        lines[i].leading = 12;
        lines[i].box.rules.push_back({0, 0, 10, 1, {}});
        lines[i].starts_block = i % 3 == 0;
    }
    Column col{50, 50, 500, 50 + 8 + 12 * 4 + 2 + 1};
    page::Document doc;
    flow_lines(lines, {}, col, 612, 792, doc);
    REQUIRE(doc.pages.size() == 2);
    CHECK(doc.pages[0].rules.size() == 3);
    CHECK(doc.pages[1].rules.size() == 3);
}

TEST_CASE("a heading never ends a page: it moves with the lines it keeps") {
    std::vector<FlowLine> lines(7);
    for (auto& l : lines) {
        l.box.ascent = 8;
        l.box.descent = 2;
        l.leading = 12;
        l.box.rules.push_back({0, 0, 10, 1, {}});
    }
    // Line 4 is a heading kept with the next two lines.
    lines[4].keep_with_next = true;
    lines[5].keep_with_next = true;
    Column col{50, 50, 500, 50 + 8 + 12 * 4 + 2 + 1};  // 5 lines per page
    page::Document doc;
    flow_lines(lines, {"Heading"}, col, 612, 792, doc);
    REQUIRE(doc.pages.size() == 2);
    CHECK(doc.pages[0].rules.size() == 4);
    CHECK(doc.pages[1].rules.size() == 3);
}

TEST_CASE("a word hyphenated across lines carries the whole word once for text extraction") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text("Dynamic tensor rematerialization is a greedy gradient checkpointing algorithm for "
               "memory-constrained devices and rematerialization again",
               f.ctx.resolve(f.spec.body.style));
    auto lines = p.layout(95, true);
    int whole = 0, empty = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        for (const auto& r : lines[i].runs) {
            for (const auto& sp : r.actual_spans) {
                REQUIRE(sp.first + sp.count <= r.glyphs.size());
                if (sp.text.empty()) {
                    ++empty;
                    CHECK(sp.first == 0);  // the continuation starts its line
                } else {
                    ++whole;
                    CHECK(sp.first + sp.count == r.glyphs.size());  // the fragment ends its line
                    CHECK((sp.text.find('-') == std::string::npos || sp.text == "memory-constrained"));
                    CHECK(r.text.back() == '-');
                }
            }
        }
    }
    CHECK(whole >= 1);
    CHECK(empty == whole);
}

TEST_CASE("TeX's first pass: a paragraph that sets well without hyphens gets none") {
    Fixture f;
    const char* text =
        "Worked as a teaching assistant for principles of programming languages and helped "
        "redesign the course materials for various topics about formal verification";
    Paragraph wide(f.ctx);
    wide.add_text(text, f.ctx.resolve(f.spec.body.style));
    for (const auto& l : wide.layout(400, true))
        for (const auto& r : l.runs) CHECK(r.text.back() != '-');
    // The same words in a narrow measure cannot be set well without hyphenation.
    Paragraph narrow(f.ctx);
    narrow.add_text(text, f.ctx.resolve(f.spec.body.style));
    int hyphens = 0;
    for (const auto& l : narrow.layout(80, true))
        for (const auto& r : l.runs) hyphens += r.text.back() == '-';
    CHECK(hyphens >= 1);
}
