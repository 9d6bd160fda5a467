#include "layout/cv_layout.hpp"

#include "base/disk_cache.hpp"

#include <algorithm>
#include <cctype>

#include "layout/cv_builder.hpp"
#include "layout/flow.hpp"
#include "layout/mirror.hpp"
#include "style/locale.hpp"

namespace cvpdf::layout {
namespace {

std::string fold(const std::string& s) {
    std::string r;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) r += char(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

bool in_sidebar(const model::Section& s, const style::ColumnSpec& c) {
    std::string t = fold(style::plain_text(style::parse_inline(s.title)));
    for (const auto& name : c.sidebar_sections)
        if (fold(name) == t) return true;
    return false;
}

std::string expand(std::string tpl, const std::string& name, size_t page, size_t pages) {
    auto put = [&](const std::string& key, const std::string& v) {
        for (size_t k = 0; (k = tpl.find(key, k)) != std::string::npos; k += v.size()) tpl.replace(k, key.size(), v);
    };
    put("{name}", name);
    put("{page}", std::to_string(page));
    put("{pages}", std::to_string(pages));
    return tpl;
}

bool rtl_page(const style::LayoutSpec& spec) { return spec.body.direction == "rtl"; }

// A tint behind the sidebar on every page, drawn before anything else on the page.
void fill_sidebar(page::Document& doc, float x, float width, const style::Rgb& c) {
    for (auto& pg : doc.pages) {
        pg.rules.push_back({x, 0, width, pg.height, {c.r, c.g, c.b}});
        pg.order.insert(pg.order.begin(), {1, uint32_t(pg.rules.size() - 1)});
    }
}

void footers(page::Document& doc, const style::LayoutSpec& spec, Context& ctx, const std::string& name) {
    const auto& fs = spec.footer;
    if (fs.text.empty()) return;
    const size_t pages = doc.pages.size();
    const float left = spec.page.margin_left;
    const float width = spec.page.width - spec.page.margin_left - spec.page.margin_right;
    for (size_t p = 0; p < pages; ++p) {
        if (p == 0 && !fs.first_page) continue;
        Paragraph para(ctx);
        para.add_text(expand(fs.text, name, p + 1, pages), ctx.resolve(fs.style));
        LineBox lb = para.single_line();
        float x = left;
        if (fs.align == style::Align::Center) x += (width - lb.width) / 2;
        else if ((fs.align == style::Align::Right) != rtl_page(spec)) x += width - lb.width;  // mirrored when right-to-left
        lb.place(doc.pages[p], x, spec.page.height - spec.page.margin_bottom + fs.offset);
    }
}

}  // namespace

LayoutResult layout_cv(const model::Cv& cv, const style::LayoutSpec& layout_spec, Resources& res) {
    LayoutResult out;
    // The data's language (if it names one) decides hyphenation, month names and phrases.
    style::LayoutSpec spec = layout_spec;
    style::localise(spec, cv.meta.language);
    if (!spec.fingerprint.empty())
        spec.fingerprint = hex16(stable_hash(spec.fingerprint + "\nlanguage " + cv.meta.language));
    Context ctx(res, spec, out.doc);
    CvBuilder b(cv, spec, ctx);
    b.root = ctx.elem("Document", -1);
    const auto& pg = spec.page;
    const auto& cols = spec.columns;
    const float text_width = pg.width - pg.margin_left - pg.margin_right;
    const float bottom = pg.height - pg.margin_bottom;
    const bool rtl = rtl_page(spec);  // a mirrored page (mirror.hpp)

    if (cols.sidebar > 0) {
        // Two flows: the sidebar (header and the sections it names) and the main column.
        const float side_x = pg.margin_left + cols.sidebar_padding;
        const float side_w = cols.sidebar - 2 * cols.sidebar_padding;
        const float main_x = pg.margin_left + cols.sidebar + cols.sidebar_gap;
        const float main_w = text_width - cols.sidebar - cols.sidebar_gap;
        std::vector<FlowLine> side, main;
        b.begin_column(&side, side_w, false);
        if (cols.header_in_sidebar) b.header();
        for (const auto& s : cv.sections)
            if (in_sidebar(s, cols)) b.section(s);
        auto side_outline = b.outline;
        b.outline.clear();
        b.begin_column(&main, main_w, true);
        if (!cols.header_in_sidebar) b.header();
        for (const auto& s : cv.sections)
            if (!in_sidebar(s, cols)) b.section(s);
        // Reading order: the sidebar's text comes first on each page, then the main column.
        Column side_col{side_x, pg.margin_top, side_w, bottom, rtl}, main_col{main_x, pg.margin_top, main_w, bottom, rtl};
        if (rtl) {  // the sidebar on the right: columns mirrored inside the text area
            side_col.x = mirror_x(side_x, side_w, pg.margin_left, pg.width - pg.margin_right);
            main_col.x = mirror_x(main_x, main_w, pg.margin_left, pg.width - pg.margin_right);
        }
        flow_lines(std::move(side), side_outline, side_col, pg.width, pg.height, out.doc);
        flow_lines(std::move(main), b.outline, main_col, pg.width, pg.height, out.doc);
        // The tint runs from the sidebar's inner edge to the page's edge.
        if (cols.sidebar_fill_set) {
            if (rtl) fill_sidebar(out.doc, pg.width - pg.margin_right - cols.sidebar, pg.margin_right + cols.sidebar, cols.sidebar_fill);
            else fill_sidebar(out.doc, 0, pg.margin_left + cols.sidebar, cols.sidebar_fill);
        }
    } else {
        std::vector<FlowLine> lines;
        b.begin_column(&lines, text_width, false);
        b.header();
        b.begin_column(&lines, text_width, true);
        for (const auto& s : cv.sections) b.section(s);
        flow_lines(std::move(lines), b.outline, {pg.margin_left, pg.margin_top, text_width, bottom, rtl}, pg.width, pg.height, out.doc);
    }
    footers(out.doc, spec, ctx, cv.person.name);

    auto& m = out.doc.meta;
    m.title = cv.meta.title.empty() ? "Curriculum Vitae of " + cv.person.name : cv.meta.title;
    m.author = cv.person.name;
    m.subject = cv.meta.subject;
    m.keywords = cv.meta.keywords;
    m.lang = spec.body.language;
    for (const auto& [pos, msg] : ctx.warnings()) {
        SourcePos at = pos;
        if (at.file.empty()) at.file = cv.source;
        std::string w = format_diagnostic(at, "warning", msg);
        // The same missing glyph in many words is one warning.
        if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end()) out.warnings.push_back(w);
    }
    return out;
}

}  // namespace cvpdf::layout
