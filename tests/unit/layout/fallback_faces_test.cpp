// Per-face fallback fonts (issue #3 follow-ups): a bold Hebrew title is set in the fallback
// entry's bold font, Arabic in the Arabic font with its joining forms, ordered right to left.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "layout/bidi.hpp"
#include "layout/paragraph.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;
using style::Face;
using test::Fixture;

namespace {

const char* const kShalom = "\u05E9\u05DC\u05D5\u05DD";   // שלום
const char* const kMuhammad = "\u0645\u062D\u0645\u062F";  // محمد
const char* const kAbd = "\u0639\u0628\u062F";            // عبد

std::string font_file(const Fixture& f, const page::GlyphRun& r) {
    return std::filesystem::path(f.doc.fonts.at(r.font).path).filename().string();
}

// A run's width without its space glyphs (a space glyph spans the gap to the next run drawn).
float ink_width(const page::GlyphRun& r) {
    float w = 0;
    for (const auto& g : r.glyphs)
        if (r.text.at(g.cluster) != ' ') w += g.advance;
    return w;
}

// The runs of a line holding right-to-left text.
std::vector<const page::GlyphRun*> rtl_runs(const LineBox& l) {
    std::vector<const page::GlyphRun*> out;
    for (const auto& r : l.runs)
        if (has_rtl(r.text)) out.push_back(&r);
    return out;
}

// Where the fallback for `face` sets a Hebrew word inside English text.
std::string hebrew_font(Face face) {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text(std::string("Title ") + kShalom + " here", f.ctx.resolve(f.spec.body.style, face));
    LineBox l = p.single_line();
    auto heb = rtl_runs(l);
    REQUIRE(heb.size() == 1);
    for (const auto& g : heb[0]->glyphs) CHECK(g.gid != 0);
    for (const auto& r : l.runs)  // the Latin words stay in the face's own font
        if (!has_rtl(r.text)) CHECK(font_file(f, r).rfind("GentiumBookPlus", 0) == 0);
    return font_file(f, *heb[0]);
}

}  // namespace

TEST_CASE("the built-in layouts fall back to Hebrew and Arabic, regular and bold") {
    for (const char* name : {"classic", "modern", "sidebar"}) {
        CAPTURE(name);
        style::LayoutSpec s = style::load_layout(name);
        bool he = false, ar = false;
        for (const auto& fb : s.fonts.fallback) {
            namespace fs = std::filesystem;
            const std::string r = fs::path(fb.regular).filename().string(), b = fs::path(fb.bold).filename().string();
            he = he || (r == "NotoSansHebrew-Regular.ttf" && b == "NotoSansHebrew-Bold.ttf");
            ar = ar || (r == "NotoSansArabic-Regular.ttf" && b == "NotoSansArabic-Bold.ttf");
        }
        CHECK(he);
        CHECK(ar);
    }
}

TEST_CASE("a bold Hebrew word is set in the fallback's bold face, a regular one in its regular") {
    CHECK(hebrew_font(Face::Bold) == "NotoSansHebrew-Bold.ttf");
    CHECK(hebrew_font(Face::Regular) == "NotoSansHebrew-Regular.ttf");
    CHECK(hebrew_font(Face::Italic) == "NotoSansHebrew-Regular.ttf");    // no italic given: the regular
    CHECK(hebrew_font(Face::BoldItalic) == "NotoSansHebrew-Bold.ttf");   // no bold italic: the bold
}

TEST_CASE("fallback fonts enter the document only when a glyph is drawn from them") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text("Plain English, nothing else", f.ctx.resolve(f.spec.body.style, Face::Bold));
    (void)p.single_line();
    for (const auto& fr : f.doc.fonts) CHECK(fr.path.find("NotoSans") == std::string::npos);
}

