// Entry templates: which fields of an entry go on which head line, left or right.
//
//   [entry]
//   head = [
//     { left = "**{title}**, {organisation}", right = "{dates}" },
//     { left = "_{role}_",                    right = "{location}" },
//   ]
//
// A part (`left` or `right`) is inline markup (style/markup.hpp) with placeholders. Template
// markup applies on top of the field's own style (`**{title}**` sets the title bold; the
// data's own markup inside the field still applies). Literal text next to an empty field
// disappears with it:
//   * text before the first placeholder and after the last belongs to that placeholder;
//   * text between two placeholders is a separator, shown only between two fields that are
//     shown (the one written just before the second: "{role} at {organisation}, {location}"
//     without an organisation gives "role, location"); opening brackets at its end belong to the next field and closing brackets at
//     its start to the previous one, so "{title} ({location})" loses " (" and ")" when there
//     is no location;
//   * a part without placeholders is printed as written.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "model/cv.hpp"
#include "style/markup.hpp"

namespace cvpdf::style {

enum class Field : uint8_t { Title, Organisation, Role, Location, Dates, Summary };
constexpr int kFieldCount = 6;
// "title", "organisation", …: the placeholder's name.
const char* field_name(Field f);

// A piece of a part: a field, or literal text (a markup span).
struct TemplatePiece {
    bool is_field = false;
    Field field = Field::Title;
    bool bold = false, italic = false;  // template markup around the piece
    Span span;                          // literal: the text (bold/italic cleared; see above)
    bool raw = false;                   // literal: set verbatim (no markup, no smart quotes)
};

// One placeholder with the literal text that lives and dies with it.
struct TemplateSlot {
    TemplatePiece field;
    std::vector<TemplatePiece> prefix, suffix;  // "(" … ")"
    std::vector<TemplatePiece> separator;       // shown before the next shown field
};

struct TemplatePart {
    std::vector<TemplateSlot> slots;       // empty: a literal part
    std::vector<TemplatePiece> literal;    // a part without placeholders
    std::string source;                    // as written, for messages and tests
    bool empty() const { return slots.empty() && literal.empty(); }
    bool uses(Field f) const;
};

struct TemplateLine {
    TemplatePart left, right;
    bool uses(Field f) const { return left.uses(f) || right.uses(f); }
};

using EntryTemplate = std::vector<TemplateLine>;

// What to print of `part` when only the fields with present[field] are there: pieces in
// order, each literal with the field whose style it takes (`style_of`). Empty when the part
// has placeholders and none of them is present.
struct RenderedPiece {
    const TemplatePiece* piece;
    Field style_of;
};
std::vector<RenderedPiece> render_part(const TemplatePart& part, const bool (&present)[kFieldCount]);
// The text of a rendered part with each field as "{name}" (for tests and messages).
std::string rendered_text(const std::vector<RenderedPiece>& pieces);

// Parse a part. `text.src` is the template as decoded from TOML, with `pos`/`anchors`
// locating its characters in the file. Throws cvpdf::Error at the placeholder's position
// for an unknown placeholder ("did you mean"), and at the markup's position for bad markup.
// `where` names the key in messages ("entry.head[0].left").
TemplatePart parse_template_part(const model::Text& text, const std::string& where);

// The built-in templates (used when a layout sets none): `sep` joins title and organisation
// (and role and location on a role's line), set verbatim in the style of the field before it.
//   head:      [{left = "{title}SEP{organisation}", right = "{dates}"}, {left = "{role}", right = "{location}"}]
//   role_head: [{left = "{role}SEP{location}", right = "{dates}"}]
EntryTemplate default_entry_head(const std::string& sep);
EntryTemplate default_role_head(const std::string& sep);

}  // namespace cvpdf::style
