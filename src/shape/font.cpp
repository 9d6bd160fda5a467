#include "shape/font.hpp"

#include <cerrno>
#include <cstring>
#include <vector>
#include <hb-ot.h>
#include <hb.h>

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

Font::Font(const std::string& path, unsigned face_index) : path_(path), face_index_(face_index) {
    auto m = map_file(path);
    mapping_ = m;
    hb_blob_t* blob = hb_blob_create_or_fail(reinterpret_cast<const char*>(m->data()), unsigned(m->size()),
                                             HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    if (!blob) throw Error("cannot load font '" + path + "'");
    unsigned faces = hb_face_count(blob);
    if (faces == 0) {
        hb_blob_destroy(blob);
        throw Error("'" + path + "' is not a font file (no OpenType/TrueType face found)");
    }
    if (face_index >= faces) {
        hb_blob_destroy(blob);
        throw Error("font '" + path + "' has no face " + std::to_string(face_index));
    }
    if (std::string bad = table_past_end(m->data(), m->size(), face_index); !bad.empty()) {
        hb_blob_destroy(blob);
        throw Error("font '" + path + "' is corrupt: its '" + bad + "' extends past the end of the file (truncated?)");
    }
    full_face_ = hb_face_create(blob, face_index);
    hb_blob_destroy(blob);
    upem_ = float(hb_face_get_upem(full_face_));
    const unsigned glyphs = hb_face_get_glyph_count(full_face_);
    if (glyphs == 0 || upem_ < 16) {
        hb_face_destroy(full_face_);
        throw Error("'" + path + "' is not a usable font (no glyphs)");
    }

    num_glyphs_ = glyphs;
    full_font_ = font_of(full_face_);
    hb_font_extents_t ext{};
    if (hb_font_get_h_extents(full_font_, &ext)) {
        ascender_ = float(ext.ascender) / upem_;
        descender_ = float(ext.descender) / upem_;
    }
    hb_position_t v = 0;
    if (hb_ot_metrics_get_position(full_font_, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0) cap_height_ = float(v) / upem_;
    if (hb_ot_metrics_get_position(full_font_, HB_OT_METRICS_TAG_X_HEIGHT, &v) && v > 0) x_height_ = float(v) / upem_;
}

// The shaping face is made when the first word is shaped, not at load: a render whose words
// all come from the shape store (shape_store.hpp) never reads the font's layout tables.
void Font::prepare_shaping() const {
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
    hb_font_set_scale(f, int(upem_), int(upem_));
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
    hb_position_t v = 0;
    if (hb_ot_metrics_get_position(full_font_, HB_OT_METRICS_TAG_UNDERLINE_SIZE, &v) && v > 0) return float(v) / upem_;
    return 0.05f;
}

Font::~Font() {
    if (full_font_) hb_font_destroy(full_font_);
    if (hb_font_) hb_font_destroy(hb_font_);
    if (hb_face_) hb_face_destroy(hb_face_);
    if (full_face_) hb_face_destroy(full_face_);
}

std::span<const unsigned char> Font::data() const {
    auto m = static_cast<const MappedFile*>(mapping_.get());
    return {m->data(), m->size()};
}

bool Font::has_codepoint(char32_t cp) const {
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(full_font_, cp, &g);
}

void Font::glyph_extents(uint32_t gid, float& top, float& bottom) const {
    hb_glyph_extents_t e{};
    if (!hb_font_get_glyph_extents(full_font_, gid, &e)) {
        top = ascender_;
        bottom = -descender_;
        return;
    }
    top = float(e.y_bearing) / upem_;
    bottom = float(-(e.y_bearing + e.height)) / upem_;
}

float Font::math_constant(int constant, float fallback) const {
    if (!hb_ot_math_has_data(full_face_)) return fallback;
    return float(hb_ot_math_get_constant(full_font_, hb_ot_math_constant_t(constant))) / upem_;
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
    auto f = std::make_shared<const Font>(path, face_index);
    fonts_.emplace(std::move(key), f);
    return f;
}

}  // namespace cvpdf::shape
