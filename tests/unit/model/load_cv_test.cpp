#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "base/text.hpp"
#include "model/cv.hpp"

using namespace cvpdf::model;
using cvpdf::SourcePos;

namespace {

const std::string kSeedData = std::string(CVPDF_SOURCE_DIR) + "/data/mike-he.toml";
const std::string kTestData = std::string(CVPDF_TEST_DATA) + "/model/";

// "file:line:col: error: message" of loading `toml`, or "no error".
std::string error_of(std::string_view toml) {
    try {
        load_cv_string(toml, "t.toml");
    } catch (const cvpdf::Error& e) {
        return e.what();
    }
    return "no error";
}

std::string file_error_of(const std::string& path) {
    try {
        load_cv_file(path);
    } catch (const cvpdf::Error& e) {
        return e.what();
    }
    return "no error";
}

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// 1-based line:col (columns in code points) of the first occurrence of `needle` in `text`.
std::pair<uint32_t, uint32_t> locate(const std::string& text, const std::string& needle) {
    size_t at = text.find(needle);
    REQUIRE(at != std::string::npos);
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++col;
        }
    }
    return {line, col};
}

const char* kPerson = "[person]\nname = \"Mike He\"\n";

}  // namespace

TEST_CASE("data/mike-he.toml loads completely") {
    Cv cv = load_cv_file(kSeedData);
    CHECK(cv.source == kSeedData);
    CHECK(cv.person.name == "Mike He");
    CHECK(cv.person.email.empty());
    CHECK(cv.meta.title == "Curriculum Vitae of Mike He");
    CHECK(cv.meta.language.empty());  // not set: the layout's language applies

    REQUIRE(cv.sections.size() == 5);
    const char* titles[] = {"Education", "Publications", "Workshop Papers", "Experience", "Service"};
    for (size_t i = 0; i < 5; ++i) CHECK(cv.sections[i].title.src == titles[i]);

    SUBCASE("education") {
        const Section& s = cv.sections[0];
        CHECK(s.kind == Section::Kind::Entries);
        REQUIRE(s.entries.size() == 1);
        const Entry& e = s.entries[0];
        CHECK(e.title.src == "University of Washington, Seattle");
        CHECK(e.role.src == "B.S. in Computer Science");
        CHECK(e.location.empty());
        CHECK(e.dates.start.kind == Date::Kind::Exact);
        CHECK(e.dates.start.year == 2018);
        CHECK(e.dates.start.month == 9);
        CHECK(e.dates.start.day == 0);
        CHECK(e.dates.end.kind == Date::Kind::Literal);
        CHECK(e.dates.end.literal == "Est. Jun. 2022");
        REQUIRE(e.bullets.size() == 3);
        CHECK(e.bullets[0].text.src == "Major GPA: 3.79 / 4.00");
        CHECK(e.bullets[2].text.src.find("Dean's List (College of Art & Science) 2018–Now;") != std::string::npos);
    }
    SUBCASE("publications") {
        const Section& s = cv.sections[1];
        CHECK(s.kind == Section::Kind::Publications);
        REQUIRE(s.publications.size() == 2);
        const Publication& p = s.publications[0];
        REQUIRE(p.authors.size() == 8);
        CHECK(p.authors[0].name == "Marisa Kirisame");
        CHECK(p.authors[0].equal_contribution);
        CHECK(p.authors[2].name == "Altan Haan");
        CHECK(p.authors[2].equal_contribution);
        CHECK_FALSE(p.authors[3].equal_contribution);
        int selves = 0;
        for (const auto& a : p.authors) selves += a.is_self;
        CHECK(selves == 1);
        CHECK(p.authors[4].name == "Mike He");
        CHECK(p.authors[4].is_self);
        CHECK(p.title.src == "Dynamic tensor rematerialization");
        CHECK(p.venue.src == "International Conference on Learning Representations (ICLR'21)");
        CHECK(p.year == "2021");
        CHECK(p.note.empty());  // the equal-contribution legend comes from the layout
        CHECK(p.url == "https://arxiv.org/abs/2006.09616");
        const Publication& q = s.publications[1];
        CHECK(q.status.src == "Under review at PLDI '22");
        REQUIRE(q.authors.size() == 12);
        CHECK(q.authors[3].is_self);
        CHECK(q.venue.empty());
        CHECK(q.year == "2021");
    }
    SUBCASE("workshop papers") {
        const Section& s = cv.sections[2];
        REQUIRE(s.publications.size() == 1);
        const Publication& p = s.publications[0];
        REQUIRE(p.authors.size() == 10);
        CHECK(p.authors[2].name == "Thierry Tamba");
        CHECK(p.authors[2].equal_contribution);
        CHECK(p.authors[4].is_self);
        CHECK(p.venue.src.find("(LATTE'21)") != std::string::npos);
    }
    SUBCASE("experience") {
        const Section& s = cv.sections[3];
        REQUIRE(s.entries.size() == 3);
        const Entry& tla = s.entries[0];
        CHECK(tla.title.src == "3LA, LATTE '21");
        CHECK(tla.role.src == "Research Assistant @ PLSE");
        CHECK(tla.location.src == "Seattle, WA");
        CHECK(tla.dates.start.kind == Date::Kind::Exact);
        CHECK(tla.dates.start.year == 2020);
        CHECK(tla.dates.start.month == 6);
        CHECK(tla.dates.end.kind == Date::Kind::Present);
        REQUIRE(tla.bullets.size() == 2);
        CHECK(tla.bullets[0].text.src.find("[3LA](https://github.com/uwsampl/3la-tvm) proposes") != std::string::npos);
        CHECK(tla.bullets[1].text.src == "**Talks & Presentations:**");
        CHECK(tla.bullets[1].children_numbered);
        REQUIRE(tla.bullets[1].children.size() == 2);
        CHECK(tla.bullets[1].children[1].text.src.find("SRC ADA Center") != std::string::npos);

        const Entry& dtr = s.entries[1];
        CHECK(dtr.dates.start.year == 2019);
        CHECK(dtr.dates.start.month == 10);
        CHECK(dtr.dates.end.year == 2021);
        CHECK(dtr.dates.end.month == 8);
        REQUIRE(dtr.bullets.size() == 1);
        CHECK(dtr.bullets[0].text.src.find("$\\Omega(\\sqrt{N})$") != std::string::npos);

        const Entry& ta = s.entries[2];
        CHECK(ta.title.src == "Paul G. Allen School, University of Washington");
        CHECK(ta.dates.start.month == 3);
        CHECK(ta.dates.end.month == 6);
        CHECK(ta.bullets.size() == 2);
    }
    SUBCASE("service") {
        const Section& s = cv.sections[4];
        CHECK(s.kind == Section::Kind::Text);
        CHECK(s.text.src == "→ **MICRO '21**, Artifact Evaluation");
    }
    SUBCASE("text positions point at the first character of each string") {
        std::string raw = read(kSeedData);
        auto [l, c] = locate(raw, "Major GPA");
        const Text& t = cv.sections[0].entries[0].bullets[0].text;
        CHECK(t.pos.file == kSeedData);
        CHECK(t.pos.line == l);
        CHECK(t.pos.col == c);
        // A '''multi-line''' string starts on the line after the delimiter, column 1.
        auto [ml, mc] = locate(raw, "  [3LA](https");
        const Text& m = cv.sections[3].entries[0].bullets[0].text;
        CHECK(m.pos.line == ml);
        CHECK(m.pos.col == mc);
        CHECK(mc == 1);
        // ...and offsets inside it map back through the newlines.
        auto [sl, sc] = locate(raw, "$\\Omega");
        const Text& d = cv.sections[3].entries[1].bullets[0].text;
        SourcePos p = text_position(d, d.src.find("$\\Omega"));
        CHECK(p.line == sl);
        CHECK(p.col == sc);
        // Dates point at their first character too.
        auto [dl, dc] = locate(raw, "2019-10");
        CHECK(cv.sections[3].entries[1].dates.start.pos.line == dl);
        CHECK(cv.sections[3].entries[1].dates.start.pos.col == dc);
    }
}

