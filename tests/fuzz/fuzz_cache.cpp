// Fuzz the readers of the cache folder's images: the key → value images of the shape and
// hyphenation stores (src/base/kv_store.*, glyphs decoded as the shape store does) and the
// subset store's (src/pdf/subset_store.*). The files sit in the user's cache folder,
// where anything may have changed them. The first byte picks the reader ('S' or 'P'); the
// harness seals each input (lengths and CRC-32 set right) so that the fuzzer reaches the
// structure checks behind the checksum.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/kv_store.hpp"
#include "pdf/subset_store.hpp"
#include "shape/shape_store.hpp"

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
    if (data[0] == 'S') kv_image(data + 1, size - 1);
    if (data[0] == 'P') subset_image(data + 1, size - 1);
    return 0;
}
