// Unit tests of the PDF writer's pure helpers: number formatting, UTF-16, hashes, dates,
// cluster texts and the ToUnicode CMap.
#include <doctest/doctest.h>

#include <charconv>
#include <set>
#include <cmath>

#include "pdf/font_usage.hpp"
#include "pdf/pdf_format.hpp"
#include "pdf/tounicode.hpp"

using namespace cvpdf;
using namespace cvpdf::pdf;

static std::string num(double v) {
    std::string s;
    append_num(s, v);
    return s;
}

TEST_CASE("append_num: at most 3 decimals, no trailing zeros, no -0") {
    CHECK(num(0) == "0");
    CHECK(num(-0.0) == "0");
    CHECK(num(-0.0004) == "0");
    CHECK(num(12) == "12");
    CHECK(num(12.5) == "12.5");
    CHECK(num(841.89) == "841.89");
    CHECK(num(1.23456) == "1.235");
    CHECK(num(-78.1234) == "-78.123");
    CHECK(num(0.1 + 0.2) == "0.3");
    CHECK(num(1e9) == "1000000000");
    CHECK(num(0.05) == "0.05");
    CHECK(num(0.001) == "0.001");
    CHECK(num(-0.5) == "-0.5");
    CHECK(num(-1000.0005) == "-1000.001");
    CHECK(num(1e300).size() == 301);  // absurd, but still a plain PDF number
}

TEST_CASE("append_num: the digits of the value rounded to 3 decimals, over a million values") {
    auto reference = [](double v) {  // the formatter's definition, via the library's decimal printing
        double r = std::round(v * 1000.0) / 1000.0;
        if (r == 0) r = 0;
        char buf[64];
        char* end = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 3).ptr;
        while (end[-1] == '0') --end;
        if (end[-1] == '.') --end;
        return std::string(buf, end);
    };
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 1000000; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        const double v = (double(x % 2000000001) - 1e9) / double(1 + (x >> 40) % 100000);
        REQUIRE_MESSAGE(num(v) == reference(v), v);
    }
}

TEST_CASE("append_code_literal: two raw bytes, delimiters and line ends escaped") {
    std::string s;
    pdf::append_code_literal(s, 0x0041);
    CHECK(s == std::string("\0A", 2));
    s.clear();
    pdf::append_code_literal(s, 0x2829);  // ( )
    CHECK(s == "\\(\\)");
    s.clear();
    pdf::append_code_literal(s, 0x5C0D);  // \ CR
    CHECK(s == "\\\\\\r");
    s.clear();
    pdf::append_code_literal(s, 0x0AFF);  // LF, then a high byte kept raw
    CHECK(s == "\\n\xFF");
    // Every code reads back as itself under the literal-string rules of PDF 32000-1 §7.3.4.2.
    for (unsigned v = 0; v <= 0xFFFF; ++v) {
        s.clear();
        pdf::append_code_literal(s, uint16_t(v));
        std::string bytes;
        for (size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            REQUIRE(c != '(');
            REQUIRE(c != ')');
            REQUIRE(c != '\r');
            REQUIRE(c != '\n');
            if (c == '\\') {
                REQUIRE(i + 1 < s.size());
                c = s[++i];
                c = c == 'r' ? '\r' : c == 'n' ? '\n' : c;
            }
            bytes += c;
        }
        REQUIRE(bytes.size() == 2);
        CHECK((unsigned(uint8_t(bytes[0])) << 8 | uint8_t(bytes[1])) == v);
    }
}

TEST_CASE("UTF-8 to UTF-16BE hex, surrogate pairs, malformed input") {
    std::string s;
    CHECK(append_utf16be_hex(s, "fi") == 2);
    CHECK(s == "00660069");
    s.clear();
    CHECK(append_utf16be_hex(s, "\xF0\x9D\x92\xAA") == 2);  // U+1D4AA 𝒪
    CHECK(s == "D835DCAA");
    s.clear();
    append_utf16be_hex(s, "\xC3");  // truncated
    CHECK(s == "FFFD");
    s.clear();
    append_text_string_hex(s, "Zoë");
    CHECK(s == "<FEFF005A006F00EB>");
}

