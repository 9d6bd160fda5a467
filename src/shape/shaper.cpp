#include "shape/shaper.hpp"

#include <hb.h>

#include <iterator>
#include <mutex>
#include <unordered_map>

namespace cvpdf::shape {
namespace {

std::vector<hb_feature_t> parse_features(std::string_view spec) {
    std::vector<hb_feature_t> out;
    size_t i = 0;
    while (i < spec.size()) {
        size_t j = spec.find(',', i);
        if (j == std::string_view::npos) j = spec.size();
        std::string_view f = spec.substr(i, j - i);
        hb_feature_t feat;
        if (!f.empty() && hb_feature_from_string(f.data(), int(f.size()), &feat)) out.push_back(feat);
        i = j + 1;
    }
    return out;
}

// Parsed once per thread and spec: HarfBuzz's parser costs ~600 instructions a feature, and
// a CV shapes hundreds of words with the same two or three specs.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

const std::vector<hb_feature_t>& features_of(std::string_view spec) {
    thread_local std::unordered_map<std::string, std::vector<hb_feature_t>, StringHash, std::equal_to<>> parsed;
    auto it = parsed.find(spec);
    if (it == parsed.end()) it = parsed.emplace(std::string(spec), parse_features(spec)).first;
    return it->second;
}

hb_feature_t off(const char* tag) {
    hb_feature_t f;
    hb_feature_from_string(tag, -1, &f);
    f.value = 0;
    return f;
}

}  // namespace

Shaped Shaper::shape(const Font& font, std::string_view text, float size, const FeatureSet& features,
                     std::string_view language, float letter_spacing) const {
    return finish(shape_raw(font, text, features, language, letter_spacing != 0), font, size, letter_spacing);
}

std::vector<RawGlyph> Shaper::shape_raw(const Font& font, std::string_view text, const FeatureSet& features,
                                        std::string_view language, bool tracked) const {
    ++shape_calls_;
    // One buffer per thread, reused: shaping a CV makes thousands of calls.
    thread_local struct Buf {
        hb_buffer_t* b = hb_buffer_create();
        ~Buf() { hb_buffer_destroy(b); }
    } tl;
    hb_buffer_t* buf = tl.b;
    auto fill = [&] {
        hb_buffer_clear_contents(buf);
        hb_buffer_add_utf8(buf, text.data(), int(text.size()), 0, int(text.size()));
        hb_buffer_guess_segment_properties(buf);
        hb_buffer_set_language(buf, hb_language_from_string(language.data(), int(language.size())));
    };
    static const hb_feature_t kNoLigatures[] = {off("liga"), off("clig"), off("dlig")};
    static const hb_feature_t kNoMarks[] = {off("mark"), off("mkmk")};
    thread_local std::vector<hb_feature_t> feats;
    feats = features_of(features.spec);
    // Tracked text must not form ligatures: spaced-out "fi" would show as one glyph.
    if (tracked) feats.insert(feats.end(), std::begin(kNoLigatures), std::end(kNoLigatures));
    // Mark attachment only moves glyphs in its lookups' mark coverage, and HarfBuzz 6.0
    // would still run those lookups over every glyph (17 % of shaping a Gentium word) and
    // check all their anchors when it loads the font (font.hb() may have them emptied, see
    // Font::hb). So the word is shaped without 'mark' and 'mkmk', and again with them and
    // all lookups if a glyph it came out with is one they could have attached: the same
    // glyphs and positions either way.
    const std::vector<bool>* marks = font.mark_coverage();
    const bool skip_marks = marks && features.spec.find("mark") == std::string_view::npos &&
                            features.spec.find("mkmk") == std::string_view::npos;
    if (skip_marks) feats.insert(feats.end(), std::begin(kNoMarks), std::end(kNoMarks));
    fill();
    hb_shape(skip_marks ? font.hb() : font.hb_full(), buf, feats.data(), unsigned(feats.size()));
    if (skip_marks) {
        unsigned len = 0;
        const hb_glyph_info_t* gi = hb_buffer_get_glyph_infos(buf, &len);
        bool attachable = false;
        for (unsigned i = 0; i < len && !attachable; ++i)
            attachable = gi[i].codepoint < marks->size() && (*marks)[gi[i].codepoint];
        if (attachable) {
            ++mark_reshapes_;
            feats.resize(feats.size() - 2);
            fill();
            hb_shape(font.hb_full(), buf, feats.data(), unsigned(feats.size()));
        }
    }

    unsigned n = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
    std::vector<RawGlyph> raw(n);
    for (unsigned i = 0; i < n; ++i)
        raw[i] = {info[i].codepoint, info[i].cluster, pos[i].x_advance, pos[i].x_offset, pos[i].y_offset};
    return raw;
}

Shaped Shaper::finish(const std::vector<RawGlyph>& raw, const Font& font, float size, float letter_spacing) {
    Shaped out;
    const size_t n = raw.size();
    const float scale = size / font.units_per_em();
    out.glyphs.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        ShapedGlyph g;
        g.gid = raw[i].gid;
        g.cluster = raw[i].cluster;
        g.advance = float(raw[i].x_advance) * scale;
        g.dx = float(raw[i].x_offset) * scale;
        g.dy = float(raw[i].y_offset) * scale;
        if (g.gid == 0) out.has_notdef = true;
        // Tracking goes after the last glyph of each cluster, except the run's last cluster.
        if (letter_spacing != 0 && i + 1 < n && raw[i + 1].cluster != raw[i].cluster) g.advance += letter_spacing;
        out.width += g.advance;
        out.glyphs.push_back(g);
    }
    return out;
}

