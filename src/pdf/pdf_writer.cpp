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
#include "pdf/haru.hpp"
#include "pdf/pdf_format.hpp"
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
struct StructKid {
    uint64_t seq;           // drawing order (global); element kids take their subtree's first
    enum Kind : uint8_t { Mcid, Objr, Elem } kind;
    uint32_t page;          // Mcid, Objr
    int value;              // MCID, or element index
    HPDF_Annotation annot;  // Objr
};

struct StructState {
    explicit StructState(size_t n) : kids(n), first_seq(n, std::numeric_limits<uint64_t>::max()) {}
    std::vector<std::vector<StructKid>> kids;
    std::vector<uint64_t> first_seq;
    uint64_t seq = 0;
    std::vector<std::vector<int>> page_mcids;  // per page: MCID → element
    struct AnnotParent { HPDF_Annotation annot; int elem; };
    std::vector<AnnotParent> annots;

    void add(int elem, StructKid k) {
        first_seq[size_t(elem)] = std::min(first_seq[size_t(elem)], k.seq);
        kids[size_t(elem)].push_back(k);
    }
};

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

// A PDF name from a structure type: only regular characters, so no #-escaping is needed.
std::string struct_type_name(const std::string& type) {
    if (type.empty()) throw Error("PDF: a structure element has no type");
    for (unsigned char c : type)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            throw Error("PDF: structure type '" + type + "' is not a plain name");
    return type;
}

