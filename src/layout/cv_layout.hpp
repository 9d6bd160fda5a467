// The CV → positioned pages: header, sections, entries, lists and publications set in the
// layout spec's styles and flowed onto pages. The only stage that knows what a CV is
// and how it is laid out; it never touches PDF.
#pragma once
#include <string>
#include <vector>

#include "layout/context.hpp"
#include "model/cv.hpp"
#include "page/page.hpp"
#include "style/layout_spec.hpp"

namespace cvpdf::layout {

struct LayoutResult {
    page::Document doc;
    std::vector<std::string> warnings;  // formatted: file:line:col: warning: message
};

LayoutResult layout_cv(const model::Cv& cv, const style::LayoutSpec& spec, Resources& res);

// "Sept. 2018—Now" etc., as the layout formats dates (exposed for tests).
std::string format_dates(const model::Dates& dates, const style::DateSpec& spec);

}  // namespace cvpdf::layout
