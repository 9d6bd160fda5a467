#include "shape/font.hpp"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <vector>
#include <hb-ot.h>
#include <hb.h>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"
#include "base/error.hpp"
#include "base/mapped_file.hpp"
#include "shape/gpos_marks.hpp"

namespace cvpdf::shape {
namespace {

// Fonts are read by HarfBuzz and the PDF writer straight from the mapping, never copied.
std::shared_ptr<const MappedFile> map_file(const std::string& path) {
    auto m = std::make_shared<MappedFile>();
    if (int err = m->open(path)) {
        if (err == ENODEV) throw Error("cannot read font '" + path + "': not a regular file");
        throw Error("cannot open font '" + path + "': " + std::strerror(err));
    }
    return m;
}

// A truncated or damaged font: every table the directory lists must lie inside the file
// (HarfBuzz would silently drop such tables and text would fall back to another font).
// Returns the tag of the first table that does not fit, or "" when all do.
std::string table_past_end(const unsigned char* d, size_t n, unsigned face_index) {
    auto u32 = [&](size_t o) -> uint64_t {
        return o + 4 <= n ? (uint64_t(d[o]) << 24 | uint64_t(d[o + 1]) << 16 | uint64_t(d[o + 2]) << 8 | d[o + 3]) : ~0ull;
    };
    uint64_t dir = 0;
    if (n >= 4 && std::memcmp(d, "ttcf", 4) == 0) dir = u32(12 + 4 * uint64_t(face_index));
    if (dir > n || dir + 12 > n) return "table directory";
    size_t num = size_t(d[dir + 4]) << 8 | d[dir + 5];
    for (size_t i = 0; i < num; ++i) {
        uint64_t rec = dir + 12 + 16 * i;
        if (rec + 16 > n) return "table directory";
        uint64_t off = u32(rec + 8), len = u32(rec + 12);
        if (off > n || len > n - off) return std::string(reinterpret_cast<const char*>(d + rec), 4);
    }
    return "";
}

}  // namespace

std::string font_stamp(const std::string& path, unsigned face_index) {
    std::string file = file_stamp(path);
    if (file.empty()) return {};
    return file + "\nface " + std::to_string(face_index) + "\nHarfBuzz " HB_VERSION_STRING;
}

namespace {
std::string u32_bytes(uint32_t v) {
    std::string s;
    put_u32(s, v);
    return s;
}
std::string key_of(char kind, uint32_t n) { return kind + u32_bytes(n); }
void put_f32(std::string& s, float v) { put_u32(s, std::bit_cast<uint32_t>(v)); }
float read_f32(ByteReader& r) { return std::bit_cast<float>(r.u32()); }
// A stored length in em that could be a font's: anything else (a damaged or edited file)
// is not used.
bool sane_em(float v) { return std::isfinite(v) && std::fabs(v) <= 64; }
constexpr unsigned kMathConstants = HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT + 1;
}  // namespace

Font::Font(const std::string& path, unsigned face_index, const std::filesystem::path& store_dir)
    : path_(path), face_index_(face_index), stamp_(font_stamp(path, face_index)) {
    if (!store_dir.empty() && !stamp_.empty()) {
        facts_ = std::make_unique<KvFile>(store_dir, "facts", kFactsMagic, stamp_);
        if (auto m = facts_->find("metrics"); m && decode_metrics(*m)) return;
    }
    hb_font_t* font = full();
    upem_ = float(hb_face_get_upem(full_face_));
    num_glyphs_ = hb_face_get_glyph_count(full_face_);
    hb_font_extents_t ext{};
    if (hb_font_get_h_extents(font, &ext)) {
        ascender_ = float(ext.ascender) / upem_;
        descender_ = float(ext.descender) / upem_;
    }
    hb_position_t v = 0;
    if (hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0) cap_height_ = float(v) / upem_;
    if (hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_X_HEIGHT, &v) && v > 0) x_height_ = float(v) / upem_;
    has_math_ = hb_ot_math_has_data(full_face_);
    if (has_math_)
        for (unsigned c = 0; c < kMathConstants; ++c)
            math_constants_.push_back(hb_ot_math_get_constant(font, hb_ot_math_constant_t(c)));
    if (facts_) facts_->add("metrics", encode_metrics());
}