TEST_CASE("date forms") {
    auto dates_of = [](const std::string& fields) {
        Cv cv = load_cv_string(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\n[[sections.entries]]\ntitle = \"E\"\n" +
                                   fields + "\n",
                               "t.toml");
        return cv.sections.at(0).entries.at(0).dates;
    };
    Dates d = dates_of("start = \"2018\"\nend = \"2020-02-29\"");
    CHECK(d.start.kind == Date::Kind::Exact);
    CHECK(d.start.year == 2018);
    CHECK(d.start.month == 0);
    CHECK(d.end.year == 2020);
    CHECK(d.end.month == 2);
    CHECK(d.end.day == 29);

    d = dates_of("start = 2018-09-01\nend = \"NOW\"");
    CHECK(d.start.kind == Date::Kind::Exact);
    CHECK(d.start.day == 1);
    CHECK(d.start.pos.line == 7);
    CHECK(d.start.pos.col == 9);
    CHECK(d.end.kind == Date::Kind::Present);

    d = dates_of("start = 2019\nend = \" Present \"");
    CHECK(d.start.year == 2019);
    CHECK(d.end.kind == Date::Kind::Present);

    d = dates_of("date = \"Summer 2021\"");
    CHECK(d.date.kind == Date::Kind::Literal);
    CHECK(d.date.literal == "Summer 2021");
    CHECK(d.start.kind == Date::Kind::None);

    d = dates_of("start = \"2018-09\"\ndates = \"Fall 2018 -- **now**\"");
    CHECK(d.text.src == "Fall 2018 -- **now**");
    CHECK(d.start.month == 9);
    CHECK_FALSE(d.empty());
    CHECK(dates_of("").empty());
}

