#include <doctest/doctest.h>

#include "style/entry_template.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;
using namespace cvpdf::style;

namespace {

TemplatePart part(const std::string& s) {
    model::Text t;
    t.src = s;
    t.pos = {"t.toml", 1, 1};
    return parse_template_part(t, "entry.head[0].left");
}

// Which fields are there: a string of initials, e.g. "tol" = title, organisation, location.
std::string show(const TemplatePart& p, const std::string& fields) {
    bool present[kFieldCount] = {};
    for (char c : fields) {
        const std::string letters = "torlds";  // title organisation role location dates summary
        present[letters.find(c)] = true;
    }
    return rendered_text(render_part(p, present));
}

}  // namespace

TEST_CASE("entry templates: placeholders and literal text") {
    TemplatePart p = part("{title}, {organisation}");
    REQUIRE(p.slots.size() == 2);
    CHECK(p.slots[0].field.field == Field::Title);
    CHECK(p.slots[1].field.field == Field::Organisation);
    CHECK(p.uses(Field::Organisation));
    CHECK_FALSE(p.uses(Field::Dates));
    CHECK(show(p, "to") == "{title}, {organisation}");
    CHECK(part("{role}{location}{dates}{summary}").slots.size() == 4);
    // A part without placeholders is printed as written.
    TemplatePart lit = part("Selected work");
    CHECK(lit.slots.empty());
    CHECK(show(lit, "") == "Selected work");
    // An escaped brace is a brace, not a placeholder.
    CHECK(part("\\{title}").slots.empty());
    CHECK(show(part("\\{title}"), "t") == "{title}");
}

TEST_CASE("entry templates: a separator or literal next to an empty field disappears with it") {
    TemplatePart p = part("{title}, {organisation}");
    CHECK(show(p, "t") == "{title}");          // no trailing comma
    CHECK(show(p, "o") == "{organisation}");   // no leading comma
    CHECK(show(p, "") == "");                  // nothing: the part is empty
    // Prefixes and suffixes go with their field; brackets wrap the field they touch.
    TemplatePart q = part("at {organisation} ({location})");
    CHECK(show(q, "ol") == "at {organisation} ({location})");
    CHECK(show(q, "o") == "at {organisation}");
    CHECK(show(q, "l") == "({location})");
    // Between two shown fields: the separator written just before the second one.
    TemplatePart r = part("{role} at {organisation}, {location}");
    CHECK(show(r, "rl") == "{role}, {location}");
    CHECK(show(r, "ro") == "{role} at {organisation}");
    CHECK(show(r, "ol") == "{organisation}, {location}");  // " at " separates, it is no prefix
    // Quotes wrap like brackets.
    CHECK(show(part("{role} \"{title}\"."), "r") == "{role}");
    CHECK(show(part("{role} \"{title}\"."), "rt") == "{role} \"{title}\".");
}

TEST_CASE("entry templates: markup applies to fields and literals") {
    TemplatePart p = part("**{title}**, _{role}_ in $x$");
    REQUIRE(p.slots.size() == 2);
    CHECK(p.slots[0].field.bold);
    CHECK_FALSE(p.slots[0].field.italic);
    CHECK(p.slots[1].field.italic);
    CHECK_FALSE(p.slots[1].field.bold);
    // The separator ", " is plain; " in " and the formula stay with the role.
    REQUIRE(p.slots[0].separator.size() == 1);
    CHECK(p.slots[0].separator[0].span.text == ", ");
    CHECK_FALSE(p.slots[0].separator[0].bold);
    bool math = false;
    for (const auto& s : p.slots[1].suffix) math = math || s.span.math;
    CHECK(math);
    CHECK(show(p, "t") == "{title}");
}

TEST_CASE("entry templates: unknown placeholders are errors at their line and column") {
    model::Text t;
    t.src = "**{title}**, {organisaton}";
    t.pos = {"l.toml", 4, 13};
    CHECK_THROWS_WITH_AS(parse_template_part(t, "entry.head[0].left"),
                         "l.toml:4:26: error: unknown placeholder '{organisaton}' in 'entry.head[0].left'; "
                         "did you mean '{organisation}'?",
                         Error);
    // Through the layout file: the column counts the string's characters, escapes included.
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ { left = \"\\u00e9 {Title}\" } ]\n", "l.toml"),
                         "l.toml:2:27: error: unknown placeholder '{Title}' in 'entry.head[0].left'; did you mean '{title}'?",
                         Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nrole_head = [\n  { right = \"{when}\" },\n]\n", "l.toml"),
                         doctest::Contains("l.toml:3:14: error: unknown placeholder '{when}' in 'entry.role_head[0].right' "
                                           "(use {title}"),
                         Error);
    // A multi-line string with a line-ending backslash.
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ { left = \"\"\"\nab\\\n   {xx}\"\"\" } ]\n", "l.toml"),
                         doctest::Contains("l.toml:4:4: error: unknown placeholder '{xx}'"), Error);
    // Bad markup in a template points into the template too.
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ { left = \"{role} **{title}\" } ]\n", "l.toml"),
                         doctest::Contains("l.toml:2:27: error: unclosed '**'"), Error);
}

