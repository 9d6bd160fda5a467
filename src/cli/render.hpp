// One job: data file + layout → PDF bytes (in memory; nothing is written here).
#pragma once
#include <string>
#include <vector>

#include "layout/context.hpp"

namespace cvpdf::cli {

struct RenderRequest {
    std::string data_path;
    std::string layout = "classic";  // built-in name or path
};

struct RenderOutput {
    std::vector<unsigned char> pdf;
    std::vector<std::string> warnings;
    size_t pages = 0;
};

// Throws cvpdf::Error (input problems) with file:line:col.
RenderOutput render(const RenderRequest& req, layout::Resources& res);

// Seconds from SOURCE_DATE_EPOCH, or -1 when unset (then the PDF carries no dates, so the
// same input always gives the same bytes). Throws on a malformed value.
int64_t source_date_epoch();

}  // namespace cvpdf::cli
