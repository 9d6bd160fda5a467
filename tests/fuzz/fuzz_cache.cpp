// Fuzz the readers of the cache folder's files (src/base/kv_store.*), which sit in the
// user's cache folder where anything may have changed them: 'S' + bytes is an image
// (sealed by the harness, lengths and CRC-32 set right, so that the fuzzer reaches the
// structure checks behind the checksum) whose values are decoded as the shape store's
// glyphs; 'P' + bytes is a subset store value (src/pdf/subset_store.*); 'F' + bytes is a
// font's facts image (src/shape/font.*), sealed likewise, which a Font then answers from;
// 'Z' + bytes is a flate store image (src/pdf/flate_store.*), sealed likewise, whose keys
// must still come out as zlib streams that inflate back to them; 'L' + bytes is a stored
// paragraph (src/layout/para_store.*), which must decode whole and encode back to the same
// bytes, or not at all.
#include <libdeflate.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/kv_store.hpp"
#include "layout/para_store.hpp"
#include "pdf/flate.hpp"
#include "pdf/flate_store.hpp"
#include "pdf/subset_store.hpp"
#include "shape/font.hpp"
#include "shape/shape_store.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;

namespace {

void kv_image(const uint8_t* data, size_t size) {
    std::string image("CVSHAPE2\x04\0\0\0fuzz", 16);
    image.append(reinterpret_cast<const char*>(data), size);
    seal_kv_image(image);
    const KvImage img = KvImage::parse(image, shape::ShapeStore::kMagic, "fuzz");
    std::vector<std::string> keys;
    std::vector<shape::RawGlyph> glyphs;
    img.each([&](std::string_view key, std::string_view value, bool used) {
        if (used) abort();  // nothing was looked up yet
        keys.emplace_back(key);
        if (shape::decode_glyphs(value, glyphs) && glyphs.size() * 20 != value.size()) abort();
    });
    for (const std::string& k : keys)
        if (!img.find(k)) abort();  // every stored key is found
    img.find("not a stored key \x01");
}

void subset_program(const uint8_t* data, size_t size) {
    const auto p = pdf::decode_program(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!p) return;
    for (uint32_t g : p->new_gid)
        if (g > 0xFFFF) abort();
    if (p->flated.empty()) abort();
    if (pdf::encode_program(*p) != std::string_view(reinterpret_cast<const char*>(data), size)) abort();  // round trip
}

void stored_paragraph(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    layout::StoredParagraph p;
    if (!layout::decode_paragraph(bytes, p)) return;
    for (const auto& line : p.lines)
        for (const auto& run : line.runs)
            if (run.font >= p.fonts.size()) abort();
    if (layout::encode_paragraph(p) != bytes) abort();  // every byte was read, and read right
}

// A folder of this process for one store's file.
std::filesystem::path scratch_dir(const char* store) {
    auto dir = std::filesystem::temp_directory_path() /
               ("cvpdf-fuzz-" + std::string(store) + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

// Writes `store`'s file for `stamp` into `dir`: the magic, the stamp's length and the stamp,
// then the fuzzer's bytes, sealed (lengths and CRC-32 set right). Returns the image.
std::string store_file(const std::filesystem::path& dir, const char* store, std::string_view magic,
                       const std::string& stamp, const uint8_t* data, size_t size) {
    std::string image(magic);
    const uint32_t n = uint32_t(stamp.size());
    image.append(reinterpret_cast<const char*>(&n), 4);
    image += stamp;
    image.append(reinterpret_cast<const char*>(data), size);
    seal_kv_image(image);
    std::ofstream(KvFile::path_for(dir, store, stamp), std::ios::binary | std::ios::trunc) << image;
    return image;
}

// Whatever the facts file says, a font answers with finite lengths and glyph ids it has.
void font_facts(const uint8_t* data, size_t size) {
    static const std::string font = cvpdf::style::default_fonts_dir() + "/LatinModernMath.otf";
    static const std::string stamp = shape::font_stamp(font, 0);
    static const std::filesystem::path dir = scratch_dir("facts");
    store_file(dir, "facts", shape::Font::kFactsMagic, stamp, data, size);
    const shape::Font f(font, 0, dir);
    auto finite = [](float v) {
        if (!std::isfinite(v)) abort();
    };
    for (float v : {f.units_per_em(), f.ascender(), f.descender(), f.cap_height(), f.x_height(),
                    f.underline_thickness(), f.math_constant(0, 0), f.math_constant(55, 0)})
        finite(v);
    for (char32_t cp : {U'x', U'\u221A', U'\u2211'})
        if (f.nominal_glyph(cp) >= f.num_glyphs()) abort();
    for (uint32_t g : {0u, 1u, 5u, f.nominal_glyph(U'\u221A')}) {
        float top, bottom;
        f.glyph_extents(g, top, bottom);
        finite(top), finite(bottom), finite(f.advance(g));
        for (uint32_t v : f.vertical_variants(g))
            if (v >= f.num_glyphs()) abort();
    }
}

// Whatever the flate store's file holds, a stream comes out as one that inflates to itself.
void flate_store(const uint8_t* data, size_t size) {
    static const std::string stamp = pdf::FlateStore::stamp();
    static const std::filesystem::path dir = scratch_dir("flate");
    const std::string image = store_file(dir, "flate", pdf::FlateStore::kMagic, stamp, data, size);
    std::vector<std::string> keys;
    KvImage::parse(image, pdf::FlateStore::kMagic, stamp).each([&](std::string_view key, std::string_view, bool) {
        keys.emplace_back(key);
    });
    keys.emplace_back("not stored");
    pdf::FlateStore store(dir);
    static libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    std::string back;
    for (const std::string& k : keys) {
        const std::vector<unsigned char> z = store.flate(k.data(), k.size());
        back.assign(k.size() + 1, '\0');
        size_t n = 0;
        if (libdeflate_zlib_decompress(d, z.data(), z.size(), back.data(), back.size(), &n) != LIBDEFLATE_SUCCESS ||
            back.compare(0, n, k) != 0 || n != k.size())
            abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    if (data[0] == 'S') kv_image(data + 1, size - 1);
    if (data[0] == 'P') subset_program(data + 1, size - 1);
    if (data[0] == 'F') font_facts(data + 1, size - 1);
    if (data[0] == 'Z') flate_store(data + 1, size - 1);
    if (data[0] == 'L') stored_paragraph(data + 1, size - 1);
    return 0;
}
