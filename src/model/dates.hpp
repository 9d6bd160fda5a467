// Internal: reading dates of the CV data file (see docs/data-schema.md, "Dates").
#pragma once
#include "model/toml_util.hpp"

namespace cvpdf::model::detail {

// One date from a TOML value: "YYYY", "YYYY-MM", "YYYY-MM-DD", a TOML local date, an
// integer year, "present"/"now" (any case) or a free literal. Throws on ISO-looking
// strings that are not valid dates. `where` names the key in messages.
Date parse_date(const Source& src, const toml::node& n, const std::string& where);

// Parses a trimmed string; returns false (with `why`) for an invalid ISO-looking date.
bool parse_date_string(std::string_view s, Date& out, std::string& why);

// start / end / date / dates of an entry or role.
void read_dates(const Table& t, Dates& out);

}  // namespace cvpdf::model::detail
