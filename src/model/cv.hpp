// The CV data model: what a person wrote, with source positions kept for errors.
// Knows nothing about layout or fonts.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace cvpdf::model {

// A piece of text in inline markup (see style/markup.hpp), with where it came from.
// `pos` is the position of the string's first character in the TOML source (for a
// basic string that is just after the opening quote), so a markup error at byte k of
// `src` can be reported precisely.
//
// `anchors` (usually empty) re-synchronise positions where the decoded string and the
// TOML source do not advance together: after an escape sequence (`\\`, `\u00e9`, `\n`)
// or a line-ending backslash in a basic string. Use text_position() to map an offset.
struct TextAnchor {
    uint32_t offset = 0;     // byte offset in `src`
    uint32_t line = 0, col = 0;  // where that byte's character is in the file
};
struct Text {
    std::string src;
    SourcePos pos;
    std::vector<TextAnchor> anchors;  // sorted by offset
    bool empty() const { return src.empty(); }
};

// File position of byte `offset` of `text.src` (lines counted on '\n', columns in code
// points, as toml++ counts them). Offsets past the end give the position just after it.
SourcePos text_position(const Text& text, size_t offset);

struct Link {
    std::string label;  // e.g. "GitHub" (plain text)
    std::string url;    // e.g. "https://github.com/mike" (shown without the scheme by layouts)
    SourcePos pos;
};

struct Person {
    std::string name;                  // required
    std::vector<std::string> aliases;  // other spellings highlighted in author lists, e.g. "M. He"
    Text headline;                     // optional one-liner under the name
    std::string email, phone, website, location;
    std::vector<Link> links;
    SourcePos pos;
};

// One end of a date range.
struct Date {
    enum class Kind { None, Exact, Present, Literal };
    Kind kind = Kind::None;
    int year = 0, month = 0, day = 0;  // month/day 0 = not given (Exact only)
    std::string literal;               // Kind::Literal: printed verbatim ("Est. Jun. 2022")
    SourcePos pos;
};

// `date` alone is a single date; `start`+`end` a range; `text` overrides both verbatim.
struct Dates {
    Date start, end;
    Date date;
    Text text;
    bool empty() const {
        return start.kind == Date::Kind::None && end.kind == Date::Kind::None &&
               date.kind == Date::Kind::None && text.empty();
    }
};

struct ListItem {
    Text text;
    std::vector<ListItem> children;
    bool children_numbered = false;
    SourcePos pos;
};

// A role held at the entry's organisation (several roles at one place without repeating it).
struct Role {
    Text role, location, summary;
    Dates dates;
    std::vector<ListItem> bullets;
    SourcePos pos;
};

struct Entry {
    Text title;         // bold head line, e.g. a school, project or company
    Text organisation;  // optional, joined to the title by the layout
    Text role;          // e.g. "Research Assistant @ PLSE"
    Text location;
    Dates dates;
    Text summary;       // optional paragraph under the head lines
    std::vector<ListItem> bullets;
    std::vector<Role> roles;  // extra roles at the same organisation, each with its own dates
    std::vector<std::string> tags;
    bool page_break_before = false;  // start a new page (column) with this entry
    bool keep_together = false;      // never split this entry across pages
    SourcePos pos;
};

struct Author {
    std::string name;
    bool equal_contribution = false;  // written with a trailing '*'
    bool is_self = false;             // matches Person::name or an alias
};

struct Publication {
    std::vector<Author> authors;
    Text title;
    Text venue;    // set in italics, after "In"
    std::string year;
    Text status;   // e.g. "Under review at PLDI '22", shown bold in parentheses first
    Text note;     // free text appended at the end
    std::string url, doi;
    std::vector<std::string> tags;
    SourcePos pos;
};

struct Section {
    enum class Kind { Entries, Publications, Items, Text };
    Text title;
    Kind kind = Kind::Items;
    std::vector<Entry> entries;
    std::vector<Publication> publications;
    std::vector<ListItem> items;
    bool numbered = false;  // Items: numbered list instead of bullets
    int columns = 1;        // Items: set in this many balanced columns (skills, languages)
    std::string bullet;     // Items: overrides the layout's bullet glyph (e.g. "→")
    Text text;              // Kind::Text: one paragraph
    std::vector<std::string> tags;
    bool page_break_before = false;  // start a new page (column) with this section
    SourcePos pos;
};

struct Meta {
    std::string title;     // PDF Title; default "Curriculum Vitae of <name>"
    std::string subject, keywords;
    std::string language;  // BCP 47 tag ("de", "fr-CA"); empty = the layout's language
};

// One layout value set by a variant: `set = { "page.size" = "a4" }`.
struct VariantSetting {
    std::string key;    // dotted layout key, e.g. "page.size"
    std::string value;  // the value as TOML text, e.g. "\"a4\"", "10.5", "true"
    SourcePos pos;      // the key in the data file
};

// `[variants.NAME]`: one CV out of the data file. Keeps untagged sections, entries and
// publications, and the tagged ones sharing a tag with `tags`; may pick a layout and set
// layout values.
struct Variant {
    std::string name;
    std::vector<std::string> tags;  // default: [name]
    std::string layout;             // "" = the default (or --layout); a path is relative to the data file
    std::vector<VariantSetting> set;
    SourcePos pos;
};

struct Cv {
    Person person;
    std::vector<Section> sections;
    Meta meta;
    std::vector<Variant> variants;  // in file order
    std::string source;  // path of the data file
};

// The variant called `name`: one defined under [variants], else (when some section, entry
// or publication carries the tag `name`) an implicit variant with tags = [name].
// Throws cvpdf::Error naming the data file (with a "did you mean") when there is neither.
Variant find_variant(const Cv& cv, const std::string& name);
// `cv` with only what `variant` keeps: untagged items, and tagged items sharing a tag with
// it. Sections left without entries or publications are dropped.
Cv select_variant(const Cv& cv, const Variant& variant);
Cv select_variant(const Cv& cv, const std::string& name);

// Load and validate a CV data file. Throws cvpdf::Error with file:line:col on any problem.
Cv load_cv_file(const std::string& path);
// Same, from TOML text; `path` is used in messages.
Cv load_cv_string(std::string_view toml, const std::string& path);

}  // namespace cvpdf::model
