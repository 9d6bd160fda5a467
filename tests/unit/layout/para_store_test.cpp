#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "../temp_dir.hpp"
#include "fixture.hpp"
#include "base/byte_reader.hpp"
#include "layout/para_store.hpp"
#include "layout/paragraph.hpp"
#include "style/markup.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;

namespace {

StoredParagraph sample() {
    StoredParagraph p;
    p.fonts = {{"/f/a.ttf", 0, "stamp a"}, {"/f/b.otf", 2, "stamp b"}};
    p.empty = false;
    LineBox a;
    a.width = 123.25f, a.ascent = 7.5f, a.descent = 2.5f, a.top = 8.75f, a.right_part = 1;
    page::GlyphRun r;
    r.font = 1, r.size = 9.5f, r.color = {0.1f, 0.2f, 0.3f}, r.x = -0.0f, r.y = 1e-7f;
    r.text = "rematerial-";
    r.glyphs = {{17, 5.25f, 0.5f, -0.25f, 0}, {65535, 3.0f, 0, 0, 10}};
    r.actual_text = "";
    r.actual_spans = {{1, 1, "rematerialization,"}};
    r.struct_elem = 4;
    a.runs = {r, page::GlyphRun{}};
    a.rules = {{1, 2, 3, 0.4f, {0.5f, 0.5f, 0.5f}, -1}};
    a.links = {{0, -7, 50, 9, "https://example.org/a?b=c&d", 3}};
    a.units = {{0, 50}, {60, 123.25f}};
    a.run_unit = {0, 1}, a.rule_unit = {-1}, a.link_unit = {0};
    LineBox b;  // right_part unset, nothing in it
    p.lines = {a, b};
    return p;
}

}  // namespace

TEST_CASE("a stored paragraph decodes to every field it was encoded from, floats bit for bit") {
    const StoredParagraph p = sample();
    const std::string bytes = encode_paragraph(p);
    StoredParagraph q;
    REQUIRE(decode_paragraph(bytes, q));
    CHECK(encode_paragraph(q) == bytes);
    CHECK(q.fonts == p.fonts);
    CHECK_FALSE(q.empty);
    REQUIRE(q.lines.size() == 2);
    const LineBox& a = q.lines[0];
    CHECK(a.width == 123.25f);
    CHECK(a.top == 8.75f);
    CHECK(a.right_part == 1);
    CHECK(q.lines[1].right_part == size_t(-1));
    REQUIRE(a.runs.size() == 2);
    const page::GlyphRun& r = a.runs[0];
    CHECK(r.font == 1);
    CHECK(std::signbit(r.x));  // -0 stays -0
    CHECK(r.y == 1e-7f);
    CHECK(r.text == "rematerial-");
    REQUIRE(r.glyphs.size() == 2);
    CHECK(r.glyphs[1].gid == 65535);
    CHECK(r.glyphs[0].dy == -0.25f);
    CHECK(r.glyphs[1].cluster == 10);
    REQUIRE(r.actual_spans.size() == 1);
    CHECK(r.actual_spans[0].text == "rematerialization,");
    CHECK(r.struct_elem == 4);
    CHECK(a.rules[0].height == 0.4f);
    CHECK(a.links[0].uri == "https://example.org/a?b=c&d");
    CHECK(a.links[0].y == -7);
    CHECK(a.units[1].x1 == 123.25f);
    CHECK(a.rule_unit == std::vector<int>{-1});
}

