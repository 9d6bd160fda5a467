// RenderCV YAML (https://docs.rendercv.com: `cv:` with `sections:` of typed entries, and
// `design:`) → model::Cv. Mapping: docs/import.md, "RenderCV YAML".
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "model/cv.hpp"

namespace cvpdf::import {

// Reads a RenderCV YAML document. YAML syntax errors and unusable values throw
// cvpdf::Error at file:line:col (1-based; columns in Unicode characters). RenderCV's
// Markdown (**bold**, *italic*, [text](url)) is kept as cvpdf markup and checked to parse.
// Unknown fields, and known ones cvpdf cannot print (`design` values other than the theme,
// `locale`, `photo`, …), are appended to `warnings`, never dropped silently.
model::Cv load_rendercv_string(std::string_view yaml, const std::string& path, std::vector<std::string>& warnings);
model::Cv load_rendercv_file(const std::string& path, std::vector<std::string>& warnings);

// The built-in cvpdf layout nearest to a RenderCV theme ("classic", "sb2nov",
// "engineeringresumes", "engineeringclassic" → "classic"; "moderncv" → "modern");
// "" for a theme RenderCV does not ship.
std::string rendercv_layout_for_theme(std::string_view theme);

// RenderCV Markdown → cvpdf markup: ** * _ [..](..) and backslash escapes are kept;
// `$`, `~` and an underscore inside a word (snake_case) are escaped, since RenderCV
// prints them literally.
std::string rendercv_markup(std::string_view markdown);

}  // namespace cvpdf::import
