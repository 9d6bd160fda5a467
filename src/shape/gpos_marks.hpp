// Which glyphs a font's mark-attachment features can act on, read from its GPOS table.
//
// HarfBuzz 6.0 runs every lookup of the 'mark' and 'mkmk' features over every glyph of a
// word, marks or not (later HarfBuzz skips a lookup whose coverage misses the whole
// buffer). Those lookups are mark attachments (and, in some fonts, cursive attachment or
// plain adjustments), and each of their subtables does nothing unless the glyph at hand is
// in its coverage. So a word whose shaped glyphs include none of those glyphs comes out the
// same with both features off; the shaper uses that (see Shaper::shape).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cvpdf::shape {

// The union of the coverages of every lookup that a 'mark' or 'mkmk' feature record refers
// to, indexed by glyph id (glyphs >= num_glyphs are left out; HarfBuzz never makes them).
// nullopt — "keep the features on" — when those features refer to a contextual lookup or to
// a subtable format this does not know, when the table has feature variations (which can
// swap a feature's lookups), or when any part of it lies outside the table.
std::optional<std::vector<bool>> mark_feature_coverage(std::span<const unsigned char> gpos, uint32_t num_glyphs);

// Where, in the table, the subtable counts of the lookups that only 'mark' and 'mkmk' use
// lie (2 bytes each). A copy of the table with those counts set to 0 shapes every word whose
// glyphs miss mark_feature_coverage exactly as the original — and HarfBuzz no longer has to
// check every anchor of those lookups when it loads the table (0.7 M instructions for a
// Gentium face, most of loading it). Empty when there is no such lookup, when the table has
// a contextual lookup (which may call any lookup by its index), or when it does not parse.
// Use only where mark_feature_coverage is not nullopt.
std::vector<uint32_t> mark_only_lookup_counts(std::span<const unsigned char> gpos);

}  // namespace cvpdf::shape
