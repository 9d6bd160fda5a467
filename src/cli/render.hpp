// One job: data file + layout (+ variant, + overrides) → PDF bytes (in memory; nothing is
// written here).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "layout/context.hpp"
#include "model/cv.hpp"
#include "pdf/font_subset.hpp"
#include "style/layout_spec.hpp"

namespace cvpdf::cli {

struct RenderRequest {
    std::string data_path;
    std::string layout;                  // built-in name or path; "" = the variant's, else "classic"
    std::string variant;                 // "" = the whole CV
    std::vector<style::Override> sets;   // --set, applied after the variant's `set`
    bool check_only = false;             // load, validate and lay out, but make no PDF
    pdf::PreparedFaces* fonts = nullptr;  // batches: faces prepared once for subsetting (shared)
    // Keep subset font programs in the cache folder (pdf/subset_store.hpp): for single
    // renders and --watch, not batches, whose many glyph sets would only churn it.
    bool store_subsets = false;
};

struct RenderOutput {
    std::vector<unsigned char> pdf;
    std::vector<std::string> warnings;
    size_t pages = 0;
    std::vector<std::string> inputs;  // files read besides the data file: layout, fonts (for --watch)
};

// The caches one process shares between its renders: fonts, shaped words, and the stores
// in the cache folder (default_cache_dir(); none when caching is off).
// `paragraphs`: the paragraph store too (layout/para_store.hpp), for single renders.
std::unique_ptr<layout::Resources> make_resources(bool paragraphs);

// Throws cvpdf::Error (input problems) with file:line:col.
RenderOutput render(const RenderRequest& req, layout::Resources& res);

// The CV after the request's variant, and the layout with its overrides.
struct Prepared {
    model::Cv cv;
    style::LayoutSpec spec;
    std::string layout;  // the layout name or path used
};
Prepared prepare(model::Cv cv, const RenderRequest& req);
// Files a render read besides the data file: the layout file (and what it extends), fonts.
std::vector<std::string> layout_inputs(const Prepared& p);

// Seconds from SOURCE_DATE_EPOCH, or -1 when unset (then the PDF carries no dates, so the
// same input always gives the same bytes). Throws on a malformed value.
int64_t source_date_epoch();

}  // namespace cvpdf::cli
