#include "pdf/font_usage.hpp"

#include <fribidi.h>

#include <algorithm>
#include <functional>

#include "base/error.hpp"
#include "base/text.hpp"

namespace cvpdf::pdf {

size_t FontUsage::KeyHash::operator()(const Key& k) const noexcept {
    return std::hash<std::string_view>{}(k.text) ^ (size_t(k.gid) * 0x9E3779B97F4A7C15ull);
}

uint32_t FontUsage::entry_for(const Key& key) {
    const uint64_t tag = key.text.empty() ? 257 : key.text.size() == 1 ? uint64_t(uint8_t(key.text[0])) + 1 : 0;
    const uint32_t block = key.gid / kBlock, slot = key.gid % kBlock;
    if (tag && block < simple.size() && simple[block] && simple[block][slot] >> 32 == tag)
        return uint32_t(simple[block][slot]);
    const auto entry = uint32_t(entries.size());
    if (tag && key.gid < (1u << 20)) {  // glyph ids are 16-bit in OpenType; the bound is a guard
        if (block >= simple.size()) simple.resize(block + 1);
        if (!simple[block]) simple[block] = std::make_unique<uint64_t[]>(kBlock);  // zeroed
        if (simple[block][slot] == 0) {
            simple[block][slot] = tag << 32 | entry;
            entries.push_back(GlyphEntry{key.gid, key.text});
            return entry;
        }
    }
    auto [it, inserted] = index.try_emplace(key, entry);
    if (inserted) entries.push_back(GlyphEntry{key.gid, key.text});
    return it->second;
}

void cluster_texts(const page::GlyphRun& run, std::vector<std::string_view>& out,
                   std::vector<uint32_t>& uniq) {
    const auto& g = run.glyphs;
    const std::string_view text = run.text;
    const uint32_t tsize = uint32_t(text.size());
    out.assign(g.size(), std::string_view{});
    // Left-to-right text (nearly every run) has non-decreasing clusters: one linear pass.
    bool ascending = true;
    for (size_t i = 1; i < g.size() && ascending; ++i) ascending = g[i - 1].cluster <= g[i].cluster;
    if (ascending) {
        for (size_t i = 0; i < g.size();) {
            const uint32_t c = std::min(g[i].cluster, tsize);
            size_t j = i + 1;
            while (j < g.size() && g[j].cluster == g[i].cluster) ++j;
            const uint32_t end = j < g.size() ? std::min(g[j].cluster, tsize) : tsize;
            out[i] = text.substr(c, end - c);
            i = j;
        }
        return;
    }
    uniq.clear();
    for (const auto& gl : g) uniq.push_back(std::min(gl.cluster, tsize));
    std::sort(uniq.begin(), uniq.end());
    uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
    // Mark clusters already given out by setting the top bit (clusters are < 2^31).
    constexpr uint32_t kUsed = 0x80000000u;
    for (size_t i = 0; i < g.size(); ++i) {
        uint32_t c = std::min(g[i].cluster, tsize);
        auto it = std::lower_bound(uniq.begin(), uniq.end(), c,
                                   [](uint32_t a, uint32_t b) { return (a & ~kUsed) < b; });
        if (*it & kUsed) continue;  // not the first glyph of its cluster
        uint32_t end = (it + 1 != uniq.end()) ? (it[1] & ~kUsed) : tsize;
        *it |= kUsed;
        out[i] = text.substr(c, end - c);
    }
}

std::string visual_cluster_text(std::string_view text) {
    // FriBidi decodes the UTF-8 and knows which characters are right-to-left.
    std::vector<FriBidiChar> cps(text.size() + 1);
    const FriBidiStrIndex n =
        fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, text.data(), FriBidiStrIndex(text.size()), cps.data());
    bool rtl = false;
    for (FriBidiStrIndex k = 0; k < n && !rtl; ++k) rtl = FRIBIDI_IS_RTL(fribidi_get_bidi_type(cps[k]));
    if (!rtl || n < 2) return {};
    std::string out;
    out.reserve(text.size());
    for (FriBidiStrIndex k = n; k-- > 0;) append_utf8(out, char32_t(cps[k]));
    return out;
}

UsagePlan collect_usage(const page::Document& doc) {
    UsagePlan plan;
    plan.fonts.resize(doc.fonts.size());
    size_t nglyphs = 0, nruns = 0;
    for (const auto& p : doc.pages) {
        nruns += p.runs.size();
        for (const auto& r : p.runs) nglyphs += r.glyphs.size();
    }
    plan.glyph_entry.reserve(nglyphs);
    plan.run_base.reserve(nruns);
    plan.page_run_base.reserve(doc.pages.size());

    std::vector<std::string_view> texts;
    std::vector<uint32_t> scratch;
    std::unordered_map<std::string_view, std::string_view> visual;  // visual_cluster_text, memoised
    std::vector<char> drawn;
    for (size_t pi = 0; pi < doc.pages.size(); ++pi) {
        const auto& page = doc.pages[pi];
        plan.page_run_base.push_back(uint32_t(plan.run_base.size()));
        // Only runs that Page::order draws need their glyphs embedded.
        drawn.assign(page.runs.size(), 0);
        for (const auto& ref : page.order)
            if (ref.kind == 0 && ref.index < page.runs.size()) drawn[ref.index] = 1;
        for (size_t ri = 0; ri < page.runs.size(); ++ri) {
            const auto& run = page.runs[ri];
            plan.run_base.push_back(uint32_t(plan.glyph_entry.size()));
            if (run.glyphs.empty() || !drawn[ri]) continue;
            if (run.font >= doc.fonts.size())
                throw Error("PDF: page " + std::to_string(pi + 1) + ", run " + std::to_string(ri) +
                            " uses font " + std::to_string(run.font) + " but the document has " +
                            std::to_string(doc.fonts.size()) + " fonts");
            FontUsage& fu = plan.fonts[run.font];
            cluster_texts(run, texts, scratch);
            // Any run may hold right-to-left letters (a lone lam-alef is a one-glyph run, with
            // no cluster order to tell its direction); visual_cluster_text checks the letters.
            for (auto& t : texts) {
                if (t.size() < 3 || static_cast<unsigned char>(t[0]) < 0xC0) continue;  // one letter, or ASCII
                auto hit = visual.find(t);
                if (hit == visual.end()) {
                    std::string v = visual_cluster_text(t);
                    std::string_view sv = t;
                    if (!v.empty()) sv = plan.owned_texts.emplace_back(std::move(v));
                    hit = visual.emplace(t, sv).first;
                }
                t = hit->second;
            }
            for (size_t i = 0; i < run.glyphs.size(); ++i)
                plan.glyph_entry.push_back(fu.entry_for({run.glyphs[i].gid, texts[i]}));
        }
    }
    return plan;
}

}  // namespace cvpdf::pdf
