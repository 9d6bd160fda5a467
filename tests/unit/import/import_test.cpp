#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "import/import.hpp"
#include "import/json_tree.hpp"

using namespace cvpdf;
using namespace cvpdf::import;

namespace {

const std::string kExample = std::string(CVPDF_SOURCE_DIR) + "/data/jsonresume-example.json";
const std::string kTestData = std::string(CVPDF_TEST_DATA) + "/import/";

model::Cv load(std::string_view json, std::vector<std::string>* warnings = nullptr) {
    std::vector<std::string> local;
    return load_json_resume_string(json, "r.json", warnings ? *warnings : local);
}

// "file:line:col: error: message" of loading `json`, or "no error".
std::string error_of(std::string_view json) {
    try {
        load(json);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

std::string with_basics(const std::string& rest) {
    return "{\"basics\": {\"name\": \"Ada Lovelace\"}" + (rest.empty() ? "" : ", " + rest) + "}";
}

const model::Section* find_section(const model::Cv& cv, const std::string& title) {
    for (const auto& s : cv.sections)
        if (s.title.src == title) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("escape_markup escapes exactly the markup characters") {
    CHECK(escape_markup("a*b_c[d]e$f~g\\h") == "a\\*b\\_c\\[d\\]e\\$f\\~g\\\\h");
    CHECK(escape_markup("C++ (50% off) #1 <ok> é") == "C++ (50% off) #1 <ok> é");
    CHECK(escape_markup("") == "");
}

TEST_CASE("detect_format: extension, then a leading '{'") {
    CHECK(detect_format("cv.json", "") == Format::JsonResume);
    CHECK(detect_format("CV.JSON", "[person]") == Format::JsonResume);
    CHECK(detect_format("cv.toml", "[person]\nname = 'x'") == Format::Toml);
    CHECK(detect_format("resume", "\xEF\xBB\xBF \n {\"$schema\": \"x\"}") == Format::JsonResume);
    CHECK(detect_format("resume.txt", "# comment\n[person]") == Format::Toml);
}

TEST_CASE("basics → person, with location, profiles and the summary section") {
    model::Cv cv = load(R"({"basics": {
        "name": " Ada Lovelace ", "label": "Analyst of *engines*", "email": "ada@example.org",
        "phone": "+44 1", "url": "https://ada.example.org", "summary": "Wrote the first program.",
        "location": {"address": "12 St James's Sq", "postalCode": "SW1", "city": "London",
                     "countryCode": "GB", "region": "England"},
        "profiles": [{"network": "GitHub", "username": "ada", "url": "https://github.com/ada"},
                     {"network": "Blog", "url": "https://blog.example.org"},
                     {"username": "ada2", "url": "https://x.example.org/ada2"}]}})");
    CHECK(cv.person.name == "Ada Lovelace");
    CHECK(cv.person.headline.src == "Analyst of \\*engines\\*");
    CHECK(cv.person.email == "ada@example.org");
    CHECK(cv.person.phone == "+44 1");
    CHECK(cv.person.website == "https://ada.example.org");
    CHECK(cv.person.location == "12 St James's Sq, London, England, SW1, GB");
    REQUIRE(cv.person.links.size() == 3);
    CHECK(cv.person.links[0].label == "GitHub: ada");
    CHECK(cv.person.links[0].url == "https://github.com/ada");
    CHECK(cv.person.links[1].label == "Blog");
    CHECK(cv.person.links[2].label == "ada2");
    CHECK(cv.meta.title == "Curriculum Vitae of Ada Lovelace");
    REQUIRE(cv.sections.size() == 1);
    CHECK(cv.sections[0].title.src == "Summary");
    CHECK(cv.sections[0].kind == model::Section::Kind::Text);
    CHECK(cv.sections[0].text.src == "Wrote the first program.");
}

TEST_CASE("sections follow the document's order; empty ones are left out") {
    model::Cv cv = load(with_basics(R"("skills": [{"name": "Maths"}], "work": [], "awards": [{"title": "Medal"}])"));
    REQUIRE(cv.sections.size() == 2);
    CHECK(cv.sections[0].title.src == "Skills");
    CHECK(cv.sections[1].title.src == "Awards");
}

TEST_CASE("work: every field") {
    model::Cv cv = load(with_basics(R"J("work": [{"name": "Analytical Engines Ltd", "location": "London",
        "description": "Engine makers", "position": "Programmer", "url": "https://ae.example.com/a(b)",
        "startDate": "1842-09", "endDate": "1843", "summary": "Notes on the engine.",
        "highlights": ["Bernoulli numbers", "Loops_and_branches"]}])J"));
    REQUIRE(cv.sections.size() == 1);
    const auto& s = cv.sections[0];
    CHECK(s.title.src == "Experience");
    REQUIRE(s.entries.size() == 1);
    const auto& e = s.entries[0];
    CHECK(e.title.src == "[Analytical Engines Ltd](https://ae.example.com/a%28b%29)");
    CHECK(e.organisation.src == "Engine makers");
    CHECK(e.role.src == "Programmer");
    CHECK(e.location.src == "London");
    CHECK(e.dates.start.kind == model::Date::Kind::Exact);
    CHECK(e.dates.start.year == 1842);
    CHECK(e.dates.start.month == 9);
    CHECK(e.dates.end.year == 1843);
    CHECK(e.dates.end.month == 0);
    CHECK(e.summary.src == "Notes on the engine.");
    REQUIRE(e.bullets.size() == 2);
    CHECK(e.bullets[1].text.src == "Loops\\_and\\_branches");
}

TEST_CASE("dates: ISO-8601 partial dates, ongoing ranges, single dates") {
    auto entry = [](const std::string& dates) {
        model::Cv cv = load(with_basics(R"("volunteer": [{"organization": "X", )" + dates + "}]"));
        return cv.sections.at(0).entries.at(0).dates;
    };
    model::Dates d = entry(R"("startDate": "2018-09-01", "endDate": "2019-02")");
    CHECK(d.start.year == 2018);
    CHECK(d.start.month == 9);
    CHECK(d.start.day == 1);
    CHECK(d.end.month == 2);
    CHECK(d.end.day == 0);
    d = entry(R"("startDate": "2018")");
    CHECK(d.start.year == 2018);
    CHECK(d.end.kind == model::Date::Kind::Present);
    d = entry(R"("startDate": "2018", "endDate": "Present")");
    CHECK(d.end.kind == model::Date::Kind::Present);
    d = entry(R"("endDate": "2020-05")");
    CHECK(d.start.kind == model::Date::Kind::None);
    CHECK(d.date.year == 2020);
    CHECK(d.date.month == 5);
    d = entry(R"("startDate": "", "endDate": "")");
    CHECK(d.empty());
    d = entry(R"("startDate": "Summer 2019")");
    CHECK(d.start.kind == model::Date::Kind::Literal);
    CHECK(d.start.literal == "Summer 2019");
}

TEST_CASE("bad dates are errors at the string's first character") {
    CHECK(error_of("{\"basics\": {\"name\": \"A\"},\n \"work\": [{\"name\": \"W\", \"startDate\": \"2018-13\"}]}") ==
          "r.json:2:39: error: invalid date '2018-13' in 'work[0].startDate': month must be between 01 and 12");
    CHECK(error_of(with_basics(R"("awards": [{"title": "T", "date": "2021-02-29"}])")).find(
              "invalid date '2021-02-29' in 'awards[0].date': day must be between 01 and 28") != std::string::npos);
}

TEST_CASE("education: study type, area, score and courses") {
    model::Cv cv = load(with_basics(R"("education": [{"institution": "Uni", "url": "https://u.example.org",
        "area": "Physics", "studyType": "BSc", "startDate": "2010", "endDate": "2013", "score": 3.8,
        "courses": ["PH101 Mechanics", "PH*02"]}])"));
    const auto& e = cv.sections.at(0).entries.at(0);
    CHECK(e.title.src == "[Uni](https://u.example.org)");
    CHECK(e.role.src == "BSc in Physics");
    REQUIRE(e.bullets.size() == 2);
    CHECK(e.bullets[0].text.src == "**Score:** 3.8");
    CHECK(e.bullets[1].text.src == "**Courses:**");
    REQUIRE(e.bullets[1].children.size() == 2);
    CHECK(e.bullets[1].children[1].text.src == "PH\\*02");
}

