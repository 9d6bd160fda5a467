#include "pdf/font_embed.hpp"

#include <algorithm>
#include <numeric>

#include "base/error.hpp"
#include "pdf/font_subset.hpp"
#include "pdf/tounicode.hpp"

namespace cvpdf::pdf {
namespace {

// TrueType: codes 1..n over entries sorted by (text, gid); code 0 stays .notdef.
void assign_truetype_codes(const page::FontResource& font, FontUsage& usage) {
    auto& e = usage.entries;
    if (e.size() > 0xFFFE)
        throw Error("PDF: font '" + font.path + "' needs more than 65534 glyph codes");
    std::vector<uint32_t> order(e.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        if (e[a].text != e[b].text) return e[a].text < e[b].text;
        return e[a].gid < e[b].gid;
    });
    for (size_t i = 0; i < order.size(); ++i) e[order[i]].code = uint16_t(i + 1);
}

// CFF: code = subset gid; the first non-empty text of a glyph is its ToUnicode text.
void assign_cff_codes(FontUsage& usage, const SubsetFont& sub) {
    auto& e = usage.entries;
    uint32_t max_gid = 0;
    for (uint32_t g : sub.new_gid) max_gid = std::max(max_gid, g);
    if (max_gid > 0xFFFF) throw Error("PDF: CFF subset has more than 65536 glyphs");
    std::vector<int32_t> canonical(max_gid + 1, -1);  // entry index whose text the gid maps to
    for (size_t i = 0; i < e.size(); ++i) {
        e[i].code = uint16_t(sub.new_gid[i]);
        int32_t& c = canonical[e[i].code];
        if (c < 0 || (e[c].text.empty() && !e[i].text.empty())) c = int32_t(i);
    }
    for (size_t i = 0; i < e.size(); ++i) e[i].actual_text = e[canonical[e[i].code]].text != e[i].text;
}

// /W: [c [w w …] c' [w …]] over the used codes, contiguous groups.
// "/W [c [w w …] c [w …] …]": one group per run of consecutive codes.
std::string widths_entry(const FontUsage& usage) {
    std::vector<std::pair<uint16_t, double>> cw;
    cw.reserve(usage.entries.size());
    for (const auto& e : usage.entries) cw.emplace_back(e.code, e.width);
    std::sort(cw.begin(), cw.end());
    cw.erase(std::unique(cw.begin(), cw.end(), [](auto& a, auto& b) { return a.first == b.first; }), cw.end());
    std::string w = "/W [";
    w.reserve(8 * cw.size() + 16);
    for (size_t i = 0; i < cw.size(); ++i) {
        if (i == 0 || cw[i].first != cw[i - 1].first + 1) {
            if (i > 0) w += "] ";
            append_num(w, cw[i].first);
            w += " [";
        } else {
            w += ' ';
        }
        append_eighths(w, cw[i].second);
    }
    w += cw.empty() ? "]\012" : "]]\012";
    return w;
}

}  // namespace

