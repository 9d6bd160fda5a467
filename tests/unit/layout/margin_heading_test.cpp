// Section headings in a left margin column ([heading] position = "margin"), and entry head
// templates ([entry] head / role_head), checked on the positioned pages.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "layout/cv_layout.hpp"
#include "model/cv.hpp"
#include "placed_runs.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;
using namespace cvpdf::layout::test;

namespace {

// Runs whose text contains `s`.
std::vector<Placed> find(const std::vector<Placed>& runs, const std::string& s) {
    std::vector<Placed> out;
    for (const auto& r : runs)
        if (r.text.find(s) != std::string::npos) out.push_back(r);
    return out;
}

LayoutResult render(const std::string& data, const std::string& layout) {
    static Resources res;
    model::Cv cv = model::load_cv_string(data, "cv.toml");
    style::LayoutSpec spec = style::load_layout_string(layout, "layout.toml");
    return layout_cv(cv, spec, res);
}

const char* kMargin =
    "extends = \"classic\"\n[heading]\nposition = \"margin\"\nalign = \"right\"\n"
    "[columns]\nheading_column = \"80pt\"\nheading_gap = \"10pt\"\n";

// The start of most test CVs: one person, one section, one entry (fields follow).
const std::string kAdaEntry = R"(
[person]
name = "Ada Lovelace"
[[sections]]
title = "Experience"
[[sections.entries]]
title = "Analytical Engine"
)";

// classic: 0.75in margins, so the heading column is [54, 134] and the content starts at 144.
constexpr float kLeft = 54, kColumn = 80, kContent = 54 + 80 + 10, kRight = 612 - 54;

}  // namespace

TEST_CASE("margin headings: in the left column, on the baseline of the section's first line") {
    const std::string data = kAdaEntry + R"(
role = "Programmer"
start = "1842"
end = "1843"
bullets = ["Wrote the first published algorithm meant for a machine."]
[[sections]]
title = "Service"
text = "Reviewer for the Royal Society."
)";
    auto runs = runs_of(render(data, kMargin).doc);
    const Placed& h = one(runs, "Experience");
    const Placed& t = one(runs, "Analytical Engine");
    CHECK(h.x0 >= kLeft - 0.01f);
    CHECK(h.x1 == doctest::Approx(kLeft + kColumn).epsilon(0.001));  // align = "right"
    CHECK(t.x0 == doctest::Approx(kContent));
    CHECK(h.y == doctest::Approx(t.y));  // top-aligned on the first line's baseline
    // The dates still end on the column's right edge, on the title's baseline.
    const Placed& d = one(runs, "1842");
    CHECK(d.x1 == doctest::Approx(kRight).epsilon(0.0005));
    CHECK(d.y == doctest::Approx(t.y));
    // Every run that is not a heading lies right of the heading column.
    for (const auto& r : runs)
        if (r.text.find("Experience") == std::string::npos && r.text.find("Service") == std::string::npos &&
            r.text.find("Ada") == std::string::npos && r.text.find("Lovelace") == std::string::npos)
            CHECK_MESSAGE(r.x0 >= kContent - 20, r.text);  // bullets hang a little left of the text
    const Placed& s = one(runs, "Service");
    const Placed& st = one(runs, "Reviewer");
    CHECK(s.y == doctest::Approx(st.y));
    CHECK(st.x0 == doctest::Approx(kContent));
}

