// Shaped words kept on disk between runs, one file per font file.
//
// What HarfBuzz makes of a word depends only on the font's bytes, HarfBuzz's version, the
// features, the language and the text: cvpdf shapes in font units, unhinted, so not even the
// size matters. The glyphs of every word a run shapes are therefore stored (in font units)
// and the next run reads them instead of shaping. Re-rendering a CV after an edit — the
// usual case — then shapes only the words that changed, and a font whose words all come from
// its file never has its layout tables loaded: about a quarter of a cold render's
// instructions (docs/performance.md).
//
// A file names its font by path, size and modification time, the face index and HarfBuzz's
// version; any change gives another file (base/kv_store.hpp checks and writes them). Every
// glyph is checked against its font when used (Shaper::plausible).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/kv_store.hpp"

namespace cvpdf::shape {

class Font;

// One glyph as HarfBuzz gives it, in font units.
struct RawGlyph {
    uint32_t gid = 0;
    uint32_t cluster = 0;
    int32_t x_advance = 0, x_offset = 0, y_offset = 0;
    bool operator==(const RawGlyph&) const = default;
};

// A word's glyphs as a stored value (20 bytes a glyph), and back: false unless `value` is
// whole glyphs.
std::string encode_glyphs(const std::vector<RawGlyph>& glyphs);
bool decode_glyphs(std::string_view value, std::vector<RawGlyph>& out);

// The store key of a word: injective in its parts (lengths before the strings). The second
// form writes it into `out` (cleared first), so a lookup can reuse one buffer.
std::string shape_key(std::string_view features, bool tracked, std::string_view language, std::string_view text);
void shape_key(std::string& out, std::string_view features, bool tracked, std::string_view language,
               std::string_view text);

// The files of all fonts a process shapes with: read on a font's first lookup, written back
// by save(). Thread-safe.
class ShapeStore {
public:
    static constexpr std::string_view kMagic = "CVSHAPE2";  // bump when a stored word's meaning changes
    // At most this many words per font are kept; beyond it a file keeps the words this
    // process used and the new ones.
    static constexpr size_t kMaxWords = 60000;

    // Files live in `dir`; an empty `dir` stores nothing and finds nothing.
    explicit ShapeStore(std::filesystem::path dir);
    ~ShapeStore();
    ShapeStore(const ShapeStore&) = delete;
    ShapeStore& operator=(const ShapeStore&) = delete;

    // The stored glyphs of `key` for `font`; false when there are none.
    bool find(const Font& font, std::string_view key, std::vector<RawGlyph>& out);
    // A word this run shaped, to be written by the next save().
    void add(const Font& font, std::string key, const std::vector<RawGlyph>& glyphs);
    // Writes the file of every font that gained words (best effort: a read-only cache folder
    // costs only the next run's shaping). Returns the number of files written.
    size_t save();

    // The stamp of `font` (empty when its file cannot be stat'ed: never stored) and its file.
    static std::string stamp_of(const Font& font);
    static std::filesystem::path file_of(const std::filesystem::path& dir, const std::string& stamp);

private:
    KvFile* file(const Font& font);  // caller holds mutex_; null when the font cannot be stored

    std::filesystem::path dir_;
    std::mutex mutex_;
    std::unordered_map<const Font*, std::unique_ptr<KvFile>> fonts_;
};

}  // namespace cvpdf::shape
