#include <doctest/doctest.h>

#include "style/layout_spec.hpp"

using namespace cvpdf::style;

TEST_CASE("lengths take units; em is relative") {
    float v = 0;
    CHECK(parse_length("10pt", 10, v));
    CHECK(v == doctest::Approx(10));
    CHECK(parse_length("0.75in", 10, v));
    CHECK(v == doctest::Approx(54));
    CHECK(parse_length("25.4mm", 10, v));
    CHECK(v == doctest::Approx(72));
    CHECK(parse_length("1.3em", 10, v));
    CHECK(v == doctest::Approx(13));
    CHECK(parse_length("12", 10, v));
    CHECK(v == doctest::Approx(12));
    CHECK_FALSE(parse_length("10px", 10, v));
    CHECK_FALSE(parse_length("pt", 10, v));
}

TEST_CASE("colours by hex or name") {
    Rgb c;
    CHECK(parse_color("#1f4e79", c));
    CHECK(c.r == doctest::Approx(0x1f / 255.0));
    CHECK(c.b == doctest::Approx(0x79 / 255.0));
    CHECK(parse_color("#fff", c));
    CHECK(c.g == doctest::Approx(1));
    CHECK(parse_color("navy", c));
    CHECK(c.b == doctest::Approx(128 / 255.0));
    CHECK_FALSE(parse_color("#12345", c));
    CHECK_FALSE(parse_color("blurple", c));
}

TEST_CASE("the built-in classic layout: letter, 0.75in margins, small-caps headings") {
    LayoutSpec s = load_layout("classic");
    CHECK(s.name == "classic");
    CHECK(s.page.width == 612);
    CHECK(s.page.margin_left == doctest::Approx(54));
    CHECK(s.heading.style.small_caps);
    CHECK(s.entry.title.face == Face::Bold);
    CHECK(s.entry.role.face == Face::Italic);
    CHECK(s.fonts.regular.find("GentiumBookPlus-Regular.ttf") != std::string::npos);
    CHECK(s.dates.months[8].empty());  // from the CV's language, see locale tests
}

TEST_CASE("a layout extends another and overrides only what it says") {
    LayoutSpec s = load_layout_string("extends = \"classic\"\n[page]\nsize = \"a4\"\n[text]\nsize = \"11pt\"\n", "mine.toml");
    CHECK(s.page.width == doctest::Approx(595.276));
    CHECK(s.body.style.size == 11);
    CHECK(s.heading.style.small_caps);  // inherited
}

TEST_CASE("layout errors name file, line and column") {
    CHECK_THROWS_WITH_AS(load_layout_string("[page]\nsise = \"a4\"\n", "l.toml"),
                         "l.toml:2:1: error: unknown key 'page.sise'; did you mean 'size'?", cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[text]\nsize = \"10px\"\n", "l.toml"),
                         doctest::Contains("l.toml:2:8: error: 'text.size': bad length"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[heading]\ncolor = \"blurple\"\n", "l.toml"),
                         doctest::Contains("l.toml:2:9: error: 'heading.color' must be a colour"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\ntitle = { face = \"bolt\" }\n", "l.toml"),
                         doctest::Contains("did you mean 'bold'?"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[page]\nsize = \"a4\"\n[page\n", "l.toml"),
                         doctest::Contains("l.toml:3:"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nregular = \"nope.ttf\"\n", "l.toml"),
                         doctest::Contains("font file \"nope.ttf\" not found"), cvpdf::Error);
    CHECK_THROWS_AS(load_layout("no-such-layout"), cvpdf::Error);
}

#include "style/locale.hpp"

TEST_CASE("localisation: month names, present and phrases follow the CV's language") {
    LayoutSpec en = load_layout("classic");
    localise(en, "");
    CHECK(en.body.language == "en");
    CHECK(en.dates.months[8] == "Sept.");
    CHECK(en.dates.present == "Present");
    CHECK(en.publications.equal_note == "(*: Equal Contribution)");

    LayoutSpec de = load_layout("classic");
    localise(de, "de-DE");
    CHECK(de.body.language == "de-DE");
    CHECK(de.dates.months[2] == "M\u00e4rz");
    CHECK(de.dates.present == "heute");
    CHECK(de.publications.equal_note == "(*: gleicher Beitrag)");

    LayoutSpec fr = load_layout("modern");
    localise(fr, "fr");
    CHECK(fr.name_style.tagline == "Curriculum vit\u00e6");
    CHECK(fr.footer.text.find("page {page} sur {pages}") != std::string::npos);
    CHECK(locale_for("es").months[0] == "ene.");
    CHECK_FALSE(has_locale("tlh"));
    CHECK(locale_for("tlh").lang == "en");

    // A layout's own words win over the language's.
    LayoutSpec now = load_layout_string("[dates]\npresent = \"Now\"\n", "l.toml");
    localise(now, "de");
    CHECK(now.dates.present == "Now");
    CHECK(now.dates.months[11] == "Dez.");
}