TEST_CASE("awards, certificates, skills, languages, interests, references, projects") {
    model::Cv cv = load(with_basics(R"(
        "awards": [{"title": "Medal", "date": "1840", "awarder": "Society", "summary": "For maths"}],
        "certificates": [{"name": "Cert", "date": "2020-01", "url": "https://c.example", "issuer": "Board"}],
        "skills": [{"name": "C++", "level": "Expert", "keywords": ["templates", "constexpr"]}, {"keywords": ["x"]}],
        "languages": [{"language": "French", "fluency": "Fluent"}],
        "interests": [{"name": "Poetry", "keywords": ["Byron"]}],
        "references": [{"name": "Charles Babbage", "reference": "Enchantress of numbers."}],
        "projects": [{"name": "Notes", "description": "Translation", "highlights": ["Note G"],
                      "keywords": ["algorithms"], "startDate": "1842", "endDate": "1843", "url": "https://n.example",
                      "roles": ["Translator", "Author"], "entity": "Taylor's Scientific Memoirs", "type": "paper"}])"));
    const auto* aw = find_section(cv, "Awards");
    REQUIRE(aw);
    CHECK(aw->entries.at(0).title.src == "Medal");
    CHECK(aw->entries.at(0).organisation.src == "Society");
    CHECK(aw->entries.at(0).dates.date.year == 1840);
    CHECK(aw->entries.at(0).summary.src == "For maths");
    const auto* ce = find_section(cv, "Certificates");
    REQUIRE(ce);
    CHECK(ce->entries.at(0).title.src == "[Cert](https://c.example)");
    CHECK(ce->entries.at(0).organisation.src == "Board");
    CHECK(ce->entries.at(0).dates.date.month == 1);
    const auto* sk = find_section(cv, "Skills");
    REQUIRE(sk);
    CHECK(sk->kind == model::Section::Kind::Items);
    CHECK(sk->items.at(0).text.src == "**C++** (Expert): templates, constexpr");
    CHECK(sk->items.at(1).text.src == "x");
    CHECK(find_section(cv, "Languages")->items.at(0).text.src == "**French**: Fluent");
    CHECK(find_section(cv, "Interests")->items.at(0).text.src == "**Poetry**: Byron");
    CHECK(find_section(cv, "References")->items.at(0).text.src == "Enchantress of numbers. \u2014 **Charles Babbage**");
    const auto* pr = find_section(cv, "Projects");
    REQUIRE(pr);
    const auto& p = pr->entries.at(0);
    CHECK(p.title.src == "[Notes](https://n.example)");
    CHECK(p.organisation.src == "Taylor's Scientific Memoirs");
    CHECK(p.role.src == "Translator, Author");
    CHECK(p.location.src == "paper");
    CHECK(p.summary.src == "Translation");
    REQUIRE(p.bullets.size() == 2);
    CHECK(p.bullets[1].text.src == "**Keywords:** algorithms");
    CHECK(p.tags == std::vector<std::string>{"algorithms"});
}

TEST_CASE("publications: no author list, the owner's name highlighted in the summary") {
    model::Cv cv = load(with_basics(R"("publications": [{"name": "Sketch of the *Engine*", "publisher": "Memoirs",
        "releaseDate": "1843-09", "url": "https://p.example", "summary": "Translated by Ada Lovelace, not Ada Lovelaces."}])"));
    const auto& p = find_section(cv, "Publications")->publications.at(0);
    CHECK(p.title.src == "Sketch of the \\*Engine\\*");
    CHECK(p.venue.src == "Memoirs");
    CHECK(p.year == "1843");
    CHECK(p.url == "https://p.example");
    CHECK(p.authors.empty());
    CHECK(p.note.src == "\u2014 Translated by **Ada Lovelace**, not Ada Lovelaces.");
}

