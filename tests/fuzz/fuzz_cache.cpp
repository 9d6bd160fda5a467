// Fuzz the readers of the cache folder's images: the shape store's (src/shape/shape_store.*)
// and the subset store's (src/pdf/subset_store.*). The files sit in the user's cache folder,
// where anything may have changed them. The first byte picks the reader ('S' or 'P'); the
// harness seals each input (lengths and CRC-32 set right) so that the fuzzer reaches the
// structure checks behind the checksum.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "pdf/subset_store.hpp"
#include "shape/shape_store.hpp"

using namespace cvpdf;

namespace {

void shape_image(const uint8_t* data, size_t size) {
    std::string image("CVSHAPE1\x04\0\0\0fuzz", 16);
    image.append(reinterpret_cast<const char*>(data), size);
    shape::seal_shape_image(image);
    const shape::ShapeImage img = shape::ShapeImage::parse(image, "fuzz");
    std::vector<std::string> keys;
    img.each([&](std::string_view key, std::vector<shape::RawGlyph> glyphs, bool used) {
        if (used) abort();  // nothing was looked up yet
        keys.emplace_back(key);
        (void)glyphs;
    });
    std::vector<shape::RawGlyph> out;
    for (const std::string& k : keys)
        if (!img.find(k, out)) abort();  // every stored key is found
    img.find("not a stored key \x01", out);
}

void subset_image(const uint8_t* data, size_t size) {
    std::string image("CVSUBST1\0\0\0\0\x03\0\0\0key", 19);
    image.append(reinterpret_cast<const char*>(data), size);
    pdf::seal_subset_image(image);
    const auto p = pdf::parse_subset_image(image, "key");
    if (!p) return;
    for (uint32_t g : p->new_gid)
        if (g > 0xFFFF) abort();
    if (p->flated.empty()) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    if (data[0] == 'S') shape_image(data + 1, size - 1);
    if (data[0] == 'P') subset_image(data + 1, size - 1);
    return 0;
}
