// Font faces loaded once (memory-mapped) and shared: HarfBuzz reads their metrics and shapes with them.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

struct hb_font_t;
struct hb_face_t;

namespace cvpdf::shape {

class Font {
public:
    // Throws cvpdf::Error naming the file when it is missing, unreadable or not a font.
    explicit Font(const std::string& path, unsigned face_index = 0);
    ~Font();
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;

    const std::string& path() const { return path_; }
    unsigned face_index() const { return face_index_; }
    std::span<const unsigned char> data() const;
    std::shared_ptr<const void> data_owner() const { return mapping_; }
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

    bool has_codepoint(char32_t cp) const;
    // Top (above the baseline, positive) and bottom (below, positive) of a glyph's ink, in em.
    void glyph_extents(uint32_t gid, float& top, float& bottom) const;
    // A MATH-table constant in em (HarfBuzz's hb_ot_math_constant_t), or `fallback` when
    // the font has no MATH table.
    float math_constant(int constant, float fallback) const;
    bool has_feature(const char tag[4]) const;  // in GSUB or GPOS
    // Glyphs the 'mark'/'mkmk' lookups can attach (see gpos_marks.hpp), or null when those
    // features must stay on for every word.
    const std::vector<bool>* mark_coverage() const;

private:
    std::string path_;
    unsigned face_index_;
    std::shared_ptr<const void> mapping_;
    hb_font_t* font_of(hb_face_t* face) const;
    hb_face_t* face_without_mark_lookups(size_t gpos_at, std::span<const unsigned char> gpos) const;
    void prepare_shaping() const;

    hb_face_t* full_face_ = nullptr;
    hb_font_t* full_font_ = nullptr;  // metrics, cmap, extents, MATH; shaping with all lookups
    uint32_t num_glyphs_ = 0;
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

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const Font>> fonts_;
};

}  // namespace cvpdf::shape
