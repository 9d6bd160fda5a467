// Fuzz the CV data loader: TOML text → model::Cv (validation, dates, positions).
#include "fuzz_common.hpp"
#include "model/cv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64 * 1024) return -1;
    cvpdf::fuzz::expect_only_errors(
        [&] { (void)cvpdf::model::load_cv_string(cvpdf::fuzz::as_text(data, size), "fuzz.toml"); });
    return 0;
}