HPDF_Dict embed_font(const HaruDoc& doc, const page::FontResource& font, FontUsage& usage, bool compress,
                     Hash128& digest, PreparedFaces* prepared, const SubsetStore* store, FlateStore* flates) {
    auto small_stream = [&](const void* data, size_t size) {
        return compress && flates ? new_flated_stream(doc, flates->flate(data, size))
                                  : new_stream(doc, data, size, compress);
    };
    SubsetFont sub = subset_font(font, usage, prepared, compress ? store : nullptr);
    if (sub.cff)
        assign_cff_codes(usage, sub);
    else
        assign_truetype_codes(font, usage);

    // Subset tag from the subset program and the code → text map: same input, same tag.
    Hash128 h;
    h.update_u64(sub.digest[0]);
    h.update_u64(sub.digest[1]);
    for (const auto& e : usage.entries) {
        h.update_u64(uint64_t(e.code) << 32 | e.gid);
        h.update(e.text);
    }
    digest.update_u64(h.lo());
    digest.update_u64(h.hi());
    const std::string base_name = subset_tag(h.lo()) + "+" + sub.desc.ps_name;

    HPDF_STATUS st = HPDF_OK;
    HPDF_MMgr mm = doc.mmgr();

    // Font program.
    HPDF_Dict file = sub.flated.empty() ? new_stream(doc, sub.data(), sub.size(), compress)
                                        : new_flated_stream(doc, std::move(sub.flated));
    if (sub.cff)
        st |= HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    else
        st |= HPDF_Dict_AddNumber(file, "Length1", HPDF_INT32(sub.raw_size));

    // Descriptor.
    HPDF_Dict desc = new_indirect_dict(doc, "FontDescriptor");
    st |= HPDF_Dict_AddName(desc, "FontName", base_name.c_str());
    st |= HPDF_Dict_AddNumber(desc, "Flags", HPDF_INT32(sub.desc.flags));
    HPDF_Array bbox = doc.need(HPDF_Array_New(mm), "creating /FontBBox");
    st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    for (double v : sub.desc.bbox) st |= array_add_num(bbox, v);
    st |= dict_add_num(desc, "ItalicAngle", sub.desc.italic_angle);
    st |= dict_add_num(desc, "Ascent", sub.desc.ascent);
    st |= dict_add_num(desc, "Descent", sub.desc.descent);
    st |= dict_add_num(desc, "CapHeight", sub.desc.cap_height);
    st |= dict_add_num(desc, "XHeight", sub.desc.x_height);
    st |= dict_add_num(desc, "StemV", sub.desc.stem_v);
    st |= HPDF_Dict_Add(desc, sub.cff ? "FontFile3" : "FontFile2", file);

    // Descendant CIDFont.
    HPDF_Dict cid = new_indirect_dict(doc, "Font");
    st |= HPDF_Dict_AddName(cid, "Subtype", sub.cff ? "CIDFontType0" : "CIDFontType2");
    st |= HPDF_Dict_AddName(cid, "BaseFont", base_name.c_str());
    HPDF_Dict sysinfo = doc.need(HPDF_Dict_New(mm), "creating /CIDSystemInfo");
    st |= HPDF_Dict_Add(cid, "CIDSystemInfo", sysinfo);
    st |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", nullptr));
    st |= HPDF_Dict_Add(sysinfo, "Ordering", HPDF_String_New(mm, "Identity", nullptr));
    st |= HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);
    st |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
    st |= HPDF_Dict_AddNumber(cid, "DW", 1000);
    add_raw_entries(doc, cid, widths_entry(usage));
    if (!sub.cff) {
        // CIDToGIDMap: code → subset gid, 2 bytes big-endian per code 0..n.
        std::vector<unsigned char> map(2 * (usage.entries.size() + 1), 0);
        for (size_t i = 0; i < usage.entries.size(); ++i) {
            const size_t c = usage.entries[i].code;
            map[2 * c] = static_cast<unsigned char>(sub.new_gid[i] >> 8);
            map[2 * c + 1] = static_cast<unsigned char>(sub.new_gid[i] & 0xFF);
        }
        st |= HPDF_Dict_Add(cid, "CIDToGIDMap", small_stream(map.data(), map.size()));
    }

    // ToUnicode.
    std::vector<CodeText> map;
    map.reserve(usage.entries.size());
    if (sub.cff) {
        for (const auto& e : usage.entries)
            if (!e.actual_text) map.push_back({e.code, e.text});
    } else {
        for (const auto& e : usage.entries) map.push_back({e.code, e.text});
    }
    const std::string cmap = build_tounicode_cmap(std::move(map));
    HPDF_Dict tounicode = small_stream(cmap.data(), cmap.size());

    // Type0.
    HPDF_Dict type0 = new_indirect_dict(doc, "Font");
    st |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(type0, "BaseFont", sub.cff ? (base_name + "-Identity-H").c_str() : base_name.c_str());
    st |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    HPDF_Array desc_fonts = doc.need(HPDF_Array_New(mm), "creating /DescendantFonts");
    st |= HPDF_Dict_Add(type0, "DescendantFonts", desc_fonts);
    st |= HPDF_Array_Add(desc_fonts, cid);
    st |= HPDF_Dict_Add(type0, "ToUnicode", tounicode);
    doc.check(("embedding font '" + font.path + "'").c_str(), st);
    return type0;
}

}  // namespace cvpdf::pdf
