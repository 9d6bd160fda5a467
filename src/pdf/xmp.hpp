// The XMP metadata packet (/Metadata of the catalog) mirroring the Info dictionary.
#pragma once
#include <string>
#include <string_view>

#include "page/page.hpp"

namespace cvpdf::pdf {

// A complete, deterministic XMP packet (UTF-8) for `meta`: dc:title, dc:creator (author),
// dc:description (subject), dc:language, pdf:Keywords, pdf:Producer, xmp:CreatorTool and,
// when meta.timestamp >= 0, xmp:CreateDate/ModifyDate/MetadataDate (UTC, "…Z"). Empty fields
// are left out, exactly as in the Info dictionary.
std::string xmp_packet(const page::Metadata& meta);

// XML character data: & < > " escaped, malformed UTF-8 → U+FFFD, characters XML 1.0 forbids
// (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) dropped.
std::string xml_escape(std::string_view utf8);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string xmp_date(int64_t ts);

}  // namespace cvpdf::pdf
