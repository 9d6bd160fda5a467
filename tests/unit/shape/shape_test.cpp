#include <doctest/doctest.h>

#include "base/error.hpp"
#include "shape/font.hpp"
#include "shape/shaper.hpp"

using namespace cvpdf::shape;

static const std::string kRegular = CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf";
static const std::string kMath = CVPDF_SOURCE_DIR "/fonts/LatinModernMath.otf";

TEST_CASE("the fi ligature is one glyph whose cluster covers both letters") {
    FontCache cache;
    auto font = cache.load(kRegular);
    Shaper shaper;
    Shaped s = shaper.shape(*font, "fit", 10, {"kern,liga"});
    REQUIRE(s.glyphs.size() == 2);
    CHECK(s.glyphs[0].cluster == 0);
    CHECK(s.glyphs[1].cluster == 2);
    Shaped plain = shaper.shape(*font, "fit", 10, {"kern,-liga"});
    CHECK(plain.glyphs.size() == 3);
}

TEST_CASE("small caps come from the font's smcp glyphs, not from scaled capitals") {
    FontCache cache;
    auto font = cache.load(kRegular);
    CHECK(font->has_feature("smcp"));
    Shaper shaper;
    Shaped upper = shaper.shape(*font, "E", 10, {""});
    Shaped sc = shaper.shape(*font, "e", 10, {"smcp"});
    Shaped lower = shaper.shape(*font, "e", 10, {""});
    REQUIRE(sc.glyphs.size() == 1);
    CHECK(sc.glyphs[0].gid != lower.glyphs[0].gid);
    CHECK(sc.glyphs[0].gid != upper.glyphs[0].gid);
}

TEST_CASE("kerning changes advances: AV is narrower than A + V") {
    FontCache cache;
    auto font = cache.load(kRegular);
    Shaper shaper;
    float av = shaper.shape(*font, "AV", 10, {"kern"}).width;
    float a = shaper.shape(*font, "A", 10, {"kern"}).width;
    float v = shaper.shape(*font, "V", 10, {"kern"}).width;
    CHECK(av < a + v - 0.1f);
}

TEST_CASE("advances scale linearly with size") {
    FontCache cache;
    auto font = cache.load(kRegular);
    Shaper shaper;
    CHECK(shaper.shape(*font, "Education", 20, {""}).width ==
          doctest::Approx(2 * shaper.shape(*font, "Education", 10, {""}).width).epsilon(1e-4));
}

TEST_CASE("tracking adds space between clusters but not after the last one") {
    FontCache cache;
    auto font = cache.load(kRegular);
    Shaper shaper;
    float plain = shaper.shape(*font, "ABC", 10, {""}).width;
    float tracked = shaper.shape(*font, "ABC", 10, {""}, "en", 1.0f).width;
    CHECK(tracked == doctest::Approx(plain + 2.0f));
}

TEST_CASE("the cache shapes each distinct word once") {
    FontCache cache;
    auto font = cache.load(kRegular);
    Shaper shaper;
    for (int i = 0; i < 5; ++i) {
        shaper.shape_cached(*font, "memory", 10, {"kern"});
        shaper.shape_cached(*font, "budget", 10, {"kern"});
    }
    CHECK(shaper.shape_calls() == 2);
    CHECK(shaper.cache_size() == 2);
    shaper.shape_cached(*font, "memory", 11, {"kern"});
    CHECK(shaper.shape_calls() == 3);
}

TEST_CASE("fonts load once per cache and CFF math fonts load too") {
    FontCache cache;
    auto a = cache.load(kRegular);
    auto b = cache.load(kRegular);
    CHECK(a.get() == b.get());
    auto m = cache.load(kMath);
    CHECK(m->has_codepoint(U'\U0001D4AA'));  // MATHEMATICAL SCRIPT CAPITAL O
    CHECK(m->units_per_em() == 1000);
}

TEST_CASE("missing or non-font files are errors naming the file") {
    FontCache cache;
    CHECK_THROWS_WITH_AS(cache.load("/nonexistent/font.ttf"),
                         doctest::Contains("/nonexistent/font.ttf"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(cache.load(CVPDF_SOURCE_DIR "/CMakeLists.txt"), doctest::Contains("not a"), cvpdf::Error);
}
