#include "pdf/content_stream.hpp"

#include <algorithm>
#include <cmath>

#include "base/error.hpp"

#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {
namespace {
// Accumulated drift (thousandths of an em) below which no TJ adjustment is written: /W
// widths are rounded to 1/8 unit, so small drift is expected; 0.5/1000 em is 0.005 pt at 10 pt.
// Kerning is always larger and is written exactly (to 0.001).
constexpr double kMinAdjust = 0.5;
}  // namespace

void ContentWriter::num(double v) {
    append_num(out_, v);
    out_ += ' ';
}

void ContentWriter::begin_text() {
    if (!in_text_) out_ += "BT\n";
    in_text_ = true;
}

void ContentWriter::end_text() {
    if (in_text_) out_ += "ET\n";
    in_text_ = false;
}

void ContentWriter::finish() {
    end_text();
    end_marked();
}

void ContentWriter::begin_marked(std::string_view tag, int mcid) {
    end_marked();
    end_text();  // a marked-content sequence must not cross a text object's boundary
    if (mcid < 0) {
        out_ += "/Artifact BMC\n";
    } else {
        out_ += '/';
        out_ += tag;
        out_ += " <</MCID ";
        out_ += std::to_string(mcid);
        out_ += ">> BDC\n";
    }
    in_marked_ = true;
}

void ContentWriter::end_marked() {
    if (!in_marked_) return;
    end_text();
    out_ += "EMC\n";
    in_marked_ = false;
}

void ContentWriter::fill_color(const page::Color& c) {
    if (c == fill_) return;
    fill_ = c;
    num(c.r), num(c.g), num(c.b);
    out_ += "rg\n";
}

void ContentWriter::stroke_color(const page::Color& c) {
    if (c == stroke_) return;
    stroke_ = c;
    num(c.r), num(c.g), num(c.b);
    out_ += "RG\n";
}

void ContentWriter::set_tm(double x, double y) {
    out_ += "1 0 0 1 ";
    num(x), num(y);
    out_ += "Tm\n";
}

void ContentWriter::rule(const page::Rule& r) {
    if (!(r.width > 0 && r.height > 0)) return;
    end_text();
    fill_color(r.color);
    num(r.x), num(height_ - r.y - r.height), num(r.width), num(r.height);
    out_ += "re f\n";
}

void ContentWriter::path(const page::Path& p) {
    if (p.points.size() < 2) return;
    end_text();
    stroke_color(p.color);
    if (p.line_width != line_width_) {
        line_width_ = p.line_width;
        num(p.line_width);
        out_ += "w\n";
    }
    for (size_t i = 0; i < p.points.size(); ++i) {
        num(p.points[i].first), num(height_ - p.points[i].second);
        out_ += i == 0 ? "m\n" : "l\n";
    }
    out_ += "S\n";
}

void ContentWriter::run(const page::GlyphRun& run, uint32_t font_index, std::string_view font_name,
                        const FontUsage& usage, const uint32_t* entries) {
    if (run.glyphs.empty() || !(run.size > 0)) return;
    begin_text();
    // Replacement-text spans over glyph ranges: the whole run (actual_text) or actual_spans.
    const size_t n = run.glyphs.size();
    spans_.clear();
    if (!run.actual_text.empty()) {
        spans_.push_back({0, uint32_t(n), run.actual_text});
    } else {
        uint32_t next = 0;
        for (const auto& s : run.actual_spans) {
            if (s.count == 0) continue;
            if (s.first < next || s.first > n || s.count > n - s.first)
                throw Error("PDF: a run's actual_spans overlap, are unsorted or exceed its glyphs");
            spans_.push_back({s.first, s.first + s.count, s.text});
            next = s.first + s.count;
        }
    }
    fill_color(run.color);
    if (font_index != font_ || run.size != size_) {
        font_ = font_index;
        size_ = run.size;
        out_ += '/';
        out_ += font_name;
        out_ += ' ';
        num(run.size);
        out_ += "Tf\n";
    }
    const double x0 = run.x, y0 = height_ - run.y;
    const double to_text = 1000.0 / run.size;  // points → thousandths of text space

    double pen = 0;         // ideal pen offset from x0 in points (HarfBuzz advances)
    double actual = 0;      // where the PDF text position is, in thousandths, from x0
    bool open = false;      // inside "[ … ] TJ"
    bool str = false;       // inside "(…)" within the array
    bool need_tm = true;    // text position unknown: next glyph sets Tm

    auto close_str = [&] {
        if (str) out_ += ')';
        str = false;
    };
    auto close_array = [&] {
        if (!open) return;
        close_str();
        out_ += "] TJ\n";
        open = false;
    };
    auto show = [&](uint16_t code) {
        if (!str) out_ += '(';
        str = true;
        append_code_literal(out_, code);
    };

    size_t next_span = 0;     // spans_[next_span] is the next span to open (or the open one)
    bool in_span = false;
    for (size_t i = 0; i < run.glyphs.size(); ++i) {
        if (in_span && i == spans_[next_span].end) {
            close_array();
            out_ += "EMC\n";
            in_span = false;
            ++next_span;
        }
        if (!in_span && next_span < spans_.size() && i == spans_[next_span].first) {
            close_array();
            out_ += "/Span <</ActualText ";
            append_text_string_hex(out_, spans_[next_span].text);
            out_ += ">> BDC\n";
            in_span = true;
        }
        const page::Glyph& g = run.glyphs[i];
        const GlyphEntry& e = usage.entries[entries[i]];
        const bool span = e.actual_text && !in_span;  // a glyph-level span never nests in a run-level one
        const bool offset = g.dx != 0 || g.dy != 0;
        if (offset || span) {
            // This glyph gets its own TJ (own position and/or marked-content span).
            close_array();
            if (offset) {
                set_tm(x0 + pen + g.dx, y0 + g.dy);
            } else if (need_tm) {
                set_tm(x0 + pen, y0);
                actual = pen * to_text;
            }
            if (span) {
                out_ += "/Span <</ActualText ";
                append_text_string_hex(out_, e.text);
                out_ += ">> BDC ";
            }
            out_ += '[';
            const double drift = actual - pen * to_text;
            if (!offset && std::abs(drift) >= kMinAdjust) {
                append_num(out_, drift);
                actual -= std::round(drift * 1000) / 1000;
            }
            out_ += '(';
            append_code_literal(out_, e.code);
            out_ += ")] TJ";
            out_ += span ? " EMC\n" : "\n";
            need_tm = offset;
            actual += e.width;
            pen += g.advance;
            continue;
        }
        if (need_tm) {
            close_array();
            set_tm(x0 + pen, y0);
            actual = pen * to_text;
            need_tm = false;
        }
        if (!open) {
            out_ += '[';
            open = true;
        }
        const double drift = actual - pen * to_text;  // positive: PDF position is ahead → move left
        if (std::abs(drift) >= kMinAdjust) {
            close_str();
            append_num(out_, drift);
            actual -= std::round(drift * 1000) / 1000;
        }
        show(e.code);
        actual += e.width;
        pen += g.advance;
    }
    close_array();
    if (in_span) out_ += "EMC\n";
}

}  // namespace cvpdf::pdf
