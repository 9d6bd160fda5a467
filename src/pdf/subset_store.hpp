// Subset font programs kept on disk between runs.
//
// hb-subset and deflate turn a font file and the set of glyphs a PDF shows into a compressed
// font program; the same file and glyphs give the same bytes. A re-render after an edit that
// brings no new glyph (most edits) finds its programs here and skips both: a fifth of a
// one-page render's instructions, and hb-subset's code is never paged in.
//
// One file per font file and glyph set, named by the font's path and the set: a checked
// key → value image (base/kv_store.hpp) whose stamp is the font's stamp (path, size, time
// stamp, face, HarfBuzz version) and the glyph set, holding the program, the glyphs' widths
// and the font descriptor. Each font keeps its
// kPerFont most recent programs.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf::pdf {

// What a PDF font descriptor says of a face, in 1000/em glyph space units.
struct FontDescriptor {
    std::string ps_name;  // PostScript name, sanitised for a PDF name
    double bbox[4] = {0, 0, 0, 0};
    double italic_angle = 0, ascent = 0, descent = 0, cap_height = 0, x_height = 0, stem_v = 80;
    uint32_t flags = 4;  // Symbolic (+ FixedPitch, Italic)
    bool operator==(const FontDescriptor&) const = default;
};

// Everything subset_font() makes of a font file and a glyph set, so that a hit needs no
// HarfBuzz at all (not even loading it: src/dynload).
struct StoredProgram {
    bool cff = false;
    uint32_t raw_size = 0;              // the program's length before compression
    uint64_t digest[2] = {0, 0};        // Hash128 of the uncompressed program (the subset tag)
    std::vector<uint32_t> new_gid;      // for each glyph of the set, in order
    std::vector<double> widths;         // for each glyph of the set: hmtx advance, 1000/em, in 1/8
    FontDescriptor desc;
    std::vector<unsigned char> flated;  // the program, deflated
};

// A stored program as an image's value, and back: nullopt unless `value` is one whole program.
std::string encode_program(const StoredProgram& p);
std::optional<StoredProgram> decode_program(std::string_view value);

class SubsetStore {
public:
    static constexpr std::string_view kMagic = "CVSUBST3";
    // An empty `dir` stores nothing and finds nothing.
    explicit SubsetStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
    bool enabled() const { return !dir_.empty(); }
    // What identifies a font file's program for a sorted glyph set; empty when the font file
    // cannot be stat'ed (never stored). `font_stamp`, when given, is the font's stamp as the
    // layout took it (page::FontResource::stamp), which spares a stat and keys the program
    // by the very version of the font the layout measured.
    static std::string key(const std::string& font_path, unsigned face_index, const std::vector<uint32_t>& gids,
                           const std::string& font_stamp = {});
    std::optional<StoredProgram> find(const std::string& font_path, const std::string& key) const;
    // Best effort (an unwritable folder only costs the next run the subsetting).
    void put(const std::string& font_path, const std::string& key, const StoredProgram& p) const;
    static constexpr size_t kPerFont = 8;

private:
    std::filesystem::path file_of(const std::string& font_path, const std::string& key) const;
    std::filesystem::path dir_;
};

}  // namespace cvpdf::pdf
