#include "pdf/font_subset.hpp"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

#include "base/error.hpp"
#include "pdf/flate.hpp"
#include "pdf/pdf_format.hpp"
#include "pdf/subset_store.hpp"

namespace cvpdf::pdf {
namespace {

template <typename T, void (*Destroy)(T*)>
struct HbDeleter {
    void operator()(T* p) const { Destroy(p); }
};
using BlobPtr = std::unique_ptr<hb_blob_t, HbDeleter<hb_blob_t, hb_blob_destroy>>;
using FacePtr = std::unique_ptr<hb_face_t, HbDeleter<hb_face_t, hb_face_destroy>>;
using FontPtr = std::unique_ptr<hb_font_t, HbDeleter<hb_font_t, hb_font_destroy>>;
using InputPtr = std::unique_ptr<hb_subset_input_t, HbDeleter<hb_subset_input_t, hb_subset_input_destroy>>;
using PlanPtr = std::unique_ptr<hb_subset_plan_t, HbDeleter<hb_subset_plan_t, hb_subset_plan_destroy>>;

bool has_table(hb_face_t* face, hb_tag_t tag) {
    BlobPtr b(hb_face_reference_table(face, tag));
    return hb_blob_get_length(b.get()) > 0;
}

// Big-endian reads from a table blob; 0 when out of range.
int read_i16(hb_blob_t* b, unsigned off) {
    unsigned len;
    const auto* d = reinterpret_cast<const unsigned char*>(hb_blob_get_data(b, &len));
    if (!d || off + 2 > len) return 0;
    return int16_t(uint16_t(d[off] << 8 | d[off + 1]));
}
uint32_t read_u32(hb_blob_t* b, unsigned off) {
    unsigned len;
    const auto* d = reinterpret_cast<const unsigned char*>(hb_blob_get_data(b, &len));
    if (!d || off + 4 > len) return 0;
    return uint32_t(d[off]) << 24 | uint32_t(d[off + 1]) << 16 | uint32_t(d[off + 2]) << 8 | d[off + 3];
}

unsigned read_u16(hb_blob_t* b, unsigned off) { return uint16_t(read_i16(b, off)); }

// The PostScript name (name ID 6) straight from the name table, which the OpenType spec
// has the same on every platform: Windows Unicode first, then Mac Roman, then Unicode.
// HarfBuzz's own lookup first sorts every record of the table (60 k instructions for a
// Gentium face); it stays the fallback for a table this does not read.
std::string name_id6(hb_blob_t* name) {
    unsigned len;
    const auto* d = reinterpret_cast<const unsigned char*>(hb_blob_get_data(name, &len));
    if (!d || len < 6) return {};
    const unsigned count = read_u16(name, 2), strings = read_u16(name, 4);
    for (auto [platform, encoding] : {std::pair(3u, 1u), std::pair(3u, 10u), std::pair(1u, 0u), std::pair(0u, ~0u)})
        for (unsigned i = 0; i < count && 6 + 12 * (i + 1) <= len; ++i) {
            const unsigned rec = 6 + 12 * i;
            if (read_u16(name, rec + 6) != 6 || read_u16(name, rec) != platform) continue;
            if (encoding != ~0u && read_u16(name, rec + 2) != encoding) continue;
            const unsigned size = read_u16(name, rec + 8), at = strings + read_u16(name, rec + 10);
            if (at + size > len) continue;
            std::string out;
            if (platform == 1) {
                out.assign(reinterpret_cast<const char*>(d + at), size);
            } else {  // UTF-16BE; a PostScript name is ASCII, anything else is dropped below
                for (unsigned k = 0; k + 1 < size; k += 2) out += d[at + k] == 0 ? char(d[at + k + 1]) : '\x7f';
            }
            if (!out.empty()) return out;
        }
    return {};
}

std::string postscript_name(hb_face_t* face) {
    BlobPtr table(hb_face_reference_table(face, HB_TAG('n', 'a', 'm', 'e')));
    std::string raw = name_id6(table.get());
    if (raw.empty()) {
        char buf[128];
        unsigned len = sizeof buf;
        hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, buf);
        raw.assign(buf, strnlen(buf, len));
    }
    std::string name;
    for (unsigned char c : raw) {
        // PostScript names are printable ASCII without PDF delimiters or spaces.
        if (c > 32 && c < 127 && !std::strchr("()<>[]{}/%#", c)) name += char(c);
    }
    if (name.size() > 127) name.resize(127);  // as HarfBuzz's 128-byte buffer cut it
    if (name.empty()) name = "Font";
    return name;
}

[[noreturn]] void fail(const page::FontResource& font, const std::string& what) {
    throw Error("PDF: cannot embed font '" + font.path + "': " + what);
}

// What every subset keeps: no hinting, no layout or other tables a PDF viewer never reads.
// No cmap either: the fonts are CIDFonts, whose glyphs are chosen by the CIDToGIDMap (TrueType)
// or by CID (CFF), and ISO 32000-1 §9.9 asks for a cmap only in a TrueType program used as a
// simple font; Prince and PDFKit embed without one too. Extraction goes through ToUnicode.
// OS/2 stays (some Windows rasterisers refuse a TrueType font without it), with the source's
// Unicode ranges: the subset has no characters to prune them by (see subset_source).
InputPtr subset_input() {
    InputPtr input(hb_subset_input_create_or_fail());
    if (!input) return input;
    hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES);
    hb_set_t* drop = hb_subset_input_set(input.get(), HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (hb_tag_t t : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
                       HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
                       HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('S', 'T', 'A', 'T'),
                       HB_TAG('m', 'o', 'r', 'x'), HB_TAG('f', 'e', 'a', 't'), HB_TAG('L', 'T', 'S', 'H'),
                       HB_TAG('V', 'D', 'M', 'X'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('g', 'a', 's', 'p'),
                       HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
                       HB_TAG('m', 'e', 't', 'a'), HB_TAG('F', 'e', 'a', 't'), HB_TAG('S', 'i', 'l', 'f'),
                       HB_TAG('G', 'l', 'a', 't'), HB_TAG('G', 'l', 'o', 'c'), HB_TAG('S', 'i', 'l', 'l'),
                       HB_TAG('c', 'm', 'a', 'p')})
        hb_set_add(drop, t);
    return input;
}

hb_blob_t* table_but_cmap(hb_face_t*, hb_tag_t tag, void* face) {
    if (tag == HB_TAG('c', 'm', 'a', 'p')) return hb_blob_get_empty();
    return hb_face_reference_table(static_cast<hb_face_t*>(face), tag);
}

// The face hb-subset works from: the font without its cmap. The glyphs to keep are given by
// id and the subset gets no cmap, yet given one, hb-subset 6.0 maps every character of the
// source cmap before it looks at the glyphs: 60 % of subsetting Gentium to a CV's glyphs.
FacePtr subset_source(hb_blob_t* blob, unsigned index) {
    FacePtr real(hb_face_create(blob, index));
    hb_face_t* view = hb_face_create_for_tables(table_but_cmap, hb_face_reference(real.get()),
                                                [](void* f) { hb_face_destroy(static_cast<hb_face_t*>(f)); });
    hb_face_set_index(view, index);
    hb_face_set_upem(view, hb_face_get_upem(real.get()));
    hb_face_set_glyph_count(view, hb_face_get_glyph_count(real.get()));
    return FacePtr(view);
}

}  // namespace