TEST_CASE("entry templates: the shape of [entry] head is checked") {
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = \"{title}\"\n", "l.toml"),
                         doctest::Contains("l.toml:2:8: error: 'entry.head' must be an array of lines"), Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = []\n", "l.toml"),
                         doctest::Contains("l.toml:2:8: error: 'entry.head' must be an array of lines"), Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ \"{title}\" ]\n", "l.toml"),
                         doctest::Contains("l.toml:2:10: error: 'entry.head[0]' must be a table"), Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ { lfet = \"{title}\" } ]\n", "l.toml"),
                         "l.toml:2:12: error: unknown key 'entry.head[0].lfet'; did you mean 'left'?", Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ { left = 3 } ]\n", "l.toml"),
                         doctest::Contains("l.toml:2:19: error: 'entry.head[0].left' must be a string"), Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[entry]\nhead = [ {} ]\n", "l.toml"),
                         doctest::Contains("'entry.head[0]' needs a left or a right part"), Error);
}

TEST_CASE("entry templates: a layout's head lines, and the built-in default") {
    LayoutSpec s = load_layout_string(
        "[entry]\nhead = [\n  { left = \"**{role}**, {organisation}\", right = \"{dates}\" },\n  { left = \"{title}\" },\n]\n",
        "l.toml");
    REQUIRE(s.entry.head.size() == 2);
    CHECK(s.entry.head[0].left.source == "**{role}**, {organisation}");
    CHECK(s.entry.head[0].right.uses(Field::Dates));
    CHECK(s.entry.head[1].right.empty());
    CHECK(s.entry.role_head.empty());  // not set: the built-in one
    // The built-ins: today's classic head, with the layout's title separator set verbatim.
    EntryTemplate d = default_entry_head(" — ");
    REQUIRE(d.size() == 2);
    CHECK(show(d[0].left, "to") == "{title} — {organisation}");
    CHECK(show(d[0].left, "o") == "{organisation}");
    CHECK(d[0].left.slots[0].separator[0].raw);
    CHECK(d[0].right.uses(Field::Dates));
    CHECK(d[1].left.uses(Field::Role));
    CHECK(d[1].right.uses(Field::Location));
    EntryTemplate r = default_role_head(", ");
    REQUIRE(r.size() == 1);
    CHECK(show(r[0].left, "rl") == "{role}, {location}");
    CHECK(show(r[0].left, "l") == "{location}");
}

TEST_CASE("margin headings: keys, and the combinations that cannot be") {
    LayoutSpec s = load_layout_string(
        "[heading]\nposition = \"margin\"\nalign = \"right\"\n[columns]\nheading_column = \"1in\"\nheading_gap = \"6pt\"\n",
        "l.toml");
    CHECK(s.heading.position == "margin");
    CHECK(s.heading.align == Align::Right);
    CHECK(s.columns.heading_column == doctest::Approx(72));
    CHECK(s.columns.heading_gap == doctest::Approx(6));
    CHECK(load_layout("classic").heading.position == "top");
    CHECK_THROWS_WITH_AS(load_layout_string("[heading]\nposition = \"side\"\n", "l.toml"),
                         doctest::Contains("l.toml:2:12: error: 'heading.position' must be \"top\""), Error);
    // Dates in the left column and headings in it cannot share it: the error is at the key
    // this file set.
    CHECK_THROWS_WITH_AS(load_layout_string("extends = \"modern\"\n[heading]\nposition = \"margin\"\n", "l.toml"),
                         doctest::Contains("l.toml:3:12: error: 'heading.position = \"margin\"' puts the section headings "
                                           "in the left column, where 'entry.dates_position = \"left\"'"),
                         Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[heading]\nposition = \"margin\"\n[entry]\ndates_position = \"left\"\n", "l.toml"),
                         doctest::Contains("l.toml:2:12: error: 'heading.position = \"margin\"'"), Error);
    CHECK_NOTHROW(load_layout_string(
        "extends = \"modern\"\n[heading]\nposition = \"margin\"\nrule_position = \"above\"\n[entry]\ndates_position = \"right\"\n",
        "l.toml"));
    CHECK_THROWS_WITH_AS(
        load_layout_string("extends = \"modern\"\n[heading]\nposition = \"margin\"\n[entry]\ndates_position = \"right\"\n", "l.toml"),
        doctest::Contains("l.toml:3:12: error: 'heading.rule_position = \"beside\"'"), Error);
}
