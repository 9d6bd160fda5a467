// Shared set-up for layout unit tests: the classic layout with a context on a fresh document.
#pragma once
#include "layout/context.hpp"
#include "style/layout_spec.hpp"

namespace cvpdf::layout::test {

struct Fixture {
    style::LayoutSpec spec = style::load_layout("classic");
    Resources res;
    page::Document doc;
    Context ctx{res, spec, doc};
    InlineStyle body() { return ctx.resolve(spec.body.style); }
};

}  // namespace cvpdf::layout::test
