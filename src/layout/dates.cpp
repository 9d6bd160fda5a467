#include "layout/cv_layout.hpp"

namespace cvpdf::layout {
namespace {

// A non-breaking space keeps "Sept. 2018" on one line.
constexpr const char* kNbsp = "\u00A0";

std::string format_date(const model::Date& d, const style::DateSpec& spec) {
    using K = model::Date::Kind;
    switch (d.kind) {
        case K::None: return "";
        case K::Present: return spec.present;
        case K::Literal: return d.literal;
        case K::Exact: {
            std::string y = std::to_string(d.year);
            if (d.month < 1 || d.month > 12) return y;
            const std::string& m = spec.months[d.month - 1];
            if (d.day > 0) return m + kNbsp + std::to_string(d.day) + "," + kNbsp + y;
            return m + kNbsp + y;
        }
    }
    return "";
}

}  // namespace

std::string format_dates(const model::Dates& dates, const style::DateSpec& spec) {
    if (!dates.text.empty()) return dates.text.src;
    if (dates.date.kind != model::Date::Kind::None) return format_date(dates.date, spec);
    std::string s = format_date(dates.start, spec);
    std::string e = format_date(dates.end, spec);
    if (s.empty()) return e;
    if (e.empty()) return s;
    return s + spec.range_separator + e;
}

}  // namespace cvpdf::layout
