// Subset font programs kept on disk between runs.
//
// hb-subset and deflate turn a font file and the set of glyphs a PDF shows into a compressed
// font program; the same file and glyphs give the same bytes. A re-render after an edit that
// brings no new glyph (most edits) finds its programs here and skips both: a fifth of a
// one-page render's instructions, and hb-subset's code is never paged in.
//
// One file per font file and glyph set, named by the font's path and the set; inside, the
// font's stamp (path, size, time stamp, face, HarfBuzz version) and the glyph set, compared
// before use, and a CRC-32. Each font keeps its kPerFont most recent programs.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf::pdf {

struct StoredProgram {
    bool cff = false;
    uint32_t raw_size = 0;              // the program's length before compression
    uint64_t digest[2] = {0, 0};        // Hash128 of the uncompressed program (the subset tag)
    std::vector<uint32_t> new_gid;      // for each glyph of the set, in order
    std::vector<unsigned char> flated;  // the program, deflated
};

// The bytes of a stored program for `key` (see SubsetStore::key), and back: nullopt unless
// `bytes` are a whole, intact image for exactly that key.
std::string build_subset_image(std::string_view key, const StoredProgram& p);
std::optional<StoredProgram> parse_subset_image(std::string_view bytes, std::string_view key);
// Recomputes an edited image's checksum (tests and the fuzz target).
void seal_subset_image(std::string& image);

class SubsetStore {
public:
    // An empty `dir` stores nothing and finds nothing.
    explicit SubsetStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
    bool enabled() const { return !dir_.empty(); }
    // What identifies a font file's program for a sorted glyph set; empty when the font file
    // cannot be stat'ed (never stored).
    static std::string key(const std::string& font_path, unsigned face_index, const std::vector<uint32_t>& gids);
    std::optional<StoredProgram> find(const std::string& font_path, const std::string& key) const;
    // Best effort (an unwritable folder only costs the next run the subsetting).
    void put(const std::string& font_path, const std::string& key, const StoredProgram& p) const;
    static constexpr size_t kPerFont = 8;

private:
    std::filesystem::path file_of(const std::string& font_path, const std::string& key) const;
    std::filesystem::path dir_;
};

}  // namespace cvpdf::pdf
