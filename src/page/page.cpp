#include "page/page.hpp"

#include <charconv>

namespace cvpdf::page {
namespace {
void num(std::string& out, float v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
    out.append(buf, r.ptr);
}
}  // namespace

std::string dump(const Document& doc) {
    std::string out;
    for (size_t p = 0; p < doc.pages.size(); ++p) {
        const Page& pg = doc.pages[p];
        out += "page " + std::to_string(p + 1) + ' ';
        num(out, pg.width);
        out += 'x';
        num(out, pg.height);
        out += '\n';
        for (const auto& ref : pg.order) {
            if (ref.kind == 0) {
                const GlyphRun& r = pg.runs[ref.index];
                out += "  text f" + std::to_string(r.font) + ' ';
                num(out, r.size);
                out += " @";
                num(out, r.x);
                out += ',';
                num(out, r.y);
                float w = 0;
                for (const auto& g : r.glyphs) w += g.advance;
                out += " w";
                num(out, w);
                out += " \"" + r.text + "\"\n";
            } else if (ref.kind == 1) {
                const Rule& r = pg.rules[ref.index];
                out += "  rule @";
                num(out, r.x);
                out += ',';
                num(out, r.y);
                out += ' ';
                num(out, r.width);
                out += 'x';
                num(out, r.height);
                out += '\n';
            } else {
                out += "  path " + std::to_string(pg.paths[ref.index].points.size()) + " points\n";
            }
        }
        for (const auto& l : pg.links) {
            out += "  link @";
            num(out, l.x);
            out += ',';
            num(out, l.y);
            out += ' ';
            num(out, l.width);
            out += 'x';
            num(out, l.height);
            out += ' ' + l.uri + '\n';
        }
    }
    return out;
}

}  // namespace cvpdf::page