TEST_CASE("an Arabic name inside English is shaped with joining forms and ordered right to left") {
    Fixture f;
    const InlineStyle body = f.body();
    Paragraph p(f.ctx);
    p.add_text(std::string("Prof. ") + kMuhammad + " " + kAbd + " spoke", body);
    LineBox l = p.single_line();
    auto ar = rtl_runs(l);
    REQUIRE(ar.size() == 2);
    // Drawn in logical order (the runs' texts are the words as written), placed right to left:
    // the first word right of the second, both between the English words.
    CHECK(ar[0]->text == kMuhammad);
    CHECK(ar[1]->text.rfind(kAbd, 0) == 0);  // (with the space glyph before "spoke")
    const page::GlyphRun& prof = l.runs.front();
    const page::GlyphRun& spoke = l.runs.back();
    REQUIRE(prof.text.rfind("Prof.", 0) == 0);
    REQUIRE(spoke.text == "spoke");
    CHECK(prof.x + ink_width(prof) < ar[1]->x);
    CHECK(ar[1]->x + ink_width(*ar[1]) < ar[0]->x);
    CHECK(ar[0]->x + ink_width(*ar[0]) < spoke.x);
    CHECK(font_file(f, *ar[0]) == "NotoSansArabic-Regular.ttf");

    // Joining: each letter alone is its isolated form; in the word, the glyphs differ. HarfBuzz
    // returns a right-to-left word in visual order, so the last glyph is the first letter's.
    const shape::Font* arabic = nullptr;
    for (const shape::Font* c : f.ctx.fallback_fonts(Face::Regular))
        if (c->has_codepoint(0x0645) && std::filesystem::path(c->path()).filename() == "NotoSansArabic-Regular.ttf")
            arabic = c;
    REQUIRE(arabic);
    const std::string word = kMuhammad;
    std::vector<uint32_t> isolated;  // in logical order
    for (size_t i = 0; i < word.size(); i += 2) {
        const auto& s = f.ctx.shaper().shape(*arabic, word.substr(i, 2), body.size, {"kern"});
        REQUIRE(s.glyphs.size() == 1);
        isolated.push_back(s.glyphs[0].gid);
    }
    std::vector<uint32_t> joined;
    for (const auto& g : ar[0]->glyphs) joined.push_back(g.gid);
    REQUIRE(joined.size() == isolated.size());  // Noto Sans Arabic has no ligature for these four
    std::vector<uint32_t> joined_logical(joined.rbegin(), joined.rend());
    for (size_t i = 0; i < isolated.size(); ++i) {
        CAPTURE(i);
        CHECK(joined_logical[i] != isolated[i]);  // initial, medial, medial, final: none isolated
    }
    // The same letters set in the paragraph as separate words stay isolated: the test would
    // notice a shaper that drew isolated forms everywhere.
    Paragraph q(f.ctx);
    q.add_text("\u0645 \u062D", body);
    LineBox lq = q.single_line();
    auto iso = rtl_runs(lq);
    REQUIRE(iso.size() == 2);
    CHECK(iso[0]->glyphs.at(0).gid == isolated[0]);
    CHECK(iso[1]->glyphs.at(0).gid == isolated[1]);
    CHECK(iso[0]->x > iso[1]->x);
}

TEST_CASE("bold Arabic uses the Arabic bold face") {
    Fixture f;
    Paragraph p(f.ctx);
    p.add_text(std::string("Dr. ") + kMuhammad, f.ctx.resolve(f.spec.body.style, Face::Bold));
    LineBox l = p.single_line();
    auto ar = rtl_runs(l);
    REQUIRE(ar.size() == 1);
    CHECK(font_file(f, *ar[0]) == "NotoSansArabic-Bold.ttf");
}

TEST_CASE("a directional isolate keeps a phone number left to right on a right-to-left line; its marks are not drawn") {
    auto line = [](const std::string& text, bool rtl) {
        Fixture f;
        f.spec.body.direction = rtl ? "rtl" : "ltr";
        Paragraph p(f.ctx);
        p.add_text(text, f.body());
        return p.single_line();
    };
    auto x_of = [](const LineBox& l, const std::string& word) {
        for (const auto& r : l.runs)
            if (r.text.rfind(word, 0) == 0) return r.x;
        FAIL("no run starts with " << word);
        return 0.f;
    };
    const std::string number = "+972\u00A050\u00A0123\u00A04567";
    const LineBox bare = line(number, true);
    const LineBox iso = line("\u2066" + number + "\u2069", true);
    // Bare, the plus resolves right to left and moves to the right end ("972 50 123 4567+");
    // isolated, it stays in front.
    CHECK(x_of(bare, "+") > x_of(bare, "972"));
    REQUIRE(iso.runs.size() == 1);  // one left-to-right run, drawn from its plus
    CHECK(iso.runs[0].text.rfind("+972", 0) == 0);
    CHECK(iso.runs[0].glyphs.size() == 16);  // + 972 50 123 4567 and three no-break spaces
    for (const auto& r : iso.runs) {
        CHECK(r.text.find("\u2066") == std::string::npos);
        CHECK(r.text.find("\u2069") == std::string::npos);
        for (const auto& g : r.glyphs) CHECK(g.gid != 0);
    }
    std::string all;
    for (const auto& r : iso.runs) all += r.text;
    CHECK(all == number);
    // On a left-to-right line without right-to-left text the marks change nothing.
    const LineBox ltr = line("call \u2066" + number + "\u2069 now", false);
    const LineBox plain = line("call " + number + " now", false);
    REQUIRE(ltr.runs.size() == plain.runs.size());
    for (size_t i = 0; i < ltr.runs.size(); ++i) {
        CHECK(ltr.runs[i].text == plain.runs[i].text);
        CHECK(ltr.runs[i].x == plain.runs[i].x);
        REQUIRE(ltr.runs[i].glyphs.size() == plain.runs[i].glyphs.size());
        for (size_t k = 0; k < ltr.runs[i].glyphs.size(); ++k) CHECK(ltr.runs[i].glyphs[k].gid == plain.runs[i].glyphs[k].gid);
    }
}