struct PreparedFaces::Impl {
    using Key = std::tuple<const void*, size_t, unsigned>;
    struct Entry {
        std::shared_ptr<const void> owner;  // keeps the bytes mapped, so the key stays this font's
        FacePtr face;                       // declared after `owner`: destroyed before the bytes go
    };
    std::mutex mu;
    std::map<Key, Entry> entries;
};

PreparedFaces::PreparedFaces() : impl_(new Impl) {}
PreparedFaces::~PreparedFaces() = default;

size_t PreparedFaces::size() const {
    std::lock_guard<std::mutex> lock(impl_->mu);
    return impl_->entries.size();
}

// Preparing holds the lock: in a batch, every job's first subset needs the same faces anyway.
static FacePtr face_for(PreparedFaces::Impl* impl, const page::FontResource& font,
                        std::span<const unsigned char> bytes, hb_blob_t* blob) {
    // Without an owner nothing keeps the bytes at that address: no entry may point at them.
    if (!impl || !font.owner) return subset_source(blob, font.face_index);
    std::lock_guard<std::mutex> lock(impl->mu);
    auto& e = impl->entries[{bytes.data(), bytes.size(), font.face_index}];
    if (!e.face) {
        FacePtr fresh = subset_source(blob, font.face_index);
        e.owner = font.owner;
        e.face.reset(hb_subset_preprocess(fresh.get()));
        // One subset while still alone with the face: its lazily loaded tables are then
        // loaded before threads share it. (Two threads loading one at the same moment leaked
        // a blob in HarfBuzz 6.0 — LeakSanitizer, batches with -j 2.)
        if (InputPtr warm = subset_input()) {
            hb_set_add(hb_subset_input_glyph_set(warm.get()), 0);
            PlanPtr plan(hb_subset_plan_create_or_fail(e.face.get(), warm.get()));
            FacePtr done(plan ? hb_subset_plan_execute_or_fail(plan.get()) : nullptr);
        }
    }
    return FacePtr(hb_face_reference(e.face.get()));
}

