// The layout spec: every visual decision, read from a layout TOML file (layouts/*.toml,
// or a user's file that `extends` one). Lengths are resolved to points here.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "style/entry_template.hpp"

namespace cvpdf::style {

struct Rgb {
    float r = 0, g = 0, b = 0;
};

// Which face of the font family a piece of text uses.
enum class Face { Regular, Bold, Italic, BoldItalic };

// How one kind of text looks.
struct TextStyle {
    Face face = Face::Regular;
    float size = 10;             // points
    Rgb color;
    bool small_caps = false;     // OpenType smcp (+ c2sc when `all_small_caps`)
    bool all_small_caps = false; // capitals become small caps too
    bool uppercase = false;
    float tracking = 0;          // points added between letters
    std::string features;        // extra OpenType features, e.g. "onum,-liga"
    std::string font;            // a font file of its own (resolved path); empty: the family's `face`
};

enum class Align { Left, Center, Right };

struct PageSpec {
    float width = 612, height = 792;  // US Letter
    float margin_top = 54, margin_right = 54, margin_bottom = 54, margin_left = 54;
};

// One entry of the fallback chain: a font per face (resolved paths). Written as one file or
// { family, style } for every face, or as { regular, bold, italic, bold_italic }: a missing
// bold or italic is the regular, a missing bold_italic the bold (Hebrew and Arabic have no
// italics; a bold italic heading wants the bold letters).
struct FallbackFont {
    std::string regular, bold, italic, bold_italic;
    const std::string& face(Face f) const {
        switch (f) {
            case Face::Bold: return bold;
            case Face::Italic: return italic;
            case Face::BoldItalic: return bold_italic;
            default: return regular;
        }
    }
};

struct FontFiles {
    // Resolved absolute paths.
    std::string regular, bold, italic, bold_italic, math, icons;
    std::string name, heading, monospace;  // optional fonts for those roles (files or family/style)
    std::vector<FallbackFont> fallback;  // tried in order for characters a face lacks
};

struct BodySpec {
    TextStyle style;
    float leading = 12;  // baseline-to-baseline distance, points
    bool justify = true;
    bool hyphenate = true;
    std::string language = "en";
    std::string features = "kern,liga";
    float paragraph_gap = 0;
    bool smart_quotes = true;  // ' and " become ‘ ’ “ ”
    // "rtl": right-to-left paragraphs (bidi base level 1) on a mirrored page; "ltr"; empty (not
    // set) = from the language (style::localise: Hebrew, Arabic, Persian, Urdu… are "rtl").
    std::string direction;
    bool tex_dashes = true;    // -- and --- become – and —
};

struct NameSpec {
    TextStyle style;
    Align align = Align::Center;
    float space_after = 4;
    // The last word of the name (the family name) may look different: "Mike **He**".
    bool last_word_differs = false;
    TextStyle last_word;
    std::string tagline;  // a line under the name when the data has no headline ("Curriculum Vitae")
    TextStyle tagline_style;
};

struct ContactSpec {
    TextStyle style;
    Align align = Align::Center;
    std::string separator = "  ·  ";
    float space_after = 4;
    bool icons = false;  // a Font Awesome icon before each item instead of separators
    Rgb icon_color;
};

struct HeadingSpec {
    TextStyle style;
    float space_above = 10;   // from the previous block's last baseline descent to the heading's top
    float space_below = 5;    // from the rule (or heading baseline) to the first content line's top
    float rule = 0.4f;        // thickness of the rule under the heading; 0 = none
    float rule_gap = 2;       // heading baseline to the rule's top
    Rgb rule_color;
    // "below": a full-width rule under the heading ("above": over it); "beside": a rule in the left (date)
    // column and another from the heading's end to the right edge, through its middle;
    // "bar": a colour bar (`rule` wide, at least 2.5pt) before the heading text.
    std::string rule_position = "below";
    // "top": the heading on a line of its own over the section; "margin": in a left column
    // (`[columns] heading_column` wide), top-aligned with the section's first line, wrapped
    // ragged inside it, with the section beside it (Tufte / "margin" CVs).
    std::string position = "top";
    Align align = Align::Left;  // margin headings: flush left or right in their column (or centred)
    SourcePos position_at, rule_position_at;  // where the layout set them (for conflicts)
};

struct EntrySpec {
    TextStyle title, organisation, dates, role, location;
    std::string title_separator = ", ";  // between title and organisation on the head line
    float space_above = 5;               // between entries of a section
    float head_leading = 11;             // baseline distance from the title line to the role line
    float space_below_head = 1;          // between the head lines and the summary / bullets
    // "right": dates flush right on the title line, location on the role line (classic);
    // "left": dates in the left column, location flush right on the title line (moderncv).
    std::string dates_position = "right";
    SourcePos dates_position_at;
    // Which fields go on which head line, left or right (style/entry_template.hpp); empty: the
    // built-in templates, default_entry_head / default_role_head with `title_separator`.
    EntryTemplate head;       // an entry's head lines
    EntryTemplate role_head;  // the head line(s) of each of its roles
};

// Empty months / present: taken from the CV's language (style/locale.hpp).
struct DateSpec {
    std::array<std::string, 12> months;
    std::string present;
    std::string range_separator = "–";
};

struct ListSpec {
    float indent = 13;               // left edge of item text, from the enclosing text's edge
    float label_gap = 4;             // between the label's right edge and the text
    std::string bullet = "•";
    std::string number_suffix = ".";
    float item_gap = 0;              // extra space between items
    float space_above = 2, space_below = 2;
    float nested_indent = 16;
    std::string number_prefix;       // e.g. "[" for "[1]"
    bool bullet_color_set = false;
    Rgb bullet_color;
};

struct PublicationSpec {
    bool numbered = true;
    Face self_face = Face::Bold;     // how the CV owner's own name is highlighted
    bool underline_self = false;
    std::string equal_note = "(*: {t:equal})";
    std::string venue_prefix = "{t:in} ";
    std::string author_and = "{t:and}";            // between the last two of two authors
    std::string author_and_last = "{t:and_last}";  // before the last of three or more
};

// Columns: an optional left column inside the text area for dates and labels (moderncv),
// and an optional sidebar with its own flow (two-column layouts).
struct ColumnSpec {
    float date_column = 0;       // width of the left date/label column; 0 = none
    float date_gap = 10;         // between the date column and the content
    float sidebar = 0;           // sidebar width; 0 = one column
    float sidebar_gap = 20;
    std::vector<std::string> sidebar_sections;  // section titles set in the sidebar (case-insensitive)
    bool header_in_sidebar = true;
    bool sidebar_fill_set = false;
    Rgb sidebar_fill;            // background tint, full page height
    float sidebar_padding = 0;   // extra space between the tint's edge and the sidebar text
    float heading_column = 100;  // width of the left column of margin headings ([heading] position = "margin")
    float heading_gap = 12;      // between that column and the content
};

// A running line at the page foot: placeholders {name}, {page}, {pages}.
struct FooterSpec {
    std::string text;            // empty = no footer
    TextStyle style;
    Align align = Align::Center;
    bool first_page = false;     // also on page 1
    float offset = 24;           // baseline distance below the text area
};

struct LinkSpec {
    Rgb color;
    bool underline = false;
};

struct LayoutSpec {
    std::string name;         // built-in name, or the file's stem
    // What the spec was made from: a hash over every source text of its `extends` chain (and
    // the overrides), each with its file name. Layout caches key on it (layout/para_store.hpp);
    // empty for a spec built in code, which then is never cached.
    std::string fingerprint;
    std::string description;  // one line, for `cvpdf layouts`
    PageSpec page;
    FontFiles fonts;
    BodySpec body;
    NameSpec name_style;
    ContactSpec contact;
    HeadingSpec heading;
    EntrySpec entry;
    DateSpec dates;
    ListSpec list;
    PublicationSpec publications;
    LinkSpec links;
    ColumnSpec columns;
    FooterSpec footer;
    TextStyle small;  // notes such as the equal-contribution mark
};

// Load a layout by built-in name ("classic") or by path to a TOML file. A file may say
// `extends = "classic"` (or another path) and override only what it changes.
// Unknown keys, wrong types and bad values are errors at file:line:col.
LayoutSpec load_layout(const std::string& name_or_path);
LayoutSpec load_layout_string(std::string_view toml, const std::string& source_name);

// Parse a length such as "10pt", "0.75in", "19mm", "1.2em" (em relative to `em`).
// Plain numbers are points. Returns false on a malformed value.
bool parse_length(std::string_view text, float em, float& out);
// Parse "#rrggbb", "#rgb" or a CSS colour name (black, white, gray, navy, …).
bool parse_color(std::string_view text, Rgb& out);

// The folder searched for font files named without a path.
std::string default_fonts_dir();

// One layout value set from outside the layout file: `--set page.size=a4` on the command
// line, or a data file's `[variants.NAME] set = { "page.size" = "a4" }`.
struct Override {
    std::string key;      // dotted layout key, e.g. "page.size"
    std::string value;    // the value as TOML text: "\"a4\"", "10.5", "true", "[…]"
    SourcePos pos;        // where it was written, for errors
    std::string arg;      // command line only: "page.size=a4" (error columns count in it)
    bool quoted = false;  // command line only: `value` is the argument's text, quoted
};

// "page.size=a4" → Override. The value is taken as TOML when it is one ("10.5", "true",
// "[…]", "\"x\""), else as a string ("a4", "10.5pt", "#1f4e79"). Errors name the
// argument as `<--set ARG>`.
Override parse_override(std::string_view arg);

// The layout `name_or_path` with `overrides` applied in order (a later key wins): exactly
// a layout file `extends = "<name_or_path>"` holding the dotted keys, so validation and
// messages are those of a file; errors in an override point at it. Relative font paths
// in overrides resolve against `base_dir`.
LayoutSpec load_layout_with_overrides(const std::string& name_or_path, const std::vector<Override>& overrides,
                                      const std::string& base_dir = ".");

}  // namespace cvpdf::style
