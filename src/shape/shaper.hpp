// HarfBuzz shaping of short runs (words) with a cache, so each distinct word in a given
// font, size and feature set is shaped once per process.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shape/font.hpp"
#include "shape/shape_store.hpp"

namespace cvpdf::shape {

struct ShapedGlyph {
    uint32_t gid = 0;
    float advance = 0;   // points at the requested size
    float dx = 0, dy = 0;
    uint32_t cluster = 0;  // byte offset into the shaped text
};

struct Shaped {
    std::vector<ShapedGlyph> glyphs;
    float width = 0;  // sum of advances, points
    bool has_notdef = false;  // some character has no glyph in the font
};

// OpenType features as a canonical string, e.g. "kern,liga,smcp,c2sc,-liga"; a leading '-'
// turns a feature off. Parsed once per distinct string. A view: made for each word from the
// style's string, which outlives the call.
struct FeatureSet {
    std::string_view spec;
};

class Shaper {
public:
    // Shape `text` (one word or a short run, no line breaks) left to right.
    // `letter_spacing` (points) is added after every cluster but the last: real tracking,
    // not inserted spaces.
    Shaped shape(const Font& font, std::string_view text, float size, const FeatureSet& features,
                 std::string_view language = "en", float letter_spacing = 0) const;

    // Same, memoised. Thread-safe; the cache is shared by all jobs in a batch.
    const Shaped& shape_cached(const Font& font, std::string_view text, float size, const FeatureSet& features,
                               std::string_view language = "en", float letter_spacing = 0);

    size_t cache_size() const;
    // Words HarfBuzz shaped; words that came from the shape store instead.
    size_t shape_calls() const { return shape_calls_; }
    size_t store_hits() const { return store_hits_; }

    // Keeps shaped words in `dir` between runs (shape_store.hpp); empty: off (the default).
    void use_store(const std::filesystem::path& dir);
    // Writes the words shaped since the last save into the store; the images written.
    size_t save_store();
    // Words shaped a second time because they came out with an attachable mark.
    size_t mark_reshapes() const { return mark_reshapes_; }

private:
    // HarfBuzz's glyphs for `text` in font units; `tracked`: without ligatures.
    std::vector<RawGlyph> shape_raw(const Font& font, std::string_view text, const FeatureSet& features,
                                    std::string_view language, bool tracked) const;
    // Glyphs in points at `size`, with the letter spacing.
    static Shaped finish(const std::vector<RawGlyph>& raw, const Font& font, float size, float letter_spacing);
    // Whether stored glyphs can stand for `text` in `font`: every glyph in the font, clusters
    // inside the text and in order (as HarfBuzz's default cluster level makes them).
    static bool plausible(const std::vector<RawGlyph>& raw, const Font& font, std::string_view text);

    std::unique_ptr<ShapeStore> store_;
    mutable std::atomic<size_t> store_hits_{0};
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, Shaped> cache_;  // node-based: references stay valid
    mutable std::atomic<size_t> shape_calls_{0};
    mutable std::atomic<size_t> mark_reshapes_{0};
};

}  // namespace cvpdf::shape
