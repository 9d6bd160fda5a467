// HarfBuzz side of font embedding: subset one face to the glyphs a document uses (hb-subset,
// no hinting, no layout tables) and read the metrics a PDF font descriptor needs.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "page/page.hpp"
#include "pdf/font_usage.hpp"
#include "pdf/subset_store.hpp"

struct hb_blob_t;

namespace cvpdf::pdf {

struct SubsetFont {
    bool cff = false;               // CFF outlines (bare CFF table) vs TrueType (whole sfnt)
    std::vector<uint32_t> new_gid;  // parallel to FontUsage::entries: glyph id in the subset
    // The program: FontFile2 (TrueType) or CFF table (FontFile3), from hb-subset; or, when it
    // went through the subset store, only deflated (`flated`, program then null).
    std::shared_ptr<hb_blob_t> program;
    std::vector<unsigned char> flated;
    uint32_t raw_size = 0;        // the program's length
    uint64_t digest[2] = {0, 0};  // Hash128 of the program's bytes
    const unsigned char* data() const;
    size_t size() const;
    FontDescriptor desc;
};

// Faces prepared once with hb_subset_preprocess and shared by every later subset of the
// same font (thread-safe). Preparing a face costs about 30 single subsets, and makes each
// later one ~6× cheaper (measured on Gentium Book Plus), so it pays off in batches of
// dozens of CVs, never for one render. Keeps the fonts' bytes alive while it lives.
class PreparedFaces {
public:
    PreparedFaces();
    ~PreparedFaces();
    PreparedFaces(const PreparedFaces&) = delete;
    PreparedFaces& operator=(const PreparedFaces&) = delete;
    size_t size() const;  // faces prepared so far
    // Whether preparing pays for `renders` CVs sharing these faces.
    static bool worth_it(size_t renders) { return renders >= 64; }
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Subsets `font` to the glyphs in `usage` and fills every entry's `width` (the face's own
// hmtx advance, 1000/em). Throws cvpdf::Error for an unreadable face, a glyph id outside the
// face, unsupported outlines (CFF2, none) or a failed subset.
// With `prepared`, the face comes from (and on first use goes into) that set.
// With `store`, everything comes from (and on a miss goes into) the subset store, the
// program deflated: a hit reads neither the font nor HarfBuzz.
SubsetFont subset_font(const page::FontResource& font, FontUsage& usage, PreparedFaces* prepared = nullptr,
                       const SubsetStore* store = nullptr);

}  // namespace cvpdf::pdf
