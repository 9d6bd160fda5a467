// Fuzz the shape store's image reader (src/shape/shape_store.*): image files sit in the
// user's cache folder, where anything may have changed them. The harness seals each input
// (body length and CRC-32 set right), so the fuzzer reaches the structure checks behind them.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "shape/shape_store.hpp"

using namespace cvpdf::shape;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string image("CVSHAPE1\x04\0\0\0fuzz", 16);
    image.append(reinterpret_cast<const char*>(data), size);
    seal_shape_image(image);
    const ShapeImage img = ShapeImage::parse(image, "fuzz");
    std::vector<std::string> keys;
    img.each([&](std::string_view key, std::vector<RawGlyph> glyphs, bool used) {
        if (used) abort();  // nothing was looked up yet
        keys.emplace_back(key);
        (void)glyphs;
    });
    std::vector<RawGlyph> out;
    for (const std::string& k : keys)
        if (!img.find(k, out)) abort();  // every stored key is found
    img.find("not a stored key \x01", out);
    return 0;
}