// Fields in order: upem, glyph count, ascender, descender, cap height, x-height (f32 but the
// count), then the MATH constants' count (0 without a MATH table) and values (i32).
std::string Font::encode_metrics() const {
    std::string s;
    put_f32(s, upem_);
    put_u32(s, num_glyphs_);
    for (float v : {ascender_, descender_, cap_height_, x_height_}) put_f32(s, v);
    put_u32(s, uint32_t(math_constants_.size()));
    for (int32_t c : math_constants_) put_u32(s, uint32_t(c));
    return s;
}

bool Font::decode_metrics(std::string_view value) {
    ByteReader r(value);
    const float upem = read_f32(r);
    const uint32_t glyphs = r.u32();
    float m[4];
    for (float& v : m) v = read_f32(r);
    const uint32_t n = r.u32();
    if (!r.ok() || !(upem >= 16 && upem <= 65536) || glyphs == 0 || (n != 0 && n != kMathConstants) ||
        r.left() != 4 * size_t(n))
        return false;
    for (float v : m)
        if (!sane_em(v)) return false;
    std::vector<int32_t> constants(n);
    for (int32_t& c : constants)
        if (c = int32_t(r.u32()); std::abs(int64_t(c)) > int64_t(64 * upem)) return false;
    upem_ = upem, num_glyphs_ = glyphs;
    ascender_ = m[0], descender_ = m[1], cap_height_ = m[2], x_height_ = m[3];
    has_math_ = n != 0;
    math_constants_ = std::move(constants);
    return true;
}

// Not std::call_once: load_full() throws for a bad font, and an exception leaving a
// call_once callable aborted the Release build's bad-font tests (static libstdc++).
hb_font_t* Font::full() const {
    if (!full_made_.load(std::memory_order_acquire)) {
        std::lock_guard lock(full_mutex_);
        if (!full_made_.load(std::memory_order_relaxed)) load_full();
    }
    return full_font_;
}