TEST_CASE("Hash128 and subset tags are deterministic") {
    Hash128 a, b, c;
    a.update("hello");
    b.update("hello");
    c.update("hellp");
    CHECK(a.lo() == b.lo());
    CHECK(a.hi() == b.hi());
    CHECK(a.lo() != c.lo());
    const std::string tag = subset_tag(a.lo());
    CHECK(tag.size() == 6);
    for (char ch : tag) CHECK((ch >= 'A' && ch <= 'Z'));
    CHECK(tag == subset_tag(b.lo()));
    // One changed byte anywhere in a long input changes the tag (all bits are mixed in).
    std::string big(4096, 'x');
    std::set<std::string> tags;
    for (size_t at : {size_t(0), size_t(1), size_t(7), size_t(8), size_t(2049), size_t(4095)}) {
        std::string s = big;
        s[at] = 'y';
        Hash128 h;
        h.update(s);
        tags.insert(subset_tag(h.lo()));
        CHECK(h.lo() != h.hi());
    }
    CHECK(tags.size() == 6);
}

TEST_CASE("utc_from_epoch") {
    auto t = utc_from_epoch(1700000000);
    CHECK(t.year == 2023);
    CHECK(t.month == 11);
    CHECK(t.day == 14);
    CHECK(t.hour == 22);
    CHECK(t.minute == 13);
    CHECK(t.second == 20);
    auto z = utc_from_epoch(0);
    CHECK((z.year == 1970 && z.month == 1 && z.day == 1 && z.hour == 0));
    auto leap = utc_from_epoch(951782400);  // 2000-02-29
    CHECK((leap.year == 2000 && leap.month == 2 && leap.day == 29));
}

TEST_CASE("cluster_texts: ligatures get the whole cluster, later glyphs of a cluster nothing") {
    page::GlyphRun run;
    run.text = "efficient";
    // e, ffi (cluster 1), c (4), i, e, n, t
    for (uint32_t c : {0u, 1u, 4u, 5u, 6u, 7u, 8u}) run.glyphs.push_back({c + 10, 5, 0, 0, c});
    std::vector<std::string_view> out;
    std::vector<uint32_t> scratch;
    cluster_texts(run, out, scratch);
    REQUIRE(out.size() == 7);
    CHECK(out[0] == "e");
    CHECK(out[1] == "ffi");
    CHECK(out[2] == "c");
    CHECK(out[6] == "t");

    page::GlyphRun marks;
    marks.text = "x\u0304y";  // x + combining macron: one cluster, two glyphs
    marks.glyphs = {{1, 5, 0, 0, 0}, {2, 0, -3, 0, 0}, {3, 5, 0, 0, 3}};
    cluster_texts(marks, out, scratch);
    CHECK(out[0] == "x\u0304");
    CHECK(out[1].empty());
    CHECK(out[2] == "y");

    page::GlyphRun bad;  // cluster past the end of the text
    bad.text = "a";
    bad.glyphs = {{1, 5, 0, 0, 0}, {2, 5, 0, 0, 7}};
    cluster_texts(bad, out, scratch);
    CHECK(out[0] == "a");
    CHECK(out[1].empty());
}

TEST_CASE("collect_usage: one entry per distinct (glyph, text)") {
    page::Document doc;
    doc.fonts.resize(1);
    page::Page p;
    page::GlyphRun run;
    run.text = "Cc";  // small caps: one glyph for both
    run.glyphs = {{7, 5, 0, 0, 0}, {7, 5, 0, 0, 1}};
    p.add(run);
    p.add(run);
    page::GlyphRun hidden = run;  // in Page::runs but not in Page::order: not drawn
    hidden.glyphs[0].gid = 99;
    p.runs.push_back(hidden);
    doc.pages.push_back(p);
    UsagePlan plan = collect_usage(doc);
    REQUIRE(plan.fonts[0].entries.size() == 2);
    CHECK(plan.fonts[0].entries[0].text == "C");
    CHECK(plan.fonts[0].entries[1].text == "c");
    CHECK(plan.glyph_entry == std::vector<uint32_t>{0, 1, 0, 1});
    CHECK(plan.run_base == std::vector<uint32_t>{0, 2, 4});
}