TEST_CASE("publications: the 'authors' extension marks the owner and equal contribution") {
    model::Cv cv = load(with_basics(R"("publications": [{"name": "P", "authors": ["Charles Babbage*", "Ada Lovelace *"]}])"));
    const auto& a = find_section(cv, "Publications")->publications.at(0).authors;
    REQUIRE(a.size() == 2);
    CHECK(a[0].name == "Charles Babbage");
    CHECK(a[0].equal_contribution);
    CHECK_FALSE(a[0].is_self);
    CHECK(a[1].name == "Ada Lovelace");
    CHECK(a[1].is_self);
}

TEST_CASE("unknown fields are warnings with their position, never silent") {
    std::vector<std::string> w;
    load("{\"basics\": {\"name\": \"A\", \"emial\": \"a@b\", \"image\": \"p.jpg\"},\n"
         " \"work\": [{\"name\": \"W\", \"colour\": \"red\"}], \"hobbies\": [],\n"
         " \"meta\": {\"version\": \"v1\"}}",
         &w);
    REQUIRE(w.size() == 5);
    CHECK(w[0] == "unknown field 'hobbies' ignored at 2:44");
    CHECK(w[1] == "unknown field 'basics.emial' (did you mean 'email'?) ignored at 1:26");
    CHECK(w[2] == "'basics.image': cvpdf does not print photos; ignored at 1:51");
    CHECK(w[3] == "'meta' describes the JSON file, not the CV; not printed at 3:10");
    CHECK(w[4] == "unknown field 'work[0].colour' ignored at 2:25");
}

