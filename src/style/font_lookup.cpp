#include "style/font_lookup.hpp"

#include <fontconfig/fontconfig.h>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace cvpdf::style {
namespace {

// fontconfig's string comparison for names: case-insensitive, blanks ignored.
bool same_name(std::string_view a, std::string_view b) {
    auto next = [](std::string_view s, size_t& i) {
        while (i < s.size() && s[i] == ' ') ++i;
        return i < s.size() ? std::tolower(static_cast<unsigned char>(s[i])) : -1;
    };
    size_t i = 0, j = 0;
    for (;;) {
        int x = next(a, i), y = next(b, j);
        if (x != y) return false;
        if (x < 0) return true;
        ++i, ++j;
    }
}

std::vector<std::string> strings_of(FcPattern* p, const char* object) {
    std::vector<std::string> out;
    FcChar8* s = nullptr;
    for (int i = 0; FcPatternGetString(p, object, i, &s) == FcResultMatch; ++i)
        out.emplace_back(reinterpret_cast<const char*>(s));
    return out;
}

// Weight and slant named by a style such as "Bold Italic" or "semibold"; false when a word
// is not a weight or slant word (then only an exact style name matches).
bool weight_slant(std::string_view style, int& weight, int& slant) {
    static const std::pair<const char*, int> weights[] = {
        {"thin", FC_WEIGHT_THIN},          {"extralight", FC_WEIGHT_EXTRALIGHT},
        {"ultralight", FC_WEIGHT_EXTRALIGHT}, {"light", FC_WEIGHT_LIGHT},
        {"book", FC_WEIGHT_REGULAR},       {"regular", FC_WEIGHT_REGULAR},
        {"normal", FC_WEIGHT_REGULAR},     {"roman", FC_WEIGHT_REGULAR},
        {"medium", FC_WEIGHT_MEDIUM},      {"semibold", FC_WEIGHT_SEMIBOLD},
        {"demibold", FC_WEIGHT_SEMIBOLD},  {"bold", FC_WEIGHT_BOLD},
        {"extrabold", FC_WEIGHT_EXTRABOLD}, {"ultrabold", FC_WEIGHT_EXTRABOLD},
        {"black", FC_WEIGHT_BLACK},        {"heavy", FC_WEIGHT_BLACK},
    };
    weight = FC_WEIGHT_REGULAR;
    slant = FC_SLANT_ROMAN;
    std::string word;
    auto take = [&]() {
        if (word.empty()) return true;
        bool known = false;
        if (word == "italic") slant = FC_SLANT_ITALIC, known = true;
        else if (word == "oblique") slant = FC_SLANT_OBLIQUE, known = true;
        for (auto [w, v] : weights)
            if (word == w) weight = v, known = true;
        word.clear();
        return known;
    };
    for (char c : style) {
        if (c == ' ' || c == '-' || c == '_') {
            if (!take()) return false;
        } else {
            word += char(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return take();
}

// "Book" (75) and "Regular" (80) are one weight for this purpose.
int weight_class(int w) { return w == FC_WEIGHT_BOOK ? FC_WEIGHT_REGULAR : w; }

bool style_matches(FcPattern* font, std::string_view style) {
    for (const auto& s : strings_of(font, FC_STYLE))
        if (same_name(s, style)) return true;
    int want_w, want_s, w, s;
    if (!weight_slant(style, want_w, want_s)) return false;
    if (FcPatternGetInteger(font, FC_WEIGHT, 0, &w) != FcResultMatch) return false;
    if (FcPatternGetInteger(font, FC_SLANT, 0, &s) != FcResultMatch) s = FC_SLANT_ROMAN;
    return weight_class(w) == weight_class(want_w) && s == want_s;
}

std::mutex fc_mutex;

}  // namespace

std::optional<std::string> find_font_file(std::string_view family, std::string_view style,
                                          FcConfig* config) {
    if (family.empty()) return std::nullopt;
    if (style.empty()) style = "Regular";
    std::lock_guard lock(fc_mutex);
    if (!config && !FcInit()) return std::nullopt;

    // Built with FcPatternAdd rather than FcNameParse: a family may hold '-' or ':'.
    FcPattern* pattern = FcPatternCreate();
    const std::string fam(family), sty(style);
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(fam.c_str()));
    FcPatternAddString(pattern, FC_STYLE, reinterpret_cast<const FcChar8*>(sty.c_str()));
    int w, s;
    if (weight_slant(style, w, s)) {  // so "Regular" also finds a face named "Book"
        FcPatternAddInteger(pattern, FC_WEIGHT, w);
        FcPatternAddInteger(pattern, FC_SLANT, s);
    }
    FcConfigSubstitute(config, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* font = FcFontMatch(config, pattern, &result);
    FcPatternDestroy(pattern);
    if (!font) return std::nullopt;

    std::optional<std::string> file;
    bool family_ok = false;
    for (const auto& f : strings_of(font, FC_FAMILY))
        if (same_name(f, family)) family_ok = true;
    int index = 0;
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    FcChar8* path = nullptr;
    if (family_ok && index == 0 && style_matches(font, style) &&
        FcPatternGetString(font, FC_FILE, 0, &path) == FcResultMatch)
        file = reinterpret_cast<const char*>(path);
    FcPatternDestroy(font);
    return file;
}

}  // namespace cvpdf::style
