// Font files by family and style, through fontconfig: what `[fonts] regular = { family =
// "Noto Sans", style = "Bold" }` in a layout resolves with.
#pragma once
#include <optional>
#include <string>
#include <string_view>

// fontconfig's own spelling, so callers need not include <fontconfig/fontconfig.h>.
struct _FcConfig;
typedef struct _FcConfig FcConfig;

namespace cvpdf::style {

// The file of the installed font whose family is `family` (compared as fontconfig does:
// case-insensitive, blanks ignored) in style `style` ("Regular", "Bold", "Bold Italic", …;
// empty means "Regular"). fontconfig's best match is accepted only when its family really
// is the one asked for and its style is the one asked for (by name, or by weight and slant:
// "Regular" finds DejaVu's "Book"): fontconfig would otherwise silently substitute its
// default sans. Faces inside collections (.ttc index > 0) and named instances of variable
// fonts are refused too, since the engine opens face 0 of a file.
// `config` = nullptr uses the process's default configuration (the system's fonts.conf,
// or $FONTCONFIG_FILE), loaded on first use. Thread-safe.
std::optional<std::string> find_font_file(std::string_view family, std::string_view style,
                                          FcConfig* config = nullptr);

}  // namespace cvpdf::style
