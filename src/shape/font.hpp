// Font faces loaded once (memory-mapped) and shared: HarfBuzz reads their metrics and shapes with them.
//
// What the layout asks of a font besides shaping (metrics, cmap, glyph extents and advances,
// MATH constants and variants) is kept in the font's facts file when the cache folder is in
// use (FontCache::use_store): each answer is asked of HarfBuzz once per font file, as TeX
// reads a font's TFM file instead of the font. With the shape and subset stores, a re-render
// then makes no HarfBuzz call at all, and a build with src/dynload never loads it.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/kv_store.hpp"

struct hb_font_t;
struct hb_face_t;

namespace cvpdf::shape {

// Names a font's results in the stores: its file (path, size, time stamp, inode), the face and
// the HarfBuzz cvpdf was built with. Empty when the file cannot be stat'ed (nothing stored).
std::string font_stamp(const std::string& path, unsigned face_index);

class Font : public std::enable_shared_from_this<Font> {
public:
    static constexpr std::string_view kFactsMagic = "CVFACTS1";  // bump when an answer's meaning changes
    static constexpr size_t kMaxFacts = 100000;  // answers kept per font (beyond: those used and new)

    // Throws cvpdf::Error naming the file when it is missing, unreadable or not a font.
    // With `store_dir`, answers come from (and new ones go to) the font's facts file there.
    explicit Font(const std::string& path, unsigned face_index = 0, const std::filesystem::path& store_dir = {});
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    const std::string& path() const { return path_; }
    unsigned face_index() const { return face_index_; }
    // The font file, mapped on the first call: a font whose answers all come from the stores
    // is never opened. Throws cvpdf::Error when the file cannot be read.
    std::span<const unsigned char> data() const;
    // The font to shape and measure with. Its 'mark' and 'mkmk' lookups may be empty (see
    // gpos_marks.hpp): shape with hb_full() where a glyph of mark_coverage() is involved.
    // Made on first use (words from the shape store need no shaping face).
    hb_font_t* hb() const;
    // All of the font's lookups.
    hb_font_t* hb_full() const;
    uint32_t num_glyphs() const { return num_glyphs_; }
    // Whether hb() (the shaping face) has been made yet.
    bool shaping_face_made() const { return shaping_made_.load(std::memory_order_acquire); }

    // Metrics as fractions of the em (multiply by the font size for points).
    float units_per_em() const { return upem_; }
    float ascender() const { return ascender_; }
    float descender() const { return descender_; }  // negative below the baseline
    float cap_height() const { return cap_height_; }
    float x_height() const { return x_height_; }
    // Thickness for an underline or rule drawn in this font's style.
    float underline_thickness() const;

    // The glyph the cmap gives `cp`; 0 when it has none.
    uint32_t nominal_glyph(char32_t cp) const;
    bool has_codepoint(char32_t cp) const { return nominal_glyph(cp) != 0; }
    // Top (above the baseline, positive) and bottom (below, positive) of a glyph's ink, in em.
    void glyph_extents(uint32_t gid, float& top, float& bottom) const;
    // A glyph's horizontal advance, in em.
    float advance(uint32_t gid) const;
    // The MATH table's taller variants of `gid` (bottom to top), smallest first; at most 16.
    std::vector<uint32_t> vertical_variants(uint32_t gid) const;
    // A MATH-table constant in em (HarfBuzz's hb_ot_math_constant_t), or `fallback` when
    // the font has no MATH table.
    float math_constant(int constant, float fallback) const;
    bool has_feature(const char tag[4]) const;  // in GSUB or GPOS
    // Glyphs the 'mark'/'mkmk' lookups can attach (see gpos_marks.hpp), or null when those
    // features must stay on for every word.
    const std::vector<bool>* mark_coverage() const;

    // font_stamp() of this font, taken when it was loaded.
    const std::string& stamp() const { return stamp_; }
    // Writes the facts file if this run asked something new of HarfBuzz; true when written.
    bool save_facts() const;
    // Whether HarfBuzz has read this font in this process (tests: a stored font is not read).
    bool read_by_harfbuzz() const { return full_made_.load(std::memory_order_acquire); }
    // Whether the font file has been opened and mapped (tests: a stored font's is not).
    bool file_mapped() const { return mapped_.load(std::memory_order_acquire); }

private:
    std::string path_;
    unsigned face_index_;
    std::string stamp_;
    mutable std::shared_ptr<const void> mapping_;  // see data()
    mutable std::mutex mapping_mutex_;
    mutable std::atomic<bool> mapped_{false};
    // HarfBuzz's face and font of the whole file, made on the first question the facts file
    // cannot answer; throws cvpdf::Error for a file that is not a usable font.
    hb_font_t* full() const;
    void load_full() const;
    // The answer stored under `key`, else compute() (which asks HarfBuzz) stored under it.
    template <class Compute>
    std::string answer(const std::string& key, Compute compute) const;
    std::string encode_metrics() const;
    bool decode_metrics(std::string_view value);
    hb_font_t* font_of(hb_face_t* face) const;
    hb_face_t* face_without_mark_lookups(size_t gpos_at, std::span<const unsigned char> gpos) const;
    void prepare_shaping() const;

    mutable std::mutex full_mutex_;
    mutable std::atomic<bool> full_made_{false};
    mutable hb_face_t* full_face_ = nullptr;
    mutable hb_font_t* full_font_ = nullptr;  // metrics, cmap, extents, MATH; shaping with all lookups
    mutable std::mutex facts_mutex_;
    mutable std::unique_ptr<KvFile> facts_;  // null without a store
    uint32_t num_glyphs_ = 0;
    bool has_math_ = false;
    std::vector<int32_t> math_constants_;  // font units, by hb_ot_math_constant_t
    // Set once by prepare_shaping():
    mutable std::once_flag shaping_once_;
    mutable std::atomic<bool> shaping_made_{false};
    mutable hb_face_t* hb_face_ = nullptr;  // the face without mark-only lookups, if one was made
    mutable hb_font_t* hb_font_ = nullptr;  // on hb_face_, else full_font_ again
    mutable std::shared_ptr<const void> lite_mapping_;  // that face's GPOS, patched copy-on-write
    mutable std::optional<std::vector<bool>> mark_coverage_;
    float upem_ = 1000, ascender_ = 0.8f, descender_ = -0.2f, cap_height_ = 0.7f, x_height_ = 0.45f;
};

// Loads each font file once per process; thread-safe so batch jobs share one cache.
class FontCache {
public:
    std::shared_ptr<const Font> load(const std::string& path, unsigned face_index = 0);
    // Fonts loaded from now on keep their facts in `dir` (font.hpp); empty: off (the default).
    void use_store(const std::filesystem::path& dir) { store_dir_ = dir; }
    // Writes the facts files of the fonts that learnt something; the number written.
    size_t save_store();

private:
    std::filesystem::path store_dir_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Font>> fonts_;
};

}  // namespace cvpdf::shape