TEST_CASE("JSON syntax errors give file:line:col") {
    CHECK(error_of("{\n  \"basics\": {\n    \"name\": \"A\",\n  }\n}").rfind("r.json:4:3: error: JSON syntax error: ", 0) == 0);
    CHECK(error_of("{\"basics\": {\"name\": \"é\" \"x\"}}").rfind("r.json:1:25: error: JSON syntax error: ", 0) == 0);
    CHECK(error_of("").rfind("r.json:1:1: error: JSON syntax error: ", 0) == 0);
    CHECK(error_of("{\"basics\": {\"name\": \"A\"}} x").rfind("r.json:1:27: error: JSON syntax error: ", 0) == 0);
    CHECK(error_of("{\"basics\": {\"name\": \"unterminated}}\n").rfind("r.json:1:36: error: JSON syntax error: syntax error while parsing value - invalid string: control character", 0) == 0);
}

TEST_CASE("structural errors: wrong types, duplicates, missing names") {
    CHECK(error_of("{\"basics\": {\"name\": \"A\"},\n  \"work\": {}}") ==
          "r.json:2:11: error: 'work' must be an array of objects, found an object");
    CHECK(error_of("{\"basics\": {\"name\": \"A\"}, \"skills\": [{\"keywords\": \"x\"}]}") ==
          "r.json:1:51: error: 'skills[0].keywords' must be an array of strings, found a string");
    CHECK(error_of("{\"basics\": {\"name\": \"A\", \"name\": \"B\"}}") ==
          "r.json:1:26: error: duplicate key \"name\" (first at line 1, column 13)");
    CHECK(error_of("{\"work\": []}") == "r.json:1:1: error: missing required object 'basics' (with at least \"name\")");
    CHECK(error_of("{\"basics\": {\"name\": \"  \"}}") ==
          "r.json:1:21: error: 'basics.name' is required and must not be empty");
    CHECK(error_of("[1]") == "r.json:1:1: error: 'the document' must be an object, found an array");
    CHECK(error_of(with_basics(R"("work": [{"summary": "s"}])")).find("'work[0]' needs a \"name\"") != std::string::npos);
}

TEST_CASE("positions of values after escapes and multi-byte characters") {
    detail::JsonValue v = detail::parse_json("{\"a\\\"b\": [1.5e3, true, null, \"x\\\\\"], \"é\": \"z\"}", "f");
    REQUIRE(v.members.size() == 2);
    CHECK(v.key_pos[0].col == 2);
    const auto& arr = v.members[0].second;
    CHECK(arr.pos.col == 10);
    CHECK(arr.items[0].str == "1.5e3");
    CHECK(arr.items[0].pos.col == 11);
    CHECK(arr.items[1].pos.col == 18);
    CHECK(arr.items[2].pos.col == 24);
    CHECK(arr.items[3].pos.col == 30);
    CHECK(arr.items[3].str == "x\\");
    CHECK(v.key_pos[1].col == 38);
    CHECK(v.members[1].second.pos.col == 43);
}