TEST_CASE("authors: equal contribution, self by name or alias, trimmed") {
    Cv cv = load_cv_string(R"([person]
name = "Mike He"
aliases = ["M. He"]
[[sections]]
title = "P"
[[sections.publications]]
title = "T"
authors = [" M. He * ", "Mike He", "mike he", "Mike He Jr.", "A*"]
year = "to appear"
)",
                           "t.toml");
    const auto& a = cv.sections[0].publications[0].authors;
    REQUIRE(a.size() == 5);
    CHECK(a[0].name == "M. He");
    CHECK(a[0].equal_contribution);
    CHECK(a[0].is_self);
    CHECK(a[1].is_self);
    CHECK_FALSE(a[1].equal_contribution);
    CHECK_FALSE(a[2].is_self);  // case-sensitive
    CHECK_FALSE(a[3].is_self);
    CHECK(a[4].name == "A");
    CHECK(a[4].equal_contribution);
    CHECK(cv.sections[0].publications[0].year == "to appear");
}

TEST_CASE("person, meta, items and text sections, roles, nested items") {
    Cv cv = load_cv_string(R"([person]
name = "Ada"
headline = "PhD *applicant*"
email = "a@b.c"
phone = "+1 555"
website = "https://a.b"
location = "Seattle, WA"
links = [ { label = "GitHub", url = "https://github.com/ada" } ]

[meta]
title = "CV"
subject = "s"
keywords = "k"
language = "de"

[[sections]]
title = "Skills"
numbered = true
bullet = "→"
items = ["one", { text = "two", numbered = true, items = ["a", { text = "b", items = ["deep"] }] }]
tags = ["short"]

[[sections]]
title = "Work"
[[sections.entries]]
organization = "ACME"
summary = "did things"
tags = ["industry"]
[[sections.entries.roles]]
role = "Engineer"
date = "2020"
bullets = ["x"]
[[sections.entries.roles]]
role = "Intern"
dates = "summers"
)",
                           "t.toml");
    CHECK(cv.person.headline.src == "PhD *applicant*");
    CHECK(cv.person.headline.pos.line == 3);
    CHECK(cv.person.headline.pos.col == 13);
    CHECK(cv.person.email == "a@b.c");
    CHECK(cv.person.location == "Seattle, WA");
    REQUIRE(cv.person.links.size() == 1);
    CHECK(cv.person.links[0].label == "GitHub");
    CHECK(cv.person.links[0].url == "https://github.com/ada");
    CHECK(cv.meta.title == "CV");
    CHECK(cv.meta.language == "de");

    const Section& items = cv.sections.at(0);
    CHECK(items.kind == Section::Kind::Items);
    CHECK(items.numbered);
    CHECK(items.bullet == "→");
    CHECK(items.tags == std::vector<std::string>{"short"});
    REQUIRE(items.items.size() == 2);
    CHECK(items.items[1].children_numbered);
    REQUIRE(items.items[1].children.size() == 2);
    CHECK(items.items[1].children[1].children.at(0).text.src == "deep");

    const Entry& e = cv.sections.at(1).entries.at(0);
    CHECK(e.title.empty());
    CHECK(e.organisation.src == "ACME");
    CHECK(e.summary.src == "did things");
    REQUIRE(e.roles.size() == 2);
    CHECK(e.roles[0].role.src == "Engineer");
    CHECK(e.roles[0].dates.date.year == 2020);
    CHECK(e.roles[0].bullets.size() == 1);
    CHECK(e.roles[1].dates.text.src == "summers");
    CHECK(e.roles[1].pos.line == 33);
}