void Font::load_full() const {
    const std::span<const unsigned char> file = data();
    hb_blob_t* blob = hb_blob_create_or_fail(reinterpret_cast<const char*>(file.data()), unsigned(file.size()),
                                             HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    if (!blob) throw Error("cannot load font '" + path_ + "'");
    unsigned faces = hb_face_count(blob);
    if (faces == 0) {
        hb_blob_destroy(blob);
        throw Error("'" + path_ + "' is not a font file (no OpenType/TrueType face found)");
    }
    if (face_index_ >= faces) {
        hb_blob_destroy(blob);
        throw Error("font '" + path_ + "' has no face " + std::to_string(face_index_));
    }
    if (std::string bad = table_past_end(file.data(), file.size(), face_index_); !bad.empty()) {
        hb_blob_destroy(blob);
        throw Error("font '" + path_ + "' is corrupt: its '" + bad + "' extends past the end of the file (truncated?)");
    }
    hb_face_t* face = hb_face_create(blob, face_index_);
    hb_blob_destroy(blob);
    const unsigned upem = hb_face_get_upem(face);
    const unsigned glyphs = hb_face_get_glyph_count(face);
    if (glyphs == 0 || upem < 16) {
        hb_face_destroy(face);
        throw Error("'" + path_ + "' is not a usable font (no glyphs)");
    }
    full_face_ = face;
    full_font_ = font_of(face);
    full_made_.store(true, std::memory_order_release);
}

template <class Compute>
std::string Font::answer(const std::string& key, Compute compute) const {
    std::lock_guard lock(facts_mutex_);
    if (facts_)
        if (auto v = facts_->find(key)) return std::string(*v);
    std::string value = compute();
    if (facts_) facts_->add(key, value);
    return value;
}

bool Font::save_facts() const {
    std::lock_guard lock(facts_mutex_);
    return facts_ && facts_->save(kMaxFacts);
}

// The shaping face is made when the first word is shaped, not at load: a render whose words
// all come from the shape store (shape_store.hpp) never reads the font's layout tables.
void Font::prepare_shaping() const {
    full();  // before call_once: it may throw (see full())
    std::call_once(shaping_once_, [this] {
        hb_blob_t* gpos = hb_face_reference_table(full_face_, HB_TAG('G', 'P', 'O', 'S'));
        unsigned len = 0;
        const auto* bytes = reinterpret_cast<const unsigned char*>(hb_blob_get_data(gpos, &len));
        const std::span<const unsigned char> file = data();
        mark_coverage_ = mark_feature_coverage({bytes, len}, num_glyphs_);
        if (mark_coverage_ && bytes >= file.data() && bytes + len <= file.data() + file.size())
            hb_face_ = face_without_mark_lookups(size_t(bytes - file.data()), {bytes, len});
        hb_blob_destroy(gpos);
        hb_font_ = hb_face_ ? font_of(hb_face_) : hb_font_reference(full_font_);
        shaping_made_.store(true, std::memory_order_release);
    });
}

hb_font_t* Font::hb() const {
    prepare_shaping();
    return hb_font_;
}

const std::vector<bool>* Font::mark_coverage() const {
    prepare_shaping();
    return mark_coverage_ ? &*mark_coverage_ : nullptr;
}

hb_font_t* Font::font_of(hb_face_t* face) const {
    hb_font_t* f = hb_font_create(face);
    // Shape in font units; callers scale by size / upem. Exact, and one hb_font per face.
    const int upem = int(hb_face_get_upem(face));
    hb_font_set_scale(f, upem, upem);
    hb_ot_font_set_funcs(f);
    return f;
}

// The face HarfBuzz shapes with: the font's own tables, but a GPOS whose mark-only lookups
// have no subtables (see mark_only_lookup_counts), from a second, copy-on-write mapping of
// the file, so that only the pages holding those counts are copied. Null when the table has
// no such lookups or the file cannot be mapped again.
hb_face_t* Font::face_without_mark_lookups(size_t gpos_at, std::span<const unsigned char> gpos) const {
    const std::vector<uint32_t> counts = mark_only_lookup_counts(gpos);
    if (counts.empty()) return nullptr;
    auto copy = std::make_shared<MappedFile>();
    if (copy->open(path_, /*writable=*/true) != 0 || copy->size() != data().size() ||
        std::memcmp(copy->data() + gpos_at, gpos.data(), gpos.size()) != 0)  // replaced meanwhile
        return nullptr;
    for (uint32_t c : counts) copy->data()[gpos_at + c] = copy->data()[gpos_at + c + 1] = 0;
    struct Tables {
        hb_face_t* full;
        hb_blob_t* gpos;
    };
    auto* t = new Tables{hb_face_reference(full_face_),
                         hb_blob_create(reinterpret_cast<const char*>(copy->data() + gpos_at), unsigned(gpos.size()),
                                        HB_MEMORY_MODE_READONLY, nullptr, nullptr)};
    hb_face_t* face = hb_face_create_for_tables(
        [](hb_face_t*, hb_tag_t tag, void* p) -> hb_blob_t* {
            auto* tables = static_cast<Tables*>(p);
            if (tag == HB_TAG('G', 'P', 'O', 'S')) return hb_blob_reference(tables->gpos);
            return hb_face_reference_table(tables->full, tag);
        },
        t,
        [](void* p) {
            auto* tables = static_cast<Tables*>(p);
            hb_blob_destroy(tables->gpos);
            hb_face_destroy(tables->full);
            delete tables;
        });
    hb_face_set_index(face, face_index_);
    hb_face_set_upem(face, unsigned(upem_));
    hb_face_set_glyph_count(face, hb_face_get_glyph_count(full_face_));
    lite_mapping_ = std::move(copy);
    return face;
}

hb_font_t* Font::hb_full() const {
    prepare_shaping();  // hb() is this same font when no face without mark lookups was made
    return hb_face_ ? full_font_ : hb_font_;
}

// Asked for when drawn, not at load: HarfBuzz reads it from 'post', whose first use indexes
// every glyph name (0.1 M instructions for a Gentium face). HarfBuzz caches that per face.
float Font::underline_thickness() const {
    const std::string v = answer("underline", [&] {
        std::string s;
        hb_position_t size = 0;
        put_f32(s, hb_ot_metrics_get_position(full(), HB_OT_METRICS_TAG_UNDERLINE_SIZE, &size) && size > 0
                       ? float(size) / upem_ : 0.05f);
        return s;
    });
    ByteReader r(v);
    const float t = read_f32(r);
    return r.ok() && sane_em(t) && t > 0 ? t : 0.05f;
}

Font::~Font() {
    if (full_font_) hb_font_destroy(full_font_);
    if (hb_font_) hb_font_destroy(hb_font_);
    if (hb_face_) hb_face_destroy(hb_face_);
    if (full_face_) hb_face_destroy(full_face_);
}

// Not std::call_once, for the reason given at full().
std::span<const unsigned char> Font::data() const {
    if (!mapped_.load(std::memory_order_acquire)) {
        std::lock_guard lock(mapping_mutex_);
        if (!mapped_.load(std::memory_order_relaxed)) {
            auto m = map_file(path_);
            // What the stores answered came from the file as it was when this font was
            // loaded; a file replaced since (in a long batch) must not be mixed in.
            if (!stamp_.empty() && font_stamp(path_, face_index_) != stamp_)
                throw Error("font '" + path_ + "' changed while cvpdf was using it; run again");
            mapping_ = std::move(m);
            mapped_.store(true, std::memory_order_release);
        }
    }
    auto m = static_cast<const MappedFile*>(mapping_.get());
    return {m->data(), m->size()};
}

uint32_t Font::nominal_glyph(char32_t cp) const {
    const std::string v = answer(key_of('c', uint32_t(cp)), [&] {
        hb_codepoint_t g = 0;
        if (!hb_font_get_nominal_glyph(full(), cp, &g)) g = 0;
        return u32_bytes(g);
    });
    ByteReader r(v);
    const uint32_t g = r.u32();
    return r.ok() && g < num_glyphs_ ? g : 0;
}

void Font::glyph_extents(uint32_t gid, float& top, float& bottom) const {
    const std::string v = answer(key_of('e', gid), [&] {
        std::string s;
        hb_glyph_extents_t e{};
        if (hb_font_get_glyph_extents(full(), gid, &e)) {
            put_f32(s, float(e.y_bearing) / upem_);
            put_f32(s, float(-(e.y_bearing + e.height)) / upem_);
        }
        return s;  // empty: HarfBuzz knows no extents for it
    });
    ByteReader r(v);
    top = read_f32(r);
    bottom = read_f32(r);
    if (!r.ok() || !sane_em(top) || !sane_em(bottom)) top = ascender_, bottom = -descender_;
}

float Font::advance(uint32_t gid) const {
    const std::string v = answer(key_of('a', gid), [&] {
        std::string s;
        put_f32(s, float(hb_font_get_glyph_h_advance(full(), gid)) / upem_);
        return s;
    });
    ByteReader r(v);
    const float a = read_f32(r);
    return r.ok() && sane_em(a) ? a : 0;
}

std::vector<uint32_t> Font::vertical_variants(uint32_t gid) const {
    const std::string v = answer(key_of('v', gid), [&] {
        std::string s;
        if (!has_math_) return s;
        hb_ot_math_glyph_variant_t vars[16];
        unsigned count = 16;
        hb_ot_math_get_glyph_variants(full(), gid, HB_DIRECTION_BTT, 0, &count, vars);
        for (unsigned k = 0; k < count; ++k) put_u32(s, vars[k].glyph);
        return s;
    });
    std::vector<uint32_t> out;
    ByteReader r(v);
    for (size_t k = 0; k < v.size() / 4 && k < 16; ++k)
        if (uint32_t g = r.u32(); g < num_glyphs_) out.push_back(g);
    return out;
}

float Font::math_constant(int constant, float fallback) const {
    if (!has_math_ || constant < 0 || size_t(constant) >= math_constants_.size()) return fallback;
    return float(math_constants_[size_t(constant)]) / upem_;
}

bool Font::has_feature(const char tag[4]) const {
    hb_tag_t t = HB_TAG(tag[0], tag[1], tag[2], tag[3]);
    hb_face_t* face = hb_font_get_face(hb());
    for (hb_tag_t table : {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS}) {
        unsigned idx;
        if (hb_ot_layout_language_find_feature(face, table, 0, HB_OT_LAYOUT_DEFAULT_LANGUAGE_INDEX, t, &idx))
            return true;
        // Fonts often list features under a script other than the first; search them all.
        unsigned n = hb_ot_layout_table_get_feature_tags(face, table, 0, nullptr, nullptr);
        std::vector<hb_tag_t> tags(n);
        hb_ot_layout_table_get_feature_tags(face, table, 0, &n, tags.data());
        for (auto x : tags)
            if (x == t) return true;
    }
    return false;
}

std::shared_ptr<const Font> FontCache::load(const std::string& path, unsigned face_index) {
    std::string key = path + '#' + std::to_string(face_index);
    std::lock_guard lock(mutex_);
    auto it = fonts_.find(key);
    if (it != fonts_.end()) return it->second;
    auto f = std::make_shared<const Font>(path, face_index, store_dir_);
    fonts_.emplace(std::move(key), f);
    return f;
}

size_t FontCache::save_store() {
    std::lock_guard lock(mutex_);
    size_t written = 0;
    for (const auto& [key, font] : fonts_)
        if (font->save_facts()) ++written;
    return written;
}

}  // namespace cvpdf::shape
