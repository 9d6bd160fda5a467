// Algorithmic bounds on memory allocation (issue 7: "avoid per-glyph allocations"). Not
// timings: heap allocations are counted exactly, the same on every machine. This executable
// replaces the global operator new to count, so it is kept apart from the other unit tests.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "layout/cv_layout.hpp"
#include "model/cv.hpp"
#include "pdf/pdf_writer.hpp"
#include "style/layout_spec.hpp"

namespace {
std::atomic<size_t> g_allocations{0};
}

void* operator new(size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace {

using namespace cvpdf;

size_t glyphs_of(const page::Document& doc) {
    size_t n = 0;
    for (const auto& p : doc.pages)
        for (const auto& r : p.runs) n += r.glyphs.size();
    return n;
}

struct Counted {
    size_t allocations;
    size_t glyphs;
    double per_glyph() const { return double(allocations) / double(glyphs); }
};

// Lays out `data` twice with the same resources (as a batch or --watch does), counting the
// second pass's allocations, then counts writing its PDF.
std::pair<Counted, Counted> count(const char* data, const char* layout) {
    const style::LayoutSpec spec = style::load_layout(layout);
    const model::Cv cv = model::load_cv_file(data);
    layout::Resources res;
    (void)layout::layout_cv(cv, spec, res);  // fonts loaded, words shaped

    size_t before = g_allocations.load();
    layout::LayoutResult laid = layout::layout_cv(cv, spec, res);
    const Counted layout_count{g_allocations.load() - before, glyphs_of(laid.doc)};

    before = g_allocations.load();
    const std::vector<unsigned char> pdf = pdf::write_pdf(laid.doc);
    const Counted pdf_count{g_allocations.load() - before, layout_count.glyphs};
    REQUIRE(pdf.size() > 1000);
    return {layout_count, pdf_count};
}

}  // namespace

TEST_CASE("laying out and writing a CV allocates less than once per glyph") {
    // Measured at 6717bd2+: layout 0.65-0.87 allocations a glyph (per line and per word
    // now: a glyph vector and the text of each run, reserved for the rest of its line), PDF
    // 0.12-0.14. One allocation more per glyph anywhere fails this.
    for (std::string layout : {"classic", "modern", "sidebar"}) {
        for (std::string data : {"mike-he.toml", "long-academic.toml"}) {
            CAPTURE(layout);
            CAPTURE(data);
            auto [lay, pdf] = count((CVPDF_SOURCE_DIR "/data/" + data).c_str(), layout.c_str());
            MESSAGE(layout << " " << data << ": " << lay.glyphs << " glyphs; layout " << lay.allocations << " ("
                           << lay.per_glyph() << "/glyph), PDF " << pdf.allocations << " (" << pdf.per_glyph()
                           << "/glyph)");
            REQUIRE(lay.glyphs > 3000);
            CHECK(lay.per_glyph() < 1.0);
            CHECK(pdf.per_glyph() < 0.25);
        }
    }
}