TEST_CASE("positions of escaped and multi-line strings") {
    Cv cv = load_cv_string("[person]\nname = \"X\"\n"
                           "headline = \"caf\\u00e9 \\\"q\\\" **x\"\n"  // headline = "caf\u00e9 \"q\" **x"
                           "[[sections]]\n"
                           "title = \"\"\"\n  one \\\n    two **y\"\"\"\n"
                           "text = '''t'''\n",
                           "t.toml");
    const Text& h = cv.person.headline;
    CHECK(h.src == "café \"q\" **x");
    CHECK(h.pos.line == 3);
    CHECK(h.pos.col == 13);
    // "**" is decoded byte 10, written at column 29 after the escapes.
    CHECK(h.src.find("**") == 10);
    SourcePos p = text_position(h, 10);
    CHECK(p.line == 3);
    CHECK(p.col == 29);
    CHECK(text_position(h, 3).col == 16);  // the é, written as \u00e9

    const Text& t = cv.sections[0].title;
    CHECK(t.src == "  one two **y");
    CHECK(t.pos.line == 6);
    CHECK(t.pos.col == 1);
    p = text_position(t, t.src.find("two"));
    CHECK(p.line == 7);
    CHECK(p.col == 5);
    p = text_position(t, t.src.find("**"));
    CHECK(p.line == 7);
    CHECK(p.col == 9);
    CHECK(cv.sections[0].text.pos.col == 11);  // '''t''': 3 columns past the value
}

TEST_CASE("CRLF files and a byte order mark") {
    Cv cv = load_cv_file(kTestData + "crlf_bom.toml");
    CHECK(cv.person.name == "Mike He");
    const Text& t = cv.sections.at(0).text;
    CHECK(t.src == "line one\nline **two**");
    CHECK(t.pos.line == 7);
    CHECK(t.pos.col == 1);
    SourcePos p = text_position(t, t.src.find("**"));
    CHECK(p.line == 8);
    CHECK(p.col == 6);
}