TEST_CASE("to_toml: quoting") {
    model::Cv cv;
    cv.person.name = "O'Brien";
    cv.person.headline.src = "line one\nline \"two\"\t\\";
    cv.person.email = "a\\b";
    std::string t = to_toml(cv);
    CHECK(t.find("name = \"O'Brien\"") != std::string::npos);
    CHECK(t.find("headline = \"line one\\nline \\\"two\\\"\\t\\\\\"") != std::string::npos);
    CHECK(t.find("email = 'a\\b'") != std::string::npos);
    model::Cv back = model::load_cv_string(t, "t.toml");
    CHECK(back.person.name == cv.person.name);
    CHECK(back.person.headline.src == cv.person.headline.src);
    CHECK(back.person.email == cv.person.email);
}

TEST_CASE("to_toml round trip of the complete example") {
    std::vector<std::string> w;
    model::Cv cv = load_json_resume_file(kExample, w);
    CHECK(w.size() == 2);  // basics.image and meta: known, but not printed
    std::string toml = to_toml(cv);
    model::Cv back = model::load_cv_string(toml, cv.source);
    // Idempotent: what the TOML loads to converts to the same TOML.
    CHECK(to_toml(back) == toml);
    CHECK(back.meta.title == cv.meta.title);
    REQUIRE(back.sections.size() == cv.sections.size());
    CHECK(cv.sections.size() == 12);
    for (size_t i = 0; i < cv.sections.size(); ++i)
        for (size_t k = 0; k < cv.sections[i].publications.size(); ++k) {
            const auto& a = cv.sections[i].publications[k].authors;
            const auto& b = back.sections[i].publications[k].authors;
            REQUIRE(a.size() == b.size());
            for (size_t j = 0; j < a.size(); ++j) CHECK(a[j].is_self == b[j].is_self);
        }
}

TEST_CASE("to_toml keeps roles, numbered lists, bullets and free-text dates") {
    model::Cv cv = model::load_cv_string(R"(
[person]
name = "M"
aliases = ["M."]
[meta]
language = "de"
[[sections]]
title = "L"
numbered = true
bullet = "→"
items = ["a", { text = "b", numbered = true, items = ["c", { text = "d", items = ["e"] }] }]
[[sections]]
title = "E"
[[sections.entries]]
organisation = "Org"
dates = "2018–2020"
start = 2018
end = "now"
tags = ["x"]
[[sections.entries.roles]]
role = "R"
location = "L"
date = "2019-01-02"
summary = "S"
bullets = ["b"]
[[sections]]
title = "P"
[[sections.publications]]
authors = ["M*", "N"]
title = "T"
year = "to appear"
status = "S"
note = 'N \*'
doi = "10.1/x"
[variants.short]
layout = "classic"
set = { "page.size" = "a4", "text.size" = 10.5 }
[variants."two words"]
tags = ["a", "b"]
)", "x.toml");
    std::string toml = to_toml(cv);
    model::Cv back = model::load_cv_string(toml, "x.toml");
    CHECK(to_toml(back) == toml);
    CHECK(back.meta.language == "de");
    CHECK(back.sections[0].numbered);
    CHECK(back.sections[0].items[1].children[1].children[0].text.src == "e");
    CHECK(back.sections[1].entries[0].roles[0].dates.date.day == 2);
    CHECK(back.sections[1].entries[0].dates.text.src == "2018–2020");
    CHECK(back.sections[2].publications[0].authors[0].equal_contribution);
    CHECK(back.sections[2].publications[0].authors[0].is_self);
    REQUIRE(back.variants.size() == 2);
    CHECK(back.variants[0].layout == "classic");
    REQUIRE(back.variants[0].set.size() == 2);
    CHECK(back.variants[0].set[1].key == "text.size");
    CHECK(back.variants[1].name == "two words");
    CHECK(back.variants[1].tags == std::vector<std::string>{"a", "b"});
}
