// Fuzz the readers of the cache folder's files (src/base/kv_store.*), which sit in the
// user's cache folder where anything may have changed them: 'S' + bytes is an image
// (sealed by the harness, lengths and CRC-32 set right, so that the fuzzer reaches the
// structure checks behind the checksum) whose values are decoded as the shape store's
// glyphs; 'P' + bytes is a subset store value (src/pdf/subset_store.*).
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

void subset_program(const uint8_t* data, size_t size) {
    const auto p = pdf::decode_program(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!p) return;
    for (uint32_t g : p->new_gid)
        if (g > 0xFFFF) abort();
    if (p->flated.empty()) abort();
    if (pdf::encode_program(*p) != std::string_view(reinterpret_cast<const char*>(data), size)) abort();  // round trip
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    if (data[0] == 'S') kv_image(data + 1, size - 1);
    if (data[0] == 'P') subset_program(data + 1, size - 1);
    return 0;
}
