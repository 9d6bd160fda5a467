// write_pdf: libharu builds the document (pages, link annotations, outline, Info, xref);
// fonts and text operators are our own (font_embed, content_stream).
#include "pdf/pdf_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "base/error.hpp"
#include "pdf/content_stream.hpp"
#include "pdf/font_embed.hpp"
#include "pdf/font_usage.hpp"
#include "pdf/flate_store.hpp"
#include "pdf/subset_store.hpp"
#include "pdf/haru.hpp"
#include "pdf/pdf_format.hpp"
#include "pdf/struct_tree.hpp"
#include "pdf/xmp.hpp"

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

// Tagged PDF bookkeeping: which content each structure element holds, in drawing order.
void write_links(const HaruDoc& doc, HPDF_Page hpage, uint32_t page_index, const page::Page& p,
                 const page::Document& d, StructState* st, Hash128& digest) {
    for (const auto& l : p.links) {
        if (l.uri.empty() || !(l.width > 0 && l.height > 0)) continue;
        digest.update(l.uri);
        const float box[4] = {l.x, l.y, l.width, l.height};
        digest.update(box, sizeof box);
        HPDF_Rect r{l.x, p.height - l.y - l.height, l.x + l.width, p.height - l.y};
        HPDF_Annotation a =
            doc.need(HPDF_Page_CreateURILinkAnnot(hpage, r, ascii_uri(l.uri).c_str()), "creating a link");
        doc.check("setting a link border", HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0));
        if (st && l.struct_elem >= 0) {
            if (size_t(l.struct_elem) >= d.structure.size())
                throw Error("PDF: a link refers to a missing structure element");
            digest.update_u64(uint64_t(l.struct_elem));
            const page::StructElem& e = d.structure[size_t(l.struct_elem)];
            if (!e.alt.empty())
                doc.check("writing a link's /Contents", HPDF_Dict_Add(a, "Contents", new_text_string(doc, e.alt)));
            st->add(l.struct_elem, {st->seq++, StructKid::Objr, page_index, 0, a});
            st->annots.push_back({a, l.struct_elem});
        }
    }
}

// /Metadata: the XMP packet, uncompressed so that tools find it without decoding.
void write_xmp(const HaruDoc& doc, const page::Metadata& meta, Hash128& digest) {
    const std::string xmp = xmp_packet(meta);
    digest.update(xmp);
    HPDF_Dict m = new_stream(doc, xmp.data(), xmp.size(), false);
    HPDF_STATUS s = HPDF_Dict_AddName(m, "Type", "Metadata");
    s |= HPDF_Dict_AddName(m, "Subtype", "XML");
    s |= HPDF_Dict_Add(doc.get()->catalog, "Metadata", m);
    doc.check("writing XMP metadata", s);
}

}  // namespace

std::vector<unsigned char> write_pdf(const page::Document& d, const WriteOptions& opts) {
    // Pass 1: which glyphs (with which text) each font shows.
    UsagePlan plan = collect_usage(d);

    HaruDoc doc;
    HPDF_Doc pdf = doc.get();
    pdf->pdf_version = HPDF_VER_17;  // 2.3.0 has no setter; the default header says 1.3

    Hash128 digest;
    // Fonts: subset and embed each used face once.
    std::vector<HPDF_Dict> fonts(d.fonts.size(), nullptr);
    const SubsetStore store(opts.subset_store);
    FlateStore flates(opts.subset_store);
    for (size_t i = 0; i < d.fonts.size(); ++i)
        if (!plan.fonts[i].entries.empty())
            fonts[i] = embed_font(doc, d.fonts[i], plan.fonts[i], opts.compress, digest, opts.prepared, &store,
                                  &flates);
    flates.save();

    // Tagged PDF: validate the tree up front (parents before children).
    const bool tagged = !d.structure.empty();
    for (size_t i = 0; i < d.structure.size(); ++i)
        if (d.structure[i].parent < -1 || d.structure[i].parent >= int(i))
            throw Error("PDF: structure element " + std::to_string(i) + " (" + d.structure[i].type +
                        ") must have a parent with a smaller index, or -1");
    StructState st(d.structure.size());
    st.page_mcids.resize(d.pages.size());

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
        int marked = -2;  // element of the open marked-content sequence; -1 artifact, -2 none
        for (const auto& ref : p.order) {
            if (tagged) {
                // The structure element of the item, and whether it draws anything at all.
                int elem = -1;
                bool draws = false;
                if (ref.kind == 0 && ref.index < p.runs.size()) {
                    const auto& r = p.runs[ref.index];
                    elem = r.struct_elem;
                    draws = !r.glyphs.empty() && r.size > 0;
                } else if (ref.kind == 1 && ref.index < p.rules.size()) {
                    const auto& r = p.rules[ref.index];
                    elem = r.struct_elem;
                    draws = r.width > 0 && r.height > 0;
                } else if (ref.kind == 2 && ref.index < p.paths.size()) {
                    elem = p.paths[ref.index].struct_elem;
                    draws = p.paths[ref.index].points.size() >= 2;
                }
                if (elem >= int(d.structure.size()))
                    throw Error("PDF: a page item refers to a missing structure element");
                if (elem < 0) elem = -1;
                if (draws && elem != marked) {
                    marked = elem;
                    int mcid = -1;
                    if (elem >= 0) {
                        mcid = int(st.page_mcids[pi].size());
                        st.page_mcids[pi].push_back(elem);
                        st.add(elem, {st.seq++, StructKid::Mcid, uint32_t(pi), mcid, nullptr});
                    }
                    w.begin_marked(elem >= 0 ? struct_type_name(d.structure[size_t(elem)].type) : "", mcid);
                }
            }
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
        write_stream(doc, attr->contents, content.data(), content.size(), opts.compress);
        write_links(doc, hpage, uint32_t(pi), p, d, tagged ? &st : nullptr, digest);
    }

    write_outline(doc, d, pages, digest);
    write_info(doc, d.meta, digest);
    write_xmp(doc, d.meta, digest);
    if (tagged) write_structure(doc, d, pages, st, digest);

    // /ID: the same content gives the same ID (no time, no randomness).
    unsigned char id[16];
    digest.bytes(id);
    HPDF_Array ids = doc.need(HPDF_Array_New(doc.mmgr()), "creating /ID");
    doc.check("writing /ID", HPDF_Dict_Add(pdf->trailer, "ID", ids));
    doc.check("writing /ID", HPDF_Array_Add(ids, HPDF_Binary_New(doc.mmgr(), id, 16)));
    doc.check("writing /ID", HPDF_Array_Add(ids, HPDF_Binary_New(doc.mmgr(), id, 16)));

    return save_document(doc);
}

}  // namespace cvpdf::pdf