TEST_CASE("unknown keys are errors with a suggestion at the key") {
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitel = \"A\"\n") ==
          "t.toml:4:1: error: unknown key 'sections.titel'; did you mean 'title'?");
    CHECK(error_of("[persn]\nname = \"X\"\n") == "t.toml:1:2: error: unknown key 'persn'; did you mean 'person'?");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"A\"\n[[sections.entries]]\ntitle = \"E\"\n"
                                          "  bulets = []\n") ==
          "t.toml:7:3: error: unknown key 'sections.entries.bulets'; did you mean 'bullets'?");
    CHECK(error_of(std::string(kPerson) + "emial = \"x\"\n") ==
          "t.toml:3:1: error: unknown key 'person.emial'; did you mean 'email'?");
    CHECK(error_of("[person]\nname = \"X\"\nfavourite_colour = \"red\"\n") ==
          "t.toml:3:1: error: unknown key 'person.favourite_colour' (expected one of: name, aliases, headline, "
          "email, phone, website, location, links)");
    // The first unknown key in file order is reported, not the first alphabetically.
    CHECK(error_of("[person]\nname = \"X\"\nzzz = 1\naaa = 2\n") ==
          "t.toml:3:1: error: unknown key 'person.zzz' (expected one of: name, aliases, headline, "
          "email, phone, website, location, links)");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\nitems = [{ txt = \"a\" }]\n") ==
          "t.toml:5:12: error: unknown key 'sections.items.txt'; did you mean 'text'?");
}

TEST_CASE("wrong types are errors at the value") {
    CHECK(error_of("[person]\nname = 42\n") == "t.toml:2:8: error: 'person.name' must be a string, found an integer");
    CHECK(error_of("person = \"Mike\"\n") == "t.toml:1:10: error: 'person' must be a table ([person]), found a string");
    CHECK(error_of(std::string(kPerson) + "[sections]\ntitle = \"A\"\n") ==
          "t.toml:3:1: error: 'sections' must be an array of tables ([[sections]]), found a table");
    CHECK(error_of(std::string(kPerson) + "aliases = \"M. He\"\n") ==
          "t.toml:3:11: error: 'person.aliases' must be an array, found a string");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"P\"\n[[sections.publications]]\ntitle = \"T\"\n"
                                          "authors = [\"A\", 3]\n") ==
          "t.toml:7:17: error: 'sections.publications.authors' must contain only strings, found an integer");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"P\"\n[[sections.publications]]\ntitle = \"T\"\n"
                                          "year = 2021.5\n") ==
          "t.toml:7:8: error: 'sections.publications.year' must be an integer or a string, found a floating-point number");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\nitems = [\"a\", true]\n") ==
          "t.toml:5:15: error: 'sections.items' must contain only strings or {text = …, items = […]} tables, found a "
          "boolean");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\nitems = [\"a\"]\nnumbered = \"yes\"\n") ==
          "t.toml:6:12: error: 'sections.numbered' must be true or false, found a string");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\n[[sections.entries]]\ntitle = \"E\"\n"
                                          "start = true\n") ==
          "t.toml:7:9: error: 'sections.entries.start' must be a date (\"YYYY-MM\", \"present\", a TOML date or free "
          "text), found a boolean");
}

TEST_CASE("missing required fields") {
    CHECK(error_of("") == "t.toml:1:1: error: missing required table [person] (with at least name = \"…\")");
    CHECK(error_of("[person]\nemail = \"x@y.z\"\n") == "t.toml:1:1: error: missing required key 'person.name'");
    CHECK(error_of("[person]\nname = \"  \"\n") == "t.toml:2:8: error: 'person.name' must not be empty");
    CHECK(error_of(std::string(kPerson) + "\n[[sections]]\nitems = [\"a\"]\n") ==
          "t.toml:4:1: error: missing required key 'sections.title'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"Awards\"\n") ==
          "t.toml:3:1: error: section 'Awards' has no content; give exactly one of 'entries', 'publications', "
          "'items' or 'text'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\n[[sections.entries]]\nrole = \"R\"\n") ==
          "t.toml:5:1: error: entry needs a 'title' or an 'organisation'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\n[[sections.entries]]\ntitle = \"E\"\n"
                                          "[[sections.entries.roles]]\nlocation = \"L\"\n") ==
          "t.toml:7:1: error: missing required key 'sections.entries.roles.role'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\nitems = [{ items = [\"a\"] }]\n") ==
          "t.toml:5:10: error: missing required key 'sections.items.text'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"P\"\n[[sections.publications]]\nyear = 2020\n") ==
          "t.toml:5:1: error: missing required key 'sections.publications.title'");
    CHECK(error_of(std::string(kPerson) + "links = [{ label = \"GitHub\" }]\n") ==
          "t.toml:3:10: error: missing required key 'person.links.url'");
}