TEST_CASE("damaged stored paragraphs are refused, never half-read") {
    const std::string bytes = encode_paragraph(sample());
    StoredParagraph q;
    for (size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(decode_paragraph(bytes.substr(0, n), q));
    CHECK_FALSE(decode_paragraph(bytes + "x", q));
    std::string bad_flag = bytes;
    bad_flag[0] = '7';
    CHECK_FALSE(decode_paragraph(bad_flag, q));
    // A run naming a font the paragraph does not list.
    StoredParagraph p = sample();
    p.lines[0].runs[1].font = 2;
    CHECK_FALSE(decode_paragraph(encode_paragraph(p), q));
    // A count far beyond the bytes left: refused without allocating for it.
    std::string huge = bytes.substr(0, 1);
    put_u32(huge, 0xFFFFFFF0u);
    CHECK_FALSE(decode_paragraph(huge, q));
}

TEST_CASE("a paragraph set once is taken from the store by the next run, with the same fonts in the same order") {
    cvpdf::test::TempDir dir;
    auto run = [&](bool& hit, std::string& lines, std::vector<std::string>& fonts, bool& head_empty) {
        layout::test::Fixture f;
        f.res.use_stores(dir.path);
        f.res.use_paragraph_store(dir.path);
        const size_t hits = f.res.paragraphs.hits();
        Paragraph p(f.ctx);
        model::Text t;
        t.src = "Rematerialization with $\\alpha^2$ and a [link](https://example.org), **bold** too.";
        p.add_spans(style::parse_inline(t), f.spec.body.style);
        StoredParagraph sp;
        sp.lines = p.layout(200, true);
        Paragraph head(f.ctx);
        head.add_text("2019 – 2021", f.body());
        sp.lines.push_back(head.single_line());
        head_empty = head.empty();
        lines = encode_paragraph(sp);
        for (const auto& fr : f.doc.fonts) fonts.push_back(fr.path);
        hit = f.res.paragraphs.hits() > hits;
        f.res.save_stores();
    };
    bool hit1 = false, hit2 = false, e1 = true, e2 = true;
    std::string l1, l2;
    std::vector<std::string> f1, f2;
    run(hit1, l1, f1, e1);
    CHECK_FALSE(hit1);
    REQUIRE(dir.files("paras-").size() == 1);
    run(hit2, l2, f2, e2);
    CHECK(hit2);
    CHECK(l1 == l2);
    CHECK(f1 == f2);
    CHECK(f1.size() >= 2);  // the text font and the math font
    CHECK_FALSE(e1);
    CHECK(e1 == e2);  // empty() answers alike from the store
}

TEST_CASE("another width, or a spec built in code, finds nothing stored") {
    cvpdf::test::TempDir dir;
    {
        layout::test::Fixture f;
        f.res.use_paragraph_store(dir.path);
        Paragraph p(f.ctx);
        p.add_text("a few words to set in a narrow column", f.body());
        p.layout(120, false);
        f.res.save_stores();
    }
    {
        layout::test::Fixture f;
        f.res.use_paragraph_store(dir.path);
        Paragraph p(f.ctx);
        p.add_text("a few words to set in a narrow column", f.body());
        p.layout(121, false);
        CHECK(f.res.paragraphs.hits() == 0);
        p.layout(120, false);  // the same paragraph, asked again at the stored width
        CHECK(f.res.paragraphs.hits() == 1);
    }
    {
        layout::test::Fixture f;
        f.spec.fingerprint.clear();
        f.res.use_paragraph_store(dir.path);
        CHECK(f.ctx.paragraph_salt().empty());
        Paragraph p(f.ctx);
        p.add_text("a few words to set in a narrow column", f.body());
        CHECK_FALSE(p.layout(120, false).empty());
        CHECK(f.res.paragraphs.hits() == 0);
    }
}

TEST_CASE("the fuzzer's seed for stored paragraphs is a valid one") {
    std::ifstream in(std::string(CVPDF_SOURCE_DIR) + "/tests/fuzz/corpus/cache/paragraph-seed", std::ios::binary);
    const std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(seed.size() > 1);
    REQUIRE(seed[0] == 'L');
    StoredParagraph p;
    REQUIRE(decode_paragraph(std::string_view(seed).substr(1), p));
    CHECK(p.lines.size() == 1);
    CHECK(p.lines[0].runs[0].text == "ab");
    CHECK(p.lines[0].links[0].uri == "https://example.org");
    CHECK(encode_paragraph(p) == seed.substr(1));
}
