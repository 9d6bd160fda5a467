// write_pdf: libharu builds the document (pages, link annotations, outline, Info, xref);
// fonts and text operators are our own (font_embed, content_stream).
#include "pdf/pdf_writer.hpp"

#include <algorithm>
#include <cstdio>

#include "base/error.hpp"
#include "pdf/content_stream.hpp"
#include "pdf/font_embed.hpp"
#include "pdf/font_usage.hpp"
#include "pdf/haru.hpp"
#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {
namespace {

// "D:YYYYMMDDHHmmSSZ" (UTC).
std::string pdf_date(int64_t ts) {
    const UtcTime t = utc_from_epoch(ts);
    char buf[32];
    std::snprintf(buf, sizeof buf, "D:%04d%02d%02d%02d%02d%02dZ", t.year, t.month, t.day, t.hour, t.minute,
                  t.second);
    return buf;
}

void write_info(const HaruDoc& doc, const page::Metadata& meta, Hash128& digest) {
    HPDF_Doc pdf = doc.get();
    // libharu creates the Info dictionary on the first attribute; our own strings replace it.
    doc.check("writing document information", HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "cvpdf"));
    HPDF_Dict info = doc.need(pdf->info, "writing document information");
    HPDF_Dict_RemoveElement(info, "Producer");
    auto set = [&](const char* key, const std::string& value) {
        digest.update(key);
        digest.update(value);
        if (value.empty()) return;
        doc.check("writing document information", HPDF_Dict_Add(info, key, new_text_string(doc, value)));
    };
    set("Title", meta.title);
    set("Author", meta.author);
    set("Subject", meta.subject);
    set("Keywords", meta.keywords);
    set("Creator", meta.creator);
    set("Producer", meta.producer);
    if (meta.timestamp >= 0) {
        const std::string date = pdf_date(meta.timestamp);
        set("CreationDate", date);
        set("ModDate", date);
    }
    if (!meta.lang.empty()) {
        digest.update(meta.lang);
        doc.check("writing /Lang", HPDF_Dict_Add(pdf->catalog, "Lang", new_text_string(doc, meta.lang)));
    }
}

void write_outline(const HaruDoc& doc, const page::Document& d, const std::vector<HPDF_Page>& pages,
                   Hash128& digest) {
    for (const auto& o : d.outline) {
        if (o.page >= pages.size())
            throw Error("PDF: outline entry '" + o.title + "' points at page " + std::to_string(o.page + 1) +
                        " of " + std::to_string(pages.size()));
        digest.update(o.title);
        digest.update_u64(o.page);
        digest.update(&o.y, sizeof o.y);
        HPDF_Outline item = doc.need(HPDF_CreateOutline(doc.get(), nullptr, "", nullptr), "creating an outline entry");
        HPDF_STATUS st = HPDF_Dict_Add(item, "Title", new_text_string(doc, o.title));
        // [page /XYZ 0 top null]: HPDF_Destination_SetXYZ refuses a null (keep) zoom.
        const double top = std::max(0.0f, d.pages[o.page].height - o.y);
        HPDF_Array dst = doc.need(HPDF_Array_New(doc.mmgr()), "creating a destination");
        st |= HPDF_Dict_Add(item, "Dest", dst);
        st |= HPDF_Array_Add(dst, pages[o.page]);
        st |= HPDF_Array_AddName(dst, "XYZ");
        st |= HPDF_Array_AddNumber(dst, 0);
        st |= array_add_num(dst, top);
        st |= HPDF_Array_Add(dst, HPDF_Null_New(doc.mmgr()));
        doc.check("setting an outline destination", st);
    }
}

// URIs in PDF are 7-bit ASCII: percent-encode anything else (UTF-8 bytes, spaces, controls).
std::string ascii_uri(const std::string& uri) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(uri.size());
    for (unsigned char c : uri) {
        if (c > 0x20 && c < 0x7F) {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void write_links(const HaruDoc& doc, HPDF_Page hpage, const page::Page& p, Hash128& digest) {
    for (const auto& l : p.links) {
        if (l.uri.empty() || !(l.width > 0 && l.height > 0)) continue;
        digest.update(l.uri);
        const float box[4] = {l.x, l.y, l.width, l.height};
        digest.update(box, sizeof box);
        HPDF_Rect r{l.x, p.height - l.y - l.height, l.x + l.width, p.height - l.y};
        HPDF_Annotation a =
            doc.need(HPDF_Page_CreateURILinkAnnot(hpage, r, ascii_uri(l.uri).c_str()), "creating a link");
        doc.check("setting a link border", HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0));
    }
}

}  // namespace

