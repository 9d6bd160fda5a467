// PDF font objects for one face: Type0 / Identity-H with a CIDFontType2 (TrueType outlines,
// FontFile2, CIDToGIDMap) or CIDFontType0 (CFF outlines, FontFile3 /CIDFontType0C)
// descendant, /W, a FontDescriptor and a ToUnicode CMap.
//
// Glyph codes (2 bytes):
// - TrueType: one code per distinct (glyph, text) pair, codes 1..n sorted by text, mapped to
//   subset glyph ids by the CIDToGIDMap. So a small-cap glyph standing for "C" and "c" has
//   two codes and extracts exactly, and consecutive letters compress into bfranges.
// - CFF: code = CID = subset glyph id (the spec allows no CIDToGIDMap there). Each glyph maps
//   to the first non-empty text it stood for; entries whose text differs get
//   `actual_text = true` and the content stream wraps them in /ActualText.
#pragma once
#include "page/page.hpp"
#include "pdf/flate_store.hpp"
#include "pdf/font_usage.hpp"
#include "pdf/font_subset.hpp"
#include "pdf/haru.hpp"
#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {

// Subsets and embeds `font`, assigning every entry of `usage` its code and width. Returns
// the Type0 font dictionary (an indirect object, usable with HPDF_Page_GetLocalFontName).
// Feeds the font program and code map into `digest`. The font's small streams (CIDToGIDMap,
// ToUnicode) are deflated through `flates` when given. Throws cvpdf::Error on failure.
HPDF_Dict embed_font(const HaruDoc& doc, const page::FontResource& font, FontUsage& usage,
                     bool compress, Hash128& digest, PreparedFaces* prepared = nullptr,
                     const SubsetStore* store = nullptr, FlateStore* flates = nullptr);

}  // namespace cvpdf::pdf