TEST_CASE("margin headings: a long heading wraps inside its column, and a short section grows") {
    const std::string data = R"(
[person]
name = "Ada Lovelace"
[[sections]]
title = "Selected Honours and Distinctions Received Abroad"
text = "One line."
[[sections]]
title = "Next"
text = "After it."
)";
    auto runs = runs_of(render(data, kMargin).doc);
    std::vector<Placed> heading;
    for (const char* w : {"Selected", "Distinctions", "Abroad"}) heading.push_back(one(runs, w));
    float last = 0;
    for (const auto& r : heading) {
        CHECK(r.x0 >= kLeft - 0.01f);
        CHECK(r.x1 <= kLeft + kColumn + 0.01f);
        CHECK(r.x1 == doctest::Approx(kLeft + kColumn).epsilon(0.001));  // ragged, flush right
        last = std::max(last, r.y);
    }
    CHECK(last > heading[0].y + 20);  // at least three lines
    const Placed& first = one(runs, "One line.");
    CHECK(first.y == doctest::Approx(heading[0].y));
    // The next section starts below the heading's last line, not below the one line of text.
    const Placed& next = one(runs, "Next");
    const Placed& after = one(runs, "After it.");
    CHECK(next.y == doctest::Approx(after.y));
    CHECK(next.y > last + 12);
}

TEST_CASE("margin headings: a heading never ends a page, and stays with the lines beside it") {
    // Filler items bring a section with a three-line heading nearer and nearer the page foot:
    // whatever the room left, its heading and the lines beside it share a page, and the
    // heading never runs past the text area.
    int moved = 0;
    for (int n = 44; n <= 56; ++n) {
        std::string data = "[person]\nname = \"Ada Lovelace\"\n[[sections]]\ntitle = \"Filler\"\nitems = [";
        for (int i = 0; i < n; ++i) data += "\"Line " + std::to_string(i) + "\", ";
        data += "]\n[[sections]]\ntitle = \"Selected Honours and Distinctions Received Abroad\"\n"
                "items = [\"First honour\", \"Second honour\", \"Third honour\", \"Fourth honour\"]\n";
        auto runs = runs_of(render(data, kMargin).doc);
        CAPTURE(n);
        const Placed& h = one(runs, "Selected");
        const Placed& h3 = one(runs, "Abroad");
        const Placed& c1 = one(runs, "First honour");
        const Placed& c3 = one(runs, "Third honour");
        CHECK(h.page == c1.page);
        CHECK(h.y == doctest::Approx(c1.y));
        CHECK(h3.page == c3.page);  // the lines beside the heading are on its page
        CHECK(h3.y + 4 <= 792 - 54);
        if (h.page == 1) ++moved;
    }
    CHECK(moved > 0);      // some of these pushed the section to the next page
    CHECK(moved < 13);     // and some did not
}

TEST_CASE("margin headings: the rule above spans the whole column, the rule below the heading column") {
    const std::string data = "[person]\nname = \"Ada\"\n[[sections]]\ntitle = \"Skills\"\nitems = [\"Coq\"]\n";
    auto with_rule = [&](const char* pos) {
        return render(data, std::string("extends = \"classic\"\n[heading]\nposition = \"margin\"\nrule = \"1pt\"\n"
                                        "rule_position = \"") + pos + "\"\n[columns]\nheading_column = \"80pt\"\n"
                                        "heading_gap = \"10pt\"\n");
    };
    auto a = with_rule("above");
    REQUIRE(a.doc.pages.size() == 1);
    REQUIRE(a.doc.pages[0].rules.size() == 1);
    const auto& ra = a.doc.pages[0].rules[0];
    CHECK(ra.x == doctest::Approx(kLeft));
    CHECK(ra.x + ra.width == doctest::Approx(kRight));
    const Placed& skills = one(runs_of(a.doc), "Skills");
    CHECK(ra.y + ra.height < skills.y - 8);
    auto b = with_rule("below");
    REQUIRE(b.doc.pages[0].rules.size() == 1);
    const auto& rb = b.doc.pages[0].rules[0];
    CHECK(rb.x == doctest::Approx(kLeft));
    CHECK(rb.width == doctest::Approx(kColumn));
    CHECK(rb.y > one(runs_of(b.doc), "Skills").y);
}

