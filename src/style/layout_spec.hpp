// The layout spec: every visual decision, read from a layout TOML file (layouts/*.toml,
// or a user's file that `extends` one). Lengths are resolved to points here.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "base/error.hpp"

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
};

enum class Align { Left, Center, Right };

struct PageSpec {
    float width = 612, height = 792;  // US Letter
    float margin_top = 54, margin_right = 54, margin_bottom = 54, margin_left = 54;
};

struct FontFiles {
    // Resolved absolute paths.
    std::string regular, bold, italic, bold_italic, math;
};

struct BodySpec {
    TextStyle style;
    float leading = 12;  // baseline-to-baseline distance, points
    bool justify = true;
    bool hyphenate = true;
    std::string language = "en";
    std::string features = "kern,liga";
    float paragraph_gap = 0;
};

struct NameSpec {
    TextStyle style;
    Align align = Align::Center;
    float space_after = 4;
};

struct ContactSpec {
    TextStyle style;
    Align align = Align::Center;
    std::string separator = "  ·  ";
    float space_after = 4;
};

struct HeadingSpec {
    TextStyle style;
    float space_above = 10;   // from the previous block's last baseline descent to the heading's top
    float space_below = 5;    // from the rule (or heading baseline) to the first content line's top
    float rule = 0.4f;        // thickness of the rule under the heading; 0 = none
    float rule_gap = 2;       // heading baseline to the rule's top
    Rgb rule_color;
};

struct EntrySpec {
    TextStyle title, organisation, dates, role, location;
    std::string title_separator = ", ";  // between title and organisation on the head line
    float space_above = 5;               // between entries of a section
    float head_leading = 11;             // baseline distance from the title line to the role line
    float space_below_head = 1;          // between the head lines and the summary / bullets
};

struct DateSpec {
    std::array<std::string, 12> months = {"Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
                                           "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
    std::string present = "Present";
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
};

struct PublicationSpec {
    bool numbered = true;
    Face self_face = Face::Bold;     // how the CV owner's own name is highlighted
    bool underline_self = false;
    std::string equal_note = "(*: Equal Contribution)";
    std::string venue_prefix = "In ";
};

struct LinkSpec {
    Rgb color;
    bool underline = false;
};

struct LayoutSpec {
    std::string name;         // built-in name, or the file's stem
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

}  // namespace cvpdf::style
