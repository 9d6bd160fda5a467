// Fuzz the inline markup and TeX-math parser on raw strings (as a TOML value would hold
// them), including the plain-text rendering and position mapping used in diagnostics.
#include "fuzz_common.hpp"
#include "model/cv.hpp"
#include "style/markup.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 16 * 1024) return -1;
    cvpdf::model::Text text;
    text.src.assign(reinterpret_cast<const char*>(data), size);
    text.pos = {"fuzz.toml", 3, 9};
    cvpdf::fuzz::expect_only_errors([&] {
        auto spans = cvpdf::style::parse_inline(text);
        (void)cvpdf::style::plain_text(spans);
        for (const auto& s : spans) (void)cvpdf::style::position_at(text, s.src_offset);
    });
    (void)cvpdf::model::text_position(text, size / 2);
    return 0;
}