TEST_CASE("a section with two kinds of content") {
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"Service\"\ntext = \"MICRO\"\n"
                                          "[[sections.entries]]\ntitle = \"E\"\n") ==
          "t.toml:6:12: error: section 'Service' has both 'text' and 'entries'; give exactly one of 'entries', "
          "'publications', 'items' or 'text'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\nitems = [\"a\"]\ntext = \"b\"\n") ==
          "t.toml:6:1: error: section 'S' has both 'items' and 'text'; give exactly one of 'entries', "
          "'publications', 'items' or 'text'");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\ntext = \"b\"\nnumbered = true\n") ==
          "t.toml:6:1: error: 'sections.numbered' only applies to an 'items' section");
    CHECK(error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\n[[sections.entries]]\n"
                                          "organisation = \"A\"\norganization = \"B\"\n") ==
          "t.toml:7:1: error: 'sections.entries.organization' repeats 'organisation' (the two spellings are the same "
          "key)");
}

TEST_CASE("bad dates") {
    auto with = [](const std::string& fields) {
        return error_of(std::string(kPerson) + "[[sections]]\ntitle = \"S\"\n[[sections.entries]]\ntitle = \"E\"\n" +
                        fields + "\n");
    };
    CHECK(with("end = \"2022-13\"") == "t.toml:7:8: error: invalid date '2022-13': month must be between 01 and 12");
    CHECK(with("start = \"2021-02-29\"") ==
          "t.toml:7:10: error: invalid date '2021-02-29': day must be between 01 and 28");
    CHECK(with("start = \"  2018-9\"") ==
          "t.toml:7:12: error: invalid date '2018-9': expected YYYY, YYYY-MM or YYYY-MM-DD (free text goes in 'dates')");
    CHECK(with("start = \"2018-2020\"") ==
          "t.toml:7:10: error: invalid date '2018-2020': expected YYYY, YYYY-MM or YYYY-MM-DD (free text goes in "
          "'dates')");
    CHECK(with("date = \"\"") == "t.toml:7:8: error: 'sections.entries.date' must not be empty");
    CHECK(with("start = 123") == "t.toml:7:9: error: invalid year 123 in 'sections.entries.start': expected four digits");
    CHECK(with("start = \"2018\"\ndate = \"2019\"") ==
          "t.toml:8:1: error: 'sections.entries.date' cannot be combined with 'start'/'end' (use one or the other)");
    // A TOML syntax error in a date is toml++'s to report.
    CHECK(with("start = 2022-13-01").rfind("t.toml:7:", 0) == 0);
}

TEST_CASE("TOML syntax errors name file, line and column") {
    CHECK(error_of("[person]\nname = \n") ==
          "t.toml:2:8: error: TOML syntax error: Error while parsing key-value pair: expected value, saw '\\n'");
    CHECK(error_of("[person]\nname = 'x'\nname = 'y'\n") ==
          "t.toml:3:8: error: TOML syntax error: Error while parsing key-value pair: cannot redefine existing string "
          "'name'");
}

