#include "style/locale.hpp"

namespace cvpdf::style {
namespace {

// Abbreviations follow each language's own conventions (Chicago for English, Duden for
// German, the Académie's for French, the RAE's for Spanish; Hebrew with a geresh): short
// months stay whole.
const Locale kLocales[] = {
    {"en",
     {"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."},
     "Present", "Curriculum Vitae", "Equal Contribution", "page", "of", "In", " and ", ", and "},
    {"de",
     {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
     "heute", "Lebenslauf", "gleicher Beitrag", "Seite", "von", "In", " und ", " und "},
    {"fr",
     {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
     "aujourd’hui", "Curriculum vitæ", "contribution égale", "page", "sur", "Dans", " et ", " et "},
    {"es",
     {"ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."},
     "actualidad", "Currículum vítae", "contribución igual", "página", "de", "En", " y ", " y "},
    {"he",
     {"ינו׳", "פבר׳", "מרץ", "אפר׳", "מאי", "יוני", "יולי", "אוג׳", "ספט׳", "אוק׳", "נוב׳", "דצמ׳"},
     "היום", "קורות חיים", "תרומה שווה", "עמוד", "מתוך", "בתוך", " ו־", " ו־"},
};

std::string_view primary(std::string_view tag) {
    size_t cut = tag.find_first_of("-_");
    return cut == std::string_view::npos ? tag : tag.substr(0, cut);
}

}  // namespace

bool has_locale(std::string_view tag) {
    for (const auto& l : kLocales)
        if (l.lang == primary(tag)) return true;
    return false;
}

const Locale& locale_for(std::string_view tag) {
    for (const auto& l : kLocales)
        if (l.lang == primary(tag)) return l;
    return kLocales[0];
}

std::string translate(std::string text, const Locale& loc) {
    const std::pair<const char*, const std::string*> keys[] = {
        {"{t:cv}", &loc.cv}, {"{t:equal}", &loc.equal}, {"{t:page}", &loc.page},
        {"{t:of}", &loc.of}, {"{t:present}", &loc.present}, {"{t:in}", &loc.in},
        {"{t:and}", &loc.and_two}, {"{t:and_last}", &loc.and_last}};
    for (auto [key, value] : keys) {
        const size_t n = std::char_traits<char>::length(key);
        for (size_t k = 0; (k = text.find(key, k)) != std::string::npos; k += value->size()) text.replace(k, n, *value);
    }
    return text;
}

bool rtl_language(std::string_view tag) {
    static constexpr std::string_view kRtl[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi"};
    for (std::string_view l : kRtl)
        if (l == primary(tag)) return true;
    return false;
}

void localise(LayoutSpec& spec, std::string_view tag) {
    if (!tag.empty()) spec.body.language = std::string(tag);
    if (spec.body.direction.empty()) spec.body.direction = rtl_language(spec.body.language) ? "rtl" : "ltr";
    const Locale& loc = locale_for(spec.body.language);
    if (spec.dates.months[0].empty()) spec.dates.months = loc.months;
    if (spec.dates.present.empty()) spec.dates.present = loc.present;
    spec.dates.present = translate(spec.dates.present, loc);
    spec.name_style.tagline = translate(spec.name_style.tagline, loc);
    spec.publications.equal_note = translate(spec.publications.equal_note, loc);
    spec.publications.venue_prefix = translate(spec.publications.venue_prefix, loc);
    spec.publications.author_and = translate(spec.publications.author_and, loc);
    spec.publications.author_and_last = translate(spec.publications.author_and_last, loc);
    spec.footer.text = translate(spec.footer.text, loc);
}

}  // namespace cvpdf::style
