// Shaped words kept on disk between runs, one image file per font file.
//
// What HarfBuzz makes of a word depends only on the font's bytes, HarfBuzz's version, the
// features, the language and the text: cvpdf shapes in font units, unhinted, so not even the
// size matters. The glyphs of every word a run shapes are therefore stored (in font units)
// and the next run reads them instead of shaping. Re-rendering a CV after an edit — the
// usual case — then shapes only the words that changed, and a font whose words all come from
// its image never has its layout tables loaded: about a quarter of a cold render's
// instructions (docs/performance.md).
//
// An image names the font by path, size and modification time, the face index, HarfBuzz's
// version and this format's version; any change gives another file. Images are checked
// (sizes, offsets, CRC-32) before use and every glyph is checked against its font when used;
// a damaged image is ignored and rewritten, never trusted.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cvpdf::shape {

class Font;

// One glyph as HarfBuzz gives it, in font units.
struct RawGlyph {
    uint32_t gid = 0;
    uint32_t cluster = 0;
    int32_t x_advance = 0, x_offset = 0, y_offset = 0;
    bool operator==(const RawGlyph&) const = default;
};

// The words of one image, read from its bytes (nothing is trusted before it is checked).
class ShapeImage {
public:
    // The image in `bytes`, or an empty one when they are not a whole, intact image for
    // `stamp` (another font, version or format; truncated; corrupted).
    static ShapeImage parse(std::string bytes, std::string_view stamp);
    // The glyphs stored for `key`, or false. Marks the entry as used by this run.
    bool find(std::string_view key, std::vector<RawGlyph>& out) const;
    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    // Every entry, in the order stored: key, glyphs and whether find() returned it.
    template <class F>
    void each(F&& f) const {
        for (size_t i = 0; i < entries_.size(); ++i) f(key(i), glyphs(i), used_[i] != 0);
    }

private:
    struct Entry {  // offsets into bytes_
        size_t key_at = 0, glyphs_at = 0;
        uint32_t key_len = 0, count = 0;
    };
    std::string_view key(size_t entry) const { return {bytes_.data() + entries_[entry].key_at, entries_[entry].key_len}; }
    std::vector<RawGlyph> glyphs(size_t entry) const;
    size_t slot_of(std::string_view key) const;  // where `key` is, or the empty slot it would take
    std::string bytes_;
    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_;  // entry index + 1 by key hash, 0 = empty
    mutable std::vector<uint8_t> used_;
};

// An image's bytes for `stamp` holding `entries` (key → glyphs); keys must be distinct.
std::string build_shape_image(std::string_view stamp,
                              const std::vector<std::pair<std::string, std::vector<RawGlyph>>>& entries);
// Recomputes the checksum of an image whose bytes were edited (tests and the fuzz target:
// what parse() refuses beyond a checksum).
void seal_shape_image(std::string& image);

// The store key of a word: injective in its parts (lengths before the strings).
std::string shape_key(std::string_view features, bool tracked, std::string_view language, std::string_view text);

// The images of all fonts a process shapes with: loaded on a font's first lookup, written back
// by save(). Thread-safe.
class ShapeStore {
public:
    // Images live in `dir`; an empty `dir` stores nothing and finds nothing.
    explicit ShapeStore(std::filesystem::path dir);
    ~ShapeStore();
    ShapeStore(const ShapeStore&) = delete;
    ShapeStore& operator=(const ShapeStore&) = delete;

    // The stored glyphs of `key` for `font`; false when there are none (or the image is off).
    bool find(const Font& font, std::string_view key, std::vector<RawGlyph>& out);
    // A word this run shaped, to be written by the next save().
    void add(const Font& font, std::string key, std::vector<RawGlyph> glyphs);
    // Writes the image of every font that gained words (best effort: a read-only cache folder
    // costs only the next run's shaping). Returns the number of images written.
    size_t save();

    // At most this many words per font are kept; beyond it an image keeps the words this
    // process used and the new ones.
    static constexpr size_t kMaxWords = 60000;
    // The image file of `font` in `dir`, and the stamp inside it (empty when the font file
    // cannot be stat'ed: such a font is never stored).
    static std::string stamp_of(const Font& font);
    static std::filesystem::path file_of(const std::filesystem::path& dir, const std::string& stamp);

private:
    struct PerFont {
        std::string stamp;
        std::filesystem::path file;
        ShapeImage image;
        std::vector<std::pair<std::string, std::vector<RawGlyph>>> added;
        std::unordered_map<std::string, size_t> added_at;  // key → index in `added`
    };
    PerFont* state(const Font& font);  // caller holds mutex_; null when the font cannot be stored

    std::filesystem::path dir_;
    std::mutex mutex_;
    std::unordered_map<const Font*, std::unique_ptr<PerFont>> fonts_;
};

}  // namespace cvpdf::shape