// toml++ 3.3.0 reaches __builtin_unreachable when it asks whether these characters are
// whitespace (src/base/CMakeLists.txt): whatever the build, each must be a syntax error at
// its own position, never a crash and never taken for a space.
TEST_CASE("non-ASCII characters where TOML allows only whitespace are syntax errors") {
    int checked = 0;
    for (auto [from, to] : {std::pair<char32_t, char32_t>{0xA1, 0x499}, {0x2C5E, 0x3057}, {0xFB26, 0xFEFE}})
        for (char32_t c = from; c <= to; ++c) {
            std::string doc = "[person]\nname = \"X\"\n";
            cvpdf::append_utf8(doc, c);
            doc += "\n";
            const std::string e = error_of(doc);
            REQUIRE_MESSAGE(e.rfind("t.toml:3:1: error: TOML syntax error", 0) == 0, std::hex, unsigned(c), ": ", e);
            ++checked;
        }
    CHECK(checked == 3020);
}

TEST_CASE("file errors") {
    CHECK(file_error_of("/nonexistent/cv.toml") ==
          "/nonexistent/cv.toml: error: cannot read CV data file: No such file or directory");
    CHECK(file_error_of(CVPDF_TEST_DATA) ==
          std::string(CVPDF_TEST_DATA) + ": error: cannot read CV data file: it is a directory");
    // Errors inside a file name that file.
    CHECK(file_error_of(kTestData + "unknown_key.toml") ==
          kTestData + "unknown_key.toml:7:1: error: unknown key 'sections.entries.rol'; did you mean 'role'?");
}

TEST_CASE("suggestions use edit distance up to 2, transpositions count once") {
    CHECK(error_of("[person]\nnmae = \"X\"\n") == "t.toml:2:1: error: unknown key 'person.nmae'; did you mean 'name'?");
    CHECK(error_of("[person]\nname = \"X\"\nlinkz = []\n") ==
          "t.toml:3:1: error: unknown key 'person.linkz'; did you mean 'links'?");
    CHECK(error_of("[person]\nname = \"X\"\nwebsiteurl = \"\"\n").find("did you mean") == std::string::npos);
}

TEST_CASE("positions inside one-line strings count code points, through non-ASCII and TeX backslashes") {
    Cv cv = load_cv_string("[person]\nname = \"X\"\n"
                           "headline = \"Zo\\u00eb \\u2014 **x\"\n"  // TOML escapes: decoded, so anchored
                           "[[sections]]\ntitle = \"T\"\ntext = '\\lambda **y'\n"
                           "[[sections]]\ntitle = \"U\"\ntext = \"Zo\xc3\xab \xe2\x80\x94 **z\"\n",
                           "t.toml");
    const Text& h = cv.person.headline;
    SourcePos p = text_position(h, h.src.find("**"));
    CHECK(p.line == 3);
    CHECK(p.col == 29);  // "Zo\u00eb \u2014 " as written: 16 characters from column 13
    const Text& lit = cv.sections.at(0).text;
    p = text_position(lit, lit.src.find("**"));
    CHECK(p.line == 6);
    CHECK(p.col == 17);  // '\lambda ' is 8 characters from column 9
    const Text& utf = cv.sections.at(1).text;
    p = text_position(utf, utf.src.find("**"));
    CHECK(p.line == 9);
    CHECK(p.col == 15);  // "Zoë — " is 6 characters (10 bytes) from column 9
}

TEST_CASE("positions of plain one-line strings, empty and multi-line neighbours") {
    Cv cv = load_cv_string("[person]\nname = \"X\"\n"
                           "headline = 'plain **x'\n"
                           "location = \"\"\"\"\"\"\n"
                           "[[sections]]\ntitle = \"T\"\ntext = \"\"\n",
                           "t.toml");
    const Text& h = cv.person.headline;
    CHECK(h.pos.line == 3);
    CHECK(h.pos.col == 13);
    SourcePos p = text_position(h, h.src.find("**"));
    CHECK(p.line == 3);
    CHECK(p.col == 19);
    const Text& t = cv.sections.at(0).text;
    CHECK(t.src.empty());
    CHECK(t.pos.line == 7);
    CHECK(t.pos.col == 9);
}
