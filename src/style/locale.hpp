// Words a layout prints that depend on the CV's language: month names, "present", and
// phrases such as "Curriculum Vitae". Layout strings refer to phrases as {t:key}.
#pragma once
#include <array>
#include <string>
#include <string_view>

#include "style/layout_spec.hpp"

namespace cvpdf::style {

struct Locale {
    std::string lang;                      // "en", "de", "fr", "es", "he"
    std::array<std::string, 12> months;    // abbreviated, as a CV prints them
    std::string present;
    std::string cv;                        // {t:cv}
    std::string equal;                     // {t:equal}
    std::string page, of;                  // {t:page}, {t:of}
    std::string in;                        // {t:in}: before a paper's venue ("In", "בתוך")
    // {t:and}, {t:and_last}: the connectors of an author list with their spaces, before the
    // last of two authors and the last of three or more (" and ", ", and "; Hebrew " ו־",
    // whose maqaf goes when the name is Hebrew: "ודן").
    std::string and_two, and_last;
};

// The locale for a BCP 47 tag by its language subtag; English when unknown.
const Locale& locale_for(std::string_view tag);
bool has_locale(std::string_view tag);

// True for a language written right to left (Hebrew, Arabic, Persian, Urdu, Yiddish…).
bool rtl_language(std::string_view tag);

// Replace {t:key} in `text` by the locale's phrase.
std::string translate(std::string text, const Locale& loc);

// Apply the language to a resolved layout: body language (hyphenation, shaping), month
// names and the "present" word unless the layout set them, {t:…} phrases, and the text
// direction unless the layout set it (right-to-left for a right-to-left language).
void localise(LayoutSpec& spec, std::string_view tag);

}  // namespace cvpdf::style
