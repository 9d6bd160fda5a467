// Page content stream operators: text runs (BT/ET, Tf, Tm, TJ with kerning adjustments,
// /ActualText spans, structure marked content), filled rules and stroked paths. Pure string building, no libharu.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "page/page.hpp"
#include "pdf/font_usage.hpp"

namespace cvpdf::pdf {

class ContentWriter {
public:
    // Appends to `out`; `page_height` flips layout's y-down coordinates.
    ContentWriter(std::string& out, float page_height) : out_(out), height_(page_height) {}

    // `font_name` is the page resource name without slash (e.g. "F1"); `entries` points at
    // the run's glyph entry indices (UsagePlan::glyph_entry), parallel to run.glyphs.
    void run(const page::GlyphRun& run, uint32_t font_index, std::string_view font_name, const FontUsage& usage,
             const uint32_t* entries);
    void rule(const page::Rule& rule);
    void path(const page::Path& path);
    // Tagged PDF: opens "/tag <</MCID mcid>> BDC" (or "/Artifact BMC" when mcid < 0) outside
    // any text object; end_marked() closes it. Not nested: the writer opens one at a time.
    void begin_marked(std::string_view tag, int mcid);
    void end_marked();
    // Closes an open text object; call once at the end of the page.
    void finish();

private:
    void begin_text();
    void end_text();
    void fill_color(const page::Color& c);
    void stroke_color(const page::Color& c);
    void set_tm(double x, double y);
    void num(double v);  // number followed by a space

    std::string& out_;
    float height_;
    bool in_text_ = false;
    bool in_marked_ = false;
    page::Color fill_{0, 0, 0}, stroke_{0, 0, 0};
    double line_width_ = 1;
    uint32_t font_ = UINT32_MAX;
    double size_ = -1;
    struct Span {
        uint32_t first, end;
        std::string_view text;
    };
    std::vector<Span> spans_;  // scratch: the current run's replacement-text spans
};

}  // namespace cvpdf::pdf