TEST_CASE("ToUnicode CMap: bfrange for runs, bfchar otherwise, blocks of at most 100") {
    std::string texts[300];
    std::vector<CodeText> map;
    for (int i = 0; i < 3; ++i) map.push_back({uint16_t(1 + i), std::string_view("abc").substr(i, 1)});
    map.push_back({4, "fi"});
    map.push_back({5, ""});
    map.push_back({6, "\xF0\x9D\x91\x81"});  // U+1D441 𝑁
    std::string cm = build_tounicode_cmap(map);
    CHECK(cm.find("1 beginbfrange\n<0001> <0003> <0061>\nendbfrange") != std::string::npos);
    CHECK(cm.find("2 beginbfchar\n<0004> <00660069>\n<0006> <D835DC41>\nendbfchar") != std::string::npos);
    CHECK(cm.find("<0005>") == std::string::npos);

    map.clear();
    for (int i = 0; i < 250; ++i) {
        texts[i] = std::string(1, char('a' + i % 2)) + "x";  // never a range
        map.push_back({uint16_t(i + 1), texts[i]});
    }
    cm = build_tounicode_cmap(map);
    CHECK(cm.find("100 beginbfchar") != std::string::npos);
    CHECK(cm.find("50 beginbfchar") != std::string::npos);
    CHECK(cm.find("101 beginbfchar") == std::string::npos);
}

TEST_CASE("a glyph for several right-to-left characters maps to them in visual order") {
    CHECK(visual_cluster_text("\u0644\u0627") == "\u0627\u0644");  // lam-alef → alef, lam
    CHECK(visual_cluster_text("\u05D1\u05BC") == "\u05BC\u05D1");  // bet + dagesh
    CHECK(visual_cluster_text("\u0644") == "");                    // one character: unchanged
    CHECK(visual_cluster_text("ffi") == "");                       // left to right: unchanged
    CHECK(visual_cluster_text("x\u0304") == "");

    // In a run drawn right to left (descending clusters) the ligature's entry text is
    // reversed; the same glyph text in a left-to-right run is not.
    page::Document doc;
    doc.fonts.push_back({"f.ttf", 0, {}, nullptr});
    page::Page pg;
    page::GlyphRun rtl;
    rtl.text = "\u0635\u0644\u0627\u062D";  // صلاح: ح, لا, ص drawn left to right
    rtl.glyphs = {{3, 5, 0, 0, 6}, {2, 5, 0, 0, 2}, {1, 5, 0, 0, 0}};
    pg.add(rtl);
    doc.pages.push_back(pg);
    UsagePlan plan = collect_usage(doc);
    REQUIRE(plan.fonts[0].entries.size() == 3);
    CHECK(plan.fonts[0].entries[0].text == "\u062D");
    CHECK(plan.fonts[0].entries[1].text == "\u0627\u0644");
    CHECK(plan.fonts[0].entries[2].text == "\u0635");

    // A lone lam-alef is a one-glyph run: no cluster order tells its direction, its letters do.
    page::Document one;
    one.fonts.push_back({"f.ttf", 0, {}, nullptr});
    page::Page p1;
    page::GlyphRun la;
    la.text = "\u0644\u0627";  // لا
    la.glyphs = {{2, 5, 0, 0, 0}};
    p1.add(la);
    one.pages.push_back(p1);
    UsagePlan lone = collect_usage(one);
    REQUIRE(lone.fonts[0].entries.size() == 1);
    CHECK(lone.fonts[0].entries[0].text == "\u0627\u0644");
}
