#include "model/dates.hpp"

#include <cctype>

namespace cvpdf::model::detail {

namespace {

bool digits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return !s.empty();
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = char(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

}  // namespace

bool parse_date_string(std::string_view raw, Date& out, std::string& why) {
    std::string_view s = trim(raw);
    std::string l = lower(s);
    if (l == "present" || l == "now") {
        out.kind = Date::Kind::Present;
        return true;
    }
    if (s.size() == 4 && digits(s)) {
        out.kind = Date::Kind::Exact;
        out.year = to_int(s);
        return true;
    }
    bool looks_iso = s.size() >= 5 && digits(s.substr(0, 4)) && s[4] == '-';
    if (!looks_iso) {
        out.kind = Date::Kind::Literal;
        out.literal = std::string(s);
        return true;
    }
    const std::string shape = "expected YYYY, YYYY-MM or YYYY-MM-DD (free text goes in 'dates')";
    bool ym = s.size() == 7 && digits(s.substr(5, 2));
    bool ymd = s.size() == 10 && digits(s.substr(5, 2)) && s[7] == '-' && digits(s.substr(8, 2));
    if (!ym && !ymd) {
        why = shape;
        return false;
    }
    int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2)), d = ymd ? to_int(s.substr(8, 2)) : 0;
    if (m < 1 || m > 12) {
        why = "month must be between 01 and 12";
        return false;
    }
    if (ymd && (d < 1 || d > days_in_month(y, m))) {
        why = "day must be between 01 and " + std::to_string(days_in_month(y, m));
        return false;
    }
    out.kind = Date::Kind::Exact;
    out.year = y;
    out.month = m;
    out.day = d;
    return true;
}

Date parse_date(const Source& src, const toml::node& n, const std::string& where) {
    Date d;
    d.pos = src.pos(n);
    if (const auto* s = n.as_string()) {
        Text t = src.text_of(n);
        d.pos = t.pos;
        if (trim(s->get()).empty()) throw Error("'" + where + "' must not be empty", src.pos(n));
        std::string why;
        if (!parse_date_string(s->get(), d, why))
            throw Error("invalid date '" + std::string(trim(s->get())) + "': " + why,
                        text_position(t, s->get().find_first_not_of(" \t\r\n")));
        return d;
    }
    if (const auto* v = n.as_date()) {
        const toml::date& td = v->get();
        d.kind = Date::Kind::Exact;
        d.year = td.year;
        d.month = td.month;
        d.day = td.day;
        return d;
    }
    if (const auto* v = n.as_integer()) {
        int64_t y = v->get();
        if (y < 1000 || y > 9999)
            throw Error("invalid year " + std::to_string(y) + " in '" + where + "': expected four digits", d.pos);
        d.kind = Date::Kind::Exact;
        d.year = int(y);
        return d;
    }
    throw Error("'" + where + "' must be a date (\"YYYY-MM\", \"present\", a TOML date or free text), found " +
                    type_name(n),
                d.pos);
}

void read_dates(const Table& t, Dates& out) {
    const toml::node* date = t.get("date");
    if (date && (t.get("start") || t.get("end")))
        throw Error("'" + t.where("date") + "' cannot be combined with 'start'/'end' (use one or the other)",
                    t.key_pos("date"));
    if (const auto* n = t.get("start")) out.start = parse_date(t.source(), *n, t.where("start"));
    if (const auto* n = t.get("end")) out.end = parse_date(t.source(), *n, t.where("end"));
    if (date) out.date = parse_date(t.source(), *date, t.where("date"));
    t.text("dates", out.text);
}

}  // namespace cvpdf::model::detail