const unsigned char* SubsetFont::data() const {
    unsigned len;
    return reinterpret_cast<const unsigned char*>(hb_blob_get_data(program.get(), &len));
}
size_t SubsetFont::size() const { return hb_blob_get_length(program.get()); }

namespace {

// The descriptor of `face`, as a PDF font descriptor has it.
FontDescriptor describe(hb_face_t* face, hb_font_t* hbfont, double k) {
    FontDescriptor d;
    d.ps_name = postscript_name(face);
    BlobPtr head(hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd')));
    for (int i = 0; i < 4; ++i) d.bbox[i] = std::round(read_i16(head.get(), 36 + 2 * i) * k);
    const int mac_style = read_i16(head.get(), 44);
    BlobPtr post(hb_face_reference_table(face, HB_TAG('p', 'o', 's', 't')));
    const bool fixed_pitch = read_u32(post.get(), 12) != 0;

    hb_position_t v;
    auto metric = [&](hb_ot_metrics_tag_t tag, double fallback) {
        return hb_ot_metrics_get_position(hbfont, tag, &v) ? std::round(v * k) : fallback;
    };
    d.ascent = metric(HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, d.bbox[3]);
    d.descent = metric(HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, d.bbox[1]);
    d.cap_height = metric(HB_OT_METRICS_TAG_CAP_HEIGHT, d.ascent);
    d.x_height = metric(HB_OT_METRICS_TAG_X_HEIGHT, std::round(d.cap_height * 0.66));
    // From post and OS/2 themselves, as hb_style_get_value has them for a font without
    // variations, which first indexes every glyph name in post (0.1 M instructions a face).
    d.italic_angle = std::round(int32_t(read_u32(post.get(), 4)) / 65536.0 * 1000) / 1000;
    BlobPtr os2(hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2')));
    const double weight = hb_blob_get_length(os2.get()) >= 6 ? read_u16(os2.get(), 4) : (mac_style & 1) ? 700 : 400;
    d.stem_v = std::round(50 + (weight / 65) * (weight / 65));  // common weight → StemV estimate
    d.flags = 4;                                                // Symbolic
    if (fixed_pitch) d.flags |= 1;
    if (d.italic_angle != 0 || (mac_style & 2)) d.flags |= 64;  // Italic
    return d;
}

size_t index_in(const std::vector<uint32_t>& gids, uint32_t gid) {
    return size_t(std::lower_bound(gids.begin(), gids.end(), gid) - gids.begin());
}

// A stored result for exactly these glyphs: no font table and no HarfBuzz call.
bool from_store(StoredProgram&& p, const std::vector<uint32_t>& gids, FontUsage& usage, SubsetFont& out) {
    if (p.new_gid.size() != gids.size()) return false;
    out.cff = p.cff;
    out.new_gid.reserve(usage.entries.size());
    for (auto& e : usage.entries) {
        const size_t i = index_in(gids, e.gid);
        out.new_gid.push_back(p.new_gid[i]);
        e.width = p.widths[i];
    }
    out.flated = std::move(p.flated);
    out.raw_size = p.raw_size;
    out.digest[0] = p.digest[0], out.digest[1] = p.digest[1];
    out.desc = std::move(p.desc);
    return true;
}

}  // namespace

SubsetFont subset_font(const page::FontResource& font, FontUsage& usage, PreparedFaces* prepared,
                       const SubsetStore* store) {
    if (font.data.empty() && !font.load) fail(font, "no font data");
    // The glyph set (with .notdef), sorted: the store's key, and the order of its values.
    std::vector<uint32_t> gids{0};
    for (const auto& e : usage.entries) gids.push_back(e.gid);
    std::sort(gids.begin(), gids.end());
    gids.erase(std::unique(gids.begin(), gids.end()), gids.end());
    std::string key;
    SubsetFont out;
    if (store && store->enabled()) {
        key = SubsetStore::key(font.path, font.face_index, gids, font.stamp);
        if (std::optional<StoredProgram> p = store->find(font.path, key); p && from_store(std::move(*p), gids, usage, out))
            return out;
    }

    const std::span<const unsigned char> bytes = font.bytes();  // the file is read here, if at all
    if (bytes.empty()) fail(font, "no font data");
    BlobPtr blob(hb_blob_create(reinterpret_cast<const char*>(bytes.data()), unsigned(bytes.size()),
                                HB_MEMORY_MODE_READONLY, nullptr, nullptr));
    FacePtr face = face_for(prepared ? prepared->impl_.get() : nullptr, font, bytes, blob.get());
    const unsigned glyph_count = hb_face_get_glyph_count(face.get());
    if (glyph_count == 0 || !has_table(face.get(), HB_TAG('h', 'e', 'a', 'd')))
        fail(font, "not a readable OpenType/TrueType face");
    if (gids.back() >= glyph_count)
        fail(font, "glyph id " + std::to_string(gids.back()) + " outside the face (" + std::to_string(glyph_count) +
                       " glyphs)");

    if (has_table(face.get(), HB_TAG('g', 'l', 'y', 'f')))
        out.cff = false;
    else if (has_table(face.get(), HB_TAG('C', 'F', 'F', ' ')))
        out.cff = true;
    else if (has_table(face.get(), HB_TAG('C', 'F', 'F', '2')))
        fail(font, "CFF2 outlines are not supported");
    else
        fail(font, "no glyf or CFF outlines");

    const double k = 1000.0 / hb_face_get_upem(face.get());
    FontPtr hbfont(hb_font_create(face.get()));  // scale = upem: font units
    // Multiples of 1/8 are exact in libharu's float reals and print with ≤ 3 decimals; the
    // content stream's TJ numbers absorb the difference.
    std::vector<double> widths(gids.size());
    for (size_t i = 0; i < gids.size(); ++i)
        widths[i] = std::round(hb_font_get_glyph_h_advance(hbfont.get(), gids[i]) * k * 8.0) / 8.0;
    for (auto& e : usage.entries) e.width = widths[index_in(gids, e.gid)];

    // --- subset ---------------------------------------------------------------------------
    // One input per thread, its glyph set refilled: making one sets up a dozen default sets
    // (36 k instructions).
    thread_local InputPtr input = subset_input();
    if (!input) fail(font, "out of memory");
    hb_set_t* glyphs = hb_subset_input_glyph_set(input.get());
    hb_set_clear(glyphs);
    for (uint32_t g : gids) hb_set_add(glyphs, g);
    PlanPtr plan(hb_subset_plan_create_or_fail(face.get(), input.get()));
    if (!plan) fail(font, "hb-subset could not plan the subset");
    const hb_map_t* old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan.get());
    std::vector<uint32_t> new_gid(gids.size());
    for (size_t i = 0; i < gids.size(); ++i) {
        new_gid[i] = hb_map_get(old_to_new, gids[i]);
        if (new_gid[i] == HB_MAP_VALUE_INVALID) fail(font, "hb-subset dropped glyph " + std::to_string(gids[i]));
    }
    out.new_gid.reserve(usage.entries.size());
    for (const auto& e : usage.entries) out.new_gid.push_back(new_gid[index_in(gids, e.gid)]);
    FacePtr sub(hb_subset_plan_execute_or_fail(plan.get()));
    if (!sub) fail(font, "hb-subset failed");
    hb_blob_t* prog = out.cff ? hb_face_reference_table(sub.get(), HB_TAG('C', 'F', 'F', ' '))
                              : hb_face_reference_blob(sub.get());
    out.program.reset(prog, hb_blob_destroy);
    if (out.size() == 0) fail(font, "hb-subset produced an empty font program");
    out.raw_size = uint32_t(out.size());
    Hash128 h;
    h.update(out.data(), out.size());
    out.digest[0] = h.lo(), out.digest[1] = h.hi();
    out.desc = describe(face.get(), hbfont.get(), k);
    if (!key.empty()) {
        StoredProgram p;
        p.cff = out.cff;
        p.raw_size = out.raw_size;
        p.digest[0] = out.digest[0], p.digest[1] = out.digest[1];
        p.new_gid = std::move(new_gid);
        p.widths = std::move(widths);
        p.desc = out.desc;
        p.flated = flate(out.data(), out.size());
        store->put(font.path, key, p);
        out.flated = std::move(p.flated);
    }
    return out;
}

}  // namespace cvpdf::pdf