// The structure tree: StructElem objects, /StructTreeRoot with /ParentTree, /MarkInfo.
void write_structure(const HaruDoc& doc, const page::Document& d, const std::vector<HPDF_Page>& pages,
                     StructState& st, Hash128& digest) {
    const size_t n = d.structure.size();
    // Each element's position among its siblings: the first content drawn in its subtree
    // (children have larger indices than parents, so one reverse pass propagates it).
    for (size_t i = n; i-- > 0;) {
        const int parent = d.structure[i].parent;
        if (parent >= 0)
            st.first_seq[size_t(parent)] = std::min(st.first_seq[size_t(parent)], st.first_seq[i]);
    }
    std::vector<HPDF_Dict> elems(n);
    // No /Type /StructElem (optional): ~18 bytes less per element, as there is no object stream.
    for (size_t i = 0; i < n; ++i) elems[i] = new_indirect_dict(doc, nullptr);
    HPDF_Dict root = new_indirect_dict(doc, "StructTreeRoot");
    std::vector<StructKid> root_kids;
    for (size_t i = 0; i < n; ++i) {
        const page::StructElem& e = d.structure[i];
        digest.update(e.type);
        digest.update_u64(uint64_t(int64_t(e.parent)));
        StructKid me{st.first_seq[i], StructKid::Elem, 0, int(i), nullptr};
        if (e.parent >= 0)
            st.kids[size_t(e.parent)].push_back(me);
        else
            root_kids.push_back(me);
    }
    auto order = [](std::vector<StructKid>& kids) {
        std::stable_sort(kids.begin(), kids.end(), [](const StructKid& a, const StructKid& b) {
            if (a.seq != b.seq) return a.seq < b.seq;
            return a.kind == StructKid::Elem && b.kind == StructKid::Elem && a.value < b.value;
        });
    };
    const char* what = "writing the structure tree";
    for (size_t i = 0; i < n; ++i) {
        const page::StructElem& e = d.structure[i];
        HPDF_Dict el = elems[i];
        HPDF_STATUS s = HPDF_Dict_AddName(el, "S", struct_type_name(e.type).c_str());
        s |= HPDF_Dict_Add(el, "P", e.parent >= 0 ? elems[size_t(e.parent)] : root);
        auto text = [&](const char* key, const std::string& v) {
            digest.update(key);
            digest.update(v);
            if (!v.empty()) s |= HPDF_Dict_Add(el, key, new_text_string(doc, v));
        };
        text("T", e.title);
        text("Lang", e.lang);
        text("Alt", e.alt);
        text("ActualText", e.actual_text);
        auto& kids = st.kids[i];
        order(kids);
        // /Pg: the page of the first marked content; other pages' content names its page.
        int pg = -1;
        for (const auto& k : kids)
            if (k.kind != StructKid::Elem) {
                pg = int(k.page);
                break;
            }
        if (pg >= 0) s |= HPDF_Dict_Add(el, "Pg", pages[size_t(pg)]);
        if (!kids.empty()) {
            HPDF_Array karr = doc.need(HPDF_Array_New(doc.mmgr()), what);
            s |= HPDF_Dict_Add(el, "K", karr);
            for (const auto& k : kids) {
                if (k.kind == StructKid::Elem) {
                    s |= HPDF_Array_Add(karr, elems[size_t(k.value)]);
                } else if (k.kind == StructKid::Mcid && int(k.page) == pg) {
                    s |= HPDF_Array_AddNumber(karr, k.value);
                } else {
                    HPDF_Dict ref = doc.need(HPDF_Dict_New(doc.mmgr()), what);
                    s |= HPDF_Array_Add(karr, ref);
                    if (k.kind == StructKid::Mcid) {
                        s |= HPDF_Dict_AddName(ref, "Type", "MCR");
                        s |= HPDF_Dict_Add(ref, "Pg", pages[k.page]);
                        s |= HPDF_Dict_AddNumber(ref, "MCID", k.value);
                    } else {
                        s |= HPDF_Dict_AddName(ref, "Type", "OBJR");
                        if (int(k.page) != pg) s |= HPDF_Dict_Add(ref, "Pg", pages[k.page]);
                        s |= HPDF_Dict_Add(ref, "Obj", k.annot);
                    }
                }
            }
        }
        doc.check(what, s);
    }
    HPDF_STATUS s = HPDF_OK;
    order(root_kids);
    HPDF_Array rk = doc.need(HPDF_Array_New(doc.mmgr()), what);
    s |= HPDF_Dict_Add(root, "K", rk);
    for (const auto& k : root_kids) s |= HPDF_Array_Add(rk, elems[size_t(k.value)]);
    // /ParentTree: page key → [element of MCID 0, 1, …]; annotation key → its element.
    HPDF_Dict tree = doc.need(HPDF_Dict_New(doc.mmgr()), what);
    s |= HPDF_Dict_Add(root, "ParentTree", tree);
    HPDF_Array nums = doc.need(HPDF_Array_New(doc.mmgr()), what);
    s |= HPDF_Dict_Add(tree, "Nums", nums);
    int key = 0;
    for (size_t p = 0; p < pages.size(); ++p) {
        if (st.page_mcids[p].empty()) continue;
        s |= HPDF_Dict_AddNumber(pages[p], "StructParents", key);
        s |= HPDF_Array_AddNumber(nums, key++);
        HPDF_Array arr = doc.need(HPDF_Array_New(doc.mmgr()), what);
        s |= HPDF_Array_Add(nums, arr);
        for (int e : st.page_mcids[p]) s |= HPDF_Array_Add(arr, elems[size_t(e)]);
    }
    for (const auto& a : st.annots) {
        s |= HPDF_Dict_AddNumber(a.annot, "StructParent", key);
        s |= HPDF_Array_AddNumber(nums, key++);
        s |= HPDF_Array_Add(nums, elems[size_t(a.elem)]);
    }
    s |= HPDF_Dict_AddNumber(root, "ParentTreeNextKey", key);
    // Annotations in structure order (PDF/UA); only pages that have annotations need it.
    for (size_t p = 0; p < pages.size(); ++p)
        if (!d.pages[p].links.empty()) s |= HPDF_Dict_AddName(pages[p], "Tabs", "S");
    HPDF_Dict catalog = doc.get()->catalog;
    s |= HPDF_Dict_Add(catalog, "StructTreeRoot", root);
    HPDF_Dict mark = doc.need(HPDF_Dict_New(doc.mmgr()), what);
    s |= HPDF_Dict_Add(catalog, "MarkInfo", mark);
    s |= HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(doc.mmgr(), HPDF_TRUE));
    doc.check(what, s);
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
    for (size_t i = 0; i < d.fonts.size(); ++i)
        if (!plan.fonts[i].entries.empty())
            fonts[i] = embed_font(doc, d.fonts[i], plan.fonts[i], opts.compress, digest, opts.prepared);

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
