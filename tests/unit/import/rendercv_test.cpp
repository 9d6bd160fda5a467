#include <doctest/doctest.h>

#include "import/import.hpp"
#include "import/rendercv.hpp"

using namespace cvpdf;
using namespace cvpdf::import;

namespace {

const std::string kExample = std::string(CVPDF_SOURCE_DIR) + "/data/rendercv-example.yaml";

model::Cv load(std::string_view yaml, std::vector<std::string>* warnings = nullptr) {
    std::vector<std::string> local;
    return load_rendercv_string(yaml, "cv.yaml", warnings ? *warnings : local);
}

std::string error_of(std::string_view yaml) {
    try {
        load(yaml);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("rendercv: detection by extension and content") {
    CHECK(detect_format("cv.yaml", "") == Format::RenderCv);
    CHECK(detect_format("CV.YML", "") == Format::RenderCv);
    CHECK(detect_format("cv", "# comment\n\ncv:\n  name: A\n") == Format::RenderCv);
    CHECK(detect_format("cv", "cv:\n  name: A\n") == Format::RenderCv);
    CHECK(detect_format("cv.toml", "[person]\nname = 'A'\n") == Format::Toml);
    CHECK(detect_format("cv", "# cv: not yaml\n[person]\n") == Format::Toml);
}

TEST_CASE("rendercv: the complete example maps every entry type") {
    std::vector<std::string> warnings;
    model::Cv cv = load_cv_any(kExample, &warnings);
    CHECK(cv.person.name == "Leonor Vasquez-Oyelaran");
    CHECK(cv.person.phone == "+351-912-345-678");
    REQUIRE(cv.person.links.size() == 3);
    CHECK(cv.person.links[0].url == "https://github.com/lvoyelaran");
    CHECK(cv.person.links[2].url == "https://scholar.social/@leonor");
    REQUIRE(cv.sections.size() == 8);
    CHECK(cv.sections[0].kind == model::Section::Kind::Text);
    CHECK(cv.sections[0].text.src.find("snake\\_case and budgets under \\$5k") != std::string::npos);
    CHECK(cv.sections[0].text.src.find("[Tidewater](https://example.org/tidewater)") != std::string::npos);

    const model::Section& edu = cv.sections[1];
    CHECK(edu.title.src == "Education");
    REQUIRE(edu.entries.size() == 2);
    CHECK(edu.entries[0].title.src == "Universidade do Porto");
    CHECK(edu.entries[0].role.src == "PhD in Computational Biology");
    CHECK(edu.entries[0].dates.start.year == 2016);
    CHECK(edu.entries[0].dates.start.month == 9);
    CHECK(edu.entries[0].bullets.size() == 2);
    CHECK(edu.entries[1].dates.date.year == 2015);

    const model::Section& exp = cv.sections[2];
    CHECK(exp.entries[0].title.src == "Oceanographic Forecast Institute");
    CHECK(exp.entries[0].role.src == "Senior Research Software Engineer");
    CHECK(exp.entries[0].dates.end.kind == model::Date::Kind::Present);
    CHECK(exp.entries[1].dates.end.day == 28);

    const model::Section& proj = cv.sections[3];
    CHECK(proj.entries[0].dates.end.kind == model::Date::Kind::Present);  // start_date alone: ongoing
    CHECK(proj.entries[1].dates.date.kind == model::Date::Kind::Literal);
    CHECK(proj.entries[1].dates.date.literal == "Autumn 2019");

    const model::Section& pubs = cv.sections[4];
    REQUIRE(pubs.publications.size() == 2);
    const model::Publication& p = pubs.publications[0];
    REQUIRE(p.authors.size() == 3);
    CHECK_FALSE(p.authors[0].is_self);
    CHECK(p.authors[1].name == "Leonor Vasquez-Oyelaran");
    CHECK(p.authors[1].is_self);
    CHECK(p.authors[2].equal_contribution);
    CHECK(p.doi == "10.1234/mareco.2021.0042");
    CHECK(p.venue.src == "Marine Ecology Progress Series");
    CHECK(p.year == "2021");
    CHECK_FALSE(pubs.publications[1].authors[0].is_self);  // not emphasised, not the name

    CHECK(cv.sections[5].kind == model::Section::Kind::Items);
    CHECK(cv.sections[5].items[0].text.src == "**Languages:** Rust, Python, R, Fortran (reluctantly)");
    CHECK(cv.sections[6].items[1].text.src == "Best poster, Ocean Sciences Meeting");
    CHECK(cv.sections[7].title.src == "Interests");
    CHECK(cv.sections[7].items.size() == 2);

    REQUIRE(cv.variants.size() == 1);
    CHECK(cv.variants[0].name == "rendercv");
    CHECK(cv.variants[0].layout == "modern");
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[1].find("'design.page_size' has no cvpdf equivalent") != std::string::npos);
}

TEST_CASE("rendercv: emphasised authors become aliases; is_self as in TOML") {
    model::Cv cv = load(
        "cv:\n  name: Jane Doe\n  sections:\n    papers:\n"
        "      - title: T\n        authors: [\"**J. Doe**\", Jane Doe, Other One]\n");
    REQUIRE(cv.person.aliases.size() == 1);
    CHECK(cv.person.aliases[0] == "J. Doe");
    const auto& a = cv.sections[0].publications[0].authors;
    CHECK(a[0].is_self);
    CHECK(a[1].is_self);
    CHECK_FALSE(a[2].is_self);
}

TEST_CASE("rendercv: section titles, text entries, themes") {
    model::Cv cv = load("cv:\n  name: A\n  sections:\n    quick_guide:\n      - one\n      - two\n    My Stuff:\n      - x\n");
    CHECK(cv.sections[0].title.src == "Quick Guide");
    CHECK(cv.sections[0].items.size() == 2);
    CHECK(cv.sections[1].title.src == "My Stuff");
    CHECK(cv.sections[1].kind == model::Section::Kind::Text);
    CHECK(rendercv_layout_for_theme("sb2nov") == "classic");
    CHECK(rendercv_layout_for_theme("moderncv") == "modern");
    CHECK(rendercv_layout_for_theme("nope").empty());
    CHECK(rendercv_markup("a_b _c_ $1 ~ \\* **x**") == "a\\_b _c_ \\$1 \\~ \\* **x**");
}

TEST_CASE("rendercv: warnings for unknown and unprinted fields") {
    std::vector<std::string> w;
    load("cv:\n  name: A\n  emial: x\n  photo: me.jpg\nlocale:\n  language: de\ndesign:\n  theme: fancy\n", &w);
    REQUIRE(w.size() == 5);
    CHECK(w[0] == "'locale' is RenderCV's own setting; not used by cvpdf at 6:3");
    CHECK(w[1] == "unknown field 'cv.emial' (did you mean 'email'?) ignored at 3:3");
    CHECK(w[2] == "'cv.photo': cvpdf does not print photos; ignored at 4:10");
    CHECK(w[3].find("unknown RenderCV theme 'fancy'") != std::string::npos);
}

TEST_CASE("rendercv: errors at file:line:col") {
    CHECK(error_of("cv:\n  name: [A\n") .rfind("cv.yaml:", 0) == 0);
    CHECK(error_of("cv:\n\tname: A\n") == "cv.yaml:2:6: error: YAML syntax error: illegal map value");
    CHECK(error_of("") == "cv.yaml:1:1: error: missing required mapping 'cv' (with at least \"name\")");
    CHECK(error_of("cv:\n  email: a@b\n") == "cv.yaml:2:3: error: 'cv.name' is required and must not be empty");
    CHECK(error_of("cv:\n  name: A\n  name: B\n") == "cv.yaml:3:3: error: duplicate key \"name\" (first at line 2, column 3)");
    CHECK(error_of("cv:\n  name: É\n  sections:\n    s:\n      - company: \"Ü\"\n        end_date: '2021-02-29'\n") ==
          "cv.yaml:6:20: error: invalid date '2021-02-29' in 'cv.sections.s[0].end_date': day must be between 01 and 28");
    CHECK(error_of("cv:\n  name: A\n  sections:\n    s:\n      - name: \"é *open\"\n") ==
          "cv.yaml:5:18: error: unclosed '*' (italic); write \\* for a literal asterisk");
    CHECK(error_of("cv:\n  name: A\n  sections:\n    s:\n      - foo: 1\n") .find("cv.yaml:5:9: error: 'cv.sections.s[0]': cannot tell the entry type") == 0);
    CHECK(error_of("cv:\n  name: A\n  sections:\n    s:\n      - bullet: x\n      - name: y\n") ==
          "cv.yaml:6:9: error: 'cv.sections.s[1]' is a NormalEntry, but the section began with a BulletEntry; one section holds one kind of entry");
    CHECK(error_of("cv:\n  name: A\n  sections:\n    s: x\n") == "cv.yaml:4:8: error: 'cv.sections.s' must be a list of entries, found a string");
}