TEST_CASE("entry templates: fields on the lines and sides the layout says, empty ones left out") {
    const char* layout =
        "extends = \"classic\"\n[entry]\nhead = [\n"
        "  { left = \"{role} at {organisation} ({location})\", right = \"{dates}\" },\n"
        "  { left = \"{title}\" },\n]\n"
        "role_head = [ { left = \"{role}\", right = \"{location}, {dates}\" } ]\n";
    const std::string data = kAdaEntry + R"(
role = "Programmer"
location = "London"
start = "1842"
end = "1843"
[[sections.entries.roles]]
role = "Translator"
date = "1843"
)";
    auto runs = runs_of(render(data, layout).doc);
    const Placed& role = one(runs, "Programmer");
    CHECK(role.text.find("Programmer (London)") == 0);  // no organisation: " at " goes with it
    CHECK(find(runs, " at ").empty());
    const Placed& dates = one(runs, "1842");
    CHECK(dates.y == doctest::Approx(role.y));
    CHECK(dates.x1 == doctest::Approx(kRight).epsilon(0.0005));
    const Placed& title = one(runs, "Analytical Engine");
    CHECK(title.y > role.y + 5);  // the title is on the second line
    // The role's line: "Translator" left, "1843" right, with no location and so no comma.
    const Placed& tr = one(runs, "Translator");
    const Placed tr_date = find(runs, "1843").back();
    CHECK(tr_date.y == doctest::Approx(tr.y));
    CHECK(tr_date.x1 == doctest::Approx(kRight).epsilon(0.0005));
    CHECK(tr_date.text.find(',') == std::string::npos);
}

TEST_CASE("entry templates: the default reproduces the classic head; dates left follow the template") {
    const std::string data = kAdaEntry + R"(
location = "London"
[[sections.entries.roles]]
role = "Programmer"
start = "1842"
end = "1843"
)";
    // No dates and no role on the entry: the location moves up to the title line.
    auto runs = runs_of(render(data, "extends = \"classic\"\n").doc);
    CHECK(one(runs, "London").y == doctest::Approx(one(runs, "Analytical").y));
    // Written out, the default template does the same.
    auto same = runs_of(render(data, "extends = \"classic\"\n[entry]\nhead = [\n"
                                      "  { left = \"{title}, {organisation}\", right = \"{dates}\" },\n"
                                      "  { left = \"{role}\", right = \"{location}\" },\n]\n").doc);
    REQUIRE(same.size() == runs.size());
    for (size_t i = 0; i < runs.size(); ++i) {
        CHECK(same[i].text == runs[i].text);
        CHECK(same[i].x0 == doctest::Approx(runs[i].x0));
        CHECK(same[i].y == doctest::Approx(runs[i].y));
    }
    // modern: dates in the left column, on the baseline of the line where {dates} stands.
    auto modern = runs_of(render(data, "extends = \"modern\"\n[entry]\nrole_head = [\n"
                                        "  { left = \"{role}\" },\n  { left = \"Dates:\", right = \"{dates}\" },\n]\n").doc);
    const Placed& dl = one(modern, "1842");
    const Placed& label = one(modern, "Dates:");
    CHECK(dl.y == doctest::Approx(label.y));
    CHECK(dl.x1 < label.x0);  // in the column left of the text
}

TEST_CASE("margin headings: never hyphenated, even where the body hyphenates") {
    // modern's headings are not small caps, so only the heading's own rule keeps them whole.
    const std::string data = "[person]\nname = \"Ada\"\n[[sections]]\ntitle = \"Workshop Papers\"\ntext = \"Some.\"\n";
    auto runs = runs_of(render(data, "extends = \"modern\"\n[heading]\nposition = \"margin\"\nrule_position = \"above\"\n"
                                     "[entry]\ndates_position = \"right\"\n[columns]\nheading_column = \"82pt\"\n").doc);
    CHECK(find(runs, "-").empty());
    CHECK(one(runs, "Papers").y > one(runs, "Workshop").y);  // two lines, word by word
}
