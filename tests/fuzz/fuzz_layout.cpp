// Fuzz the layout-spec loader: TOML text → style::LayoutSpec (lengths, colours, fonts, extends).
#include "fuzz_common.hpp"
#include "style/layout_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64 * 1024) return -1;
    cvpdf::fuzz::expect_only_errors(
        [&] { (void)cvpdf::style::load_layout_string(cvpdf::fuzz::as_text(data, size), "fuzz-layout.toml"); });
    return 0;
}
