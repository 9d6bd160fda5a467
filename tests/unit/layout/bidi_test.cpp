#include <doctest/doctest.h>

#include "fixture.hpp"
#include "layout/bidi.hpp"
#include "layout/paragraph.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;

TEST_CASE("right-to-left text is detected; Latin, Greek and math are not") {
    CHECK(has_rtl("\u05D0\u05D1\u05D2"));        // Hebrew
    CHECK(has_rtl("Dr. \u0645\u062D\u0645\u062F"));  // Arabic
    CHECK_FALSE(has_rtl("Łukasiewicz Núñez Ω 𝒪(N)"));
}

TEST_CASE("levels: a Hebrew phrase inside English is level 1, the space between its words too") {
    auto lv = bidi_levels({"at", " ", "\u05D0\u05D1", " ", "\u05D2\u05D3", " ", "in"}, false);
    CHECK(lv == std::vector<uint8_t>{0, 0, 1, 1, 1, 0, 0});
    CHECK(bidi_levels({"abc"}, true)[0] == 2);  // Latin inside a right-to-left paragraph
}

TEST_CASE("rule L2: a right-to-left run is mirrored within its span, the rest stays") {
    std::vector<uint8_t> lv{0, 1, 1, 1, 0};
    std::vector<float> x{0, 20, 40, 60, 90}, w{15, 10, 10, 20, 10};
    reorder_line(lv, x, w);
    CHECK(x[0] == 0);
    CHECK(x[4] == 90);
    // The span 20..80 mirrored: the first logical unit now ends at the right.
    CHECK(x[1] == doctest::Approx(70));
    CHECK(x[2] == doctest::Approx(50));
    CHECK(x[3] == doctest::Approx(20));
}

TEST_CASE("a Hebrew name in an English line is set right to left, words shaped by HarfBuzz") {
    test::Fixture f;
    Paragraph p(f.ctx);
    p.add_text("at \u05D0\u05D5\u05E0\u05D9\u05D1\u05E8\u05E1\u05D9\u05D8\u05EA \u05EA\u05DC \u05D0\u05D1\u05D9\u05D1 in",
               f.body());
    LineBox l = p.single_line();
    // Runs are drawn in logical order; the first Hebrew word sits right of the last one.
    std::vector<float> heb;
    for (const auto& r : l.runs)
        if (has_rtl(r.text)) heb.push_back(r.x);
    REQUIRE(heb.size() == 3);
    CHECK(heb[0] > heb[1]);
    CHECK(heb[1] > heb[2]);
    for (const auto& r : l.runs)
        for (const auto& g : r.glyphs) CHECK(g.gid != 0);  // the fallback font has the letters
}