std::vector<unsigned char> write_pdf(const page::Document& d, const WriteOptions& opts) {
    // Pass 1: which glyphs (with which text) each font shows.
    UsagePlan plan = collect_usage(d);

    HaruDoc doc;
    HPDF_Doc pdf = doc.get();
    pdf->pdf_version = HPDF_VER_17;  // 2.3.0 has no setter; the default header says 1.3
    if (opts.compress) doc.check("setting compression", HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL));

    Hash128 digest;
    // Fonts: subset and embed each used face once.
    std::vector<HPDF_Dict> fonts(d.fonts.size(), nullptr);
    for (size_t i = 0; i < d.fonts.size(); ++i)
        if (!plan.fonts[i].entries.empty())
            fonts[i] = embed_font(doc, d.fonts[i], plan.fonts[i], opts.compress, digest);

    std::vector<HPDF_Page> pages;
    pages.reserve(d.pages.size());
    std::string content;
    std::vector<const char*> names(d.fonts.size());
    for (size_t pi = 0; pi < d.pages.size(); ++pi) {
        const page::Page& p = d.pages[pi];
        HPDF_Page hpage = doc.need(HPDF_AddPage(pdf), "adding a page");
        digest.update(&p.width, sizeof p.width);
        digest.update(&p.height, sizeof p.height);
        pages.push_back(hpage);
        doc.check("setting the page size", HPDF_Page_SetWidth(hpage, p.width));
        doc.check("setting the page size", HPDF_Page_SetHeight(hpage, p.height));

        content.clear();
        content.reserve(64 * 1024);
        std::fill(names.begin(), names.end(), nullptr);
        ContentWriter w(content, p.height);
        const uint32_t run_base = plan.page_run_base[pi];
        for (const auto& ref : p.order) {
            switch (ref.kind) {
            case 0: {
                if (ref.index >= p.runs.size()) throw Error("PDF: page order refers to a missing run");
                const page::GlyphRun& run = p.runs[ref.index];
                if (run.glyphs.empty()) break;
                if (!names[run.font])
                    names[run.font] = doc.need(HPDF_Page_GetLocalFontName(hpage, fonts[run.font]),
                                               "registering a page font");
                w.run(run, run.font, names[run.font], plan.fonts[run.font],
                      plan.glyph_entry.data() + plan.run_base[run_base + ref.index]);
                break;
            }
            case 1:
                if (ref.index >= p.rules.size()) throw Error("PDF: page order refers to a missing rule");
                w.rule(p.rules[ref.index]);
                break;
            case 2:
                if (ref.index >= p.paths.size()) throw Error("PDF: page order refers to a missing path");
                w.path(p.paths[ref.index]);
                break;
            default:
                throw Error("PDF: page order has an unknown item kind");
            }
        }
        w.finish();
        digest.update(content);
        auto* attr = static_cast<HPDF_PageAttr>(hpage->attr);
        doc.check("writing page content",
                  HPDF_Stream_Write(attr->stream, reinterpret_cast<const HPDF_BYTE*>(content.data()),
                                    HPDF_UINT(content.size())));
        write_links(doc, hpage, p, digest);
    }

    write_outline(doc, d, pages, digest);
    write_info(doc, d.meta, digest);

    // /ID: the same content gives the same ID (no time, no randomness).
    unsigned char id[16];
    digest.bytes(id);
    HPDF_Array ids = doc.need(HPDF_Array_New(doc.mmgr()), "creating /ID");
    doc.check("writing /ID", HPDF_Dict_Add(pdf->trailer, "ID", ids));
    doc.check("writing /ID", HPDF_Array_Add(ids, HPDF_Binary_New(doc.mmgr(), id, 16)));
    doc.check("writing /ID", HPDF_Array_Add(ids, HPDF_Binary_New(doc.mmgr(), id, 16)));

    doc.check("saving the PDF", HPDF_SaveToStream(pdf));
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    std::vector<unsigned char> out(size);
    HPDF_UINT32 got = size;
    const HPDF_STATUS rs = size ? HPDF_ReadFromStream(pdf, out.data(), &got) : HPDF_OK;
    if (rs != HPDF_STREAM_EOF) doc.check("reading the PDF", rs);
    if (got != size) throw Error("PDF: libharu returned a truncated document");
    return out;
}

}  // namespace cvpdf::pdf
