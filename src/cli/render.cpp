#include "cli/render.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "layout/cv_layout.hpp"
#include "model/cv.hpp"
#include "pdf/pdf_writer.hpp"
#include "style/layout_spec.hpp"

namespace cvpdf::cli {

int64_t source_date_epoch() {
    const char* s = std::getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s) return -1;
    int64_t v = 0;
    auto r = std::from_chars(s, s + std::strlen(s), v);
    if (r.ec != std::errc() || *r.ptr != 0 || v < 0)
        throw Error(std::string("SOURCE_DATE_EPOCH must be a non-negative integer, not \"") + s + "\"");
    return v;
}

RenderOutput render(const RenderRequest& req, layout::Resources& res) {
    model::Cv cv = model::load_cv_file(req.data_path);
    style::LayoutSpec spec = style::load_layout(req.layout);
    layout::LayoutResult lr = layout::layout_cv(cv, spec, res);
    lr.doc.meta.creator = "cvpdf " CVPDF_VERSION;
    lr.doc.meta.producer = "cvpdf " CVPDF_VERSION " (HarfBuzz, libharu)";
    lr.doc.meta.timestamp = source_date_epoch();
    RenderOutput out;
    out.pages = lr.doc.pages.size();
    out.pdf = pdf::write_pdf(lr.doc);
    out.warnings = std::move(lr.warnings);
    return out;
}

}  // namespace cvpdf::cli
