// Fuzz the whole render in-process: data TOML → model → layout ("classic") → pages → PDF.
// One layout::Resources is shared across iterations, as the CLI shares it across jobs.
#include <memory>

#include "fuzz_common.hpp"
#include "layout/cv_layout.hpp"
#include "model/cv.hpp"
#include "pdf/pdf_writer.hpp"
#include "style/layout_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Keep iterations fast: a CV is small; the 10,000-entry case is an e2e test.
    if (size > 16 * 1024) return -1;
    static auto* res = new cvpdf::layout::Resources();
    static auto* spec = new cvpdf::style::LayoutSpec(cvpdf::style::load_layout("classic"));
    cvpdf::fuzz::expect_only_errors([&] {
        cvpdf::model::Cv cv = cvpdf::model::load_cv_string(cvpdf::fuzz::as_text(data, size), "fuzz.toml");
        cvpdf::layout::LayoutResult lr = cvpdf::layout::layout_cv(cv, *spec, *res);
        auto pdf = cvpdf::pdf::write_pdf(lr.doc);
        if (pdf.size() < 8) __builtin_trap();
    });
    return 0;
}