bool Shaper::plausible(const std::vector<RawGlyph>& raw, const Font& font, std::string_view text) {
    if (raw.size() > 4 * text.size() + 16) return false;
    bool up = true, down = true;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i].gid >= font.num_glyphs() || raw[i].cluster >= text.size()) return false;
        if (i > 0) {
            up = up && raw[i].cluster >= raw[i - 1].cluster;
            down = down && raw[i].cluster <= raw[i - 1].cluster;
        }
    }
    return up || down;
}

void Shaper::use_store(const std::filesystem::path& dir) {
    store_ = dir.empty() ? nullptr : std::make_unique<ShapeStore>(dir);
}

size_t Shaper::save_store() { return store_ ? store_->save() : 0; }

const Shaped& Shaper::shape_cached(const Font& font, std::string_view text, float size, const FeatureSet& features,
                                   std::string_view language, float letter_spacing) {
    // Fixed-size binary fields first (no separators needed), then the strings. Built in a
    // per-thread buffer: most lookups hit, and a hit then allocates nothing.
    thread_local std::string key;
    key.clear();
    auto put = [&](const auto& v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
    put(&font);
    put(size);
    put(letter_spacing);
    key += features.spec;
    key += '\x1f';
    key += language;
    key += '\x1f';
    key += text;
    {
        std::shared_lock lock(mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end()) return it->second;
    }
    Shaped shaped;
    if (store_) {
        // The store knows words by font, features, language and text: any size, any spacing.
        thread_local std::vector<RawGlyph> raw;
        thread_local std::string skey;
        shape_key(skey, features.spec, letter_spacing != 0, language, text);
        if (store_->find(font, skey, raw) && plausible(raw, font, text)) {
            ++store_hits_;
        } else {
            raw = shape_raw(font, text, features, language, letter_spacing != 0);
            store_->add(font, skey, raw);
        }
        shaped = finish(raw, font, size, letter_spacing);
    } else {
        shaped = shape(font, text, size, features, language, letter_spacing);
    }
    std::unique_lock lock(mutex_);
    return cache_.try_emplace(key, std::move(shaped)).first->second;
}

size_t Shaper::cache_size() const {
    std::shared_lock lock(mutex_);
    return cache_.size();
}

}  // namespace cvpdf::shape
