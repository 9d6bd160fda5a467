#include "cli/render.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "import/import.hpp"
#include "layout/cv_layout.hpp"
#include "model/cv.hpp"
#include "base/disk_cache.hpp"
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

std::unique_ptr<layout::Resources> make_resources(bool paragraphs) {
    auto res = std::make_unique<layout::Resources>();
    res->use_stores(default_cache_dir());
    if (paragraphs) res->use_paragraph_store(default_cache_dir());
    return res;
}

RenderOutput render(const RenderRequest& req, layout::Resources& res) {
    std::vector<std::string> import_warnings;  // unknown fields of a JSON Resume file
    model::Cv cv = cvpdf::import::load_cv_any(req.data_path, &import_warnings);
    Prepared p = prepare(std::move(cv), req);
    layout::LayoutResult lr = layout::layout_cv(p.cv, p.spec, res);
    RenderOutput out;
    out.inputs = layout_inputs(p);
    out.pages = lr.doc.pages.size();
    out.warnings = std::move(lr.warnings);
    for (auto& w : import_warnings) w = req.data_path + ": warning: " + w;
    out.warnings.insert(out.warnings.begin(), import_warnings.begin(), import_warnings.end());
    if (req.check_only) return out;
    lr.doc.meta.creator = "cvpdf " CVPDF_VERSION;
    lr.doc.meta.producer = "cvpdf " CVPDF_VERSION " (HarfBuzz, libharu)";
    lr.doc.meta.timestamp = source_date_epoch();
    pdf::WriteOptions wo;
    wo.prepared = req.fonts;
    if (req.store_subsets) wo.subset_store = default_cache_dir();
    out.pdf = pdf::write_pdf(lr.doc, wo);
    return out;
}

}  // namespace cvpdf::cli
