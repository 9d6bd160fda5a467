// Pass 1 of the writer: which glyphs of which font the document shows, each paired with the
// text it stands for (the characters of its cluster; empty for the 2nd+ glyph of a cluster).
// Every distinct (glyph, text) pair is an Entry; font_embed later gives each entry its
// 2-byte code and width, and the content stream looks entries up per glyph.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "page/page.hpp"

namespace cvpdf::pdf {

struct GlyphEntry {
    uint32_t gid = 0;           // original font's glyph id
    std::string_view text;      // cluster text (points into the Document; may be empty)
    // Filled by font_embed:
    uint16_t code = 0;          // 2-byte code in the content stream (CID)
    bool actual_text = false;   // CFF only: the code's ToUnicode says something else, so
                                // the content stream wraps this glyph in /ActualText
    double width = 0;           // the font's own advance in 1000/em units (as written in /W)
};

struct FontUsage {
    std::vector<GlyphEntry> entries;  // in order of first appearance

    struct Key {
        uint32_t gid;
        std::string_view text;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept;
    };
    std::unordered_map<Key, uint32_t, KeyHash> index;  // Key → entries index
    // Most glyphs show one ASCII character, or nothing (inside a cluster), and always the
    // same one: per glyph id, that text (its byte + 1, or 257 for none) above the entry
    // index. Such keys are looked up here without hashing; all others go to `index`. In
    // blocks of 256 glyph ids, made when first used: a CV's glyphs fall in a few blocks, and
    // one flat table up to the highest glyph id (32-64 KB zeroed per Gentium face) cost more
    // page faults than the lookups it saved.
    static constexpr uint32_t kBlock = 256;
    std::vector<std::unique_ptr<uint64_t[]>> simple;

    // The entry for `key`, added (in order of first appearance) when new.
    uint32_t entry_for(const Key& key);
};

struct UsagePlan {
    std::vector<FontUsage> fonts;        // parallel to Document::fonts
    std::vector<uint32_t> glyph_entry;   // entry index of every glyph of every drawn run, in
                                         // Page::runs order (undrawn runs take no room)
    std::vector<uint32_t> run_base;      // per (page, run) flattened: first index in glyph_entry
    std::vector<uint32_t> page_run_base; // per page: flattened index of its first run
    std::deque<std::string> owned_texts; // cluster texts rewritten by visual_cluster_text()
};

// Walks every run that Page::order draws, page by page. Throws cvpdf::Error for a run whose font index is out of range.
UsagePlan collect_usage(const page::Document& doc);

// The cluster text of every glyph of `run`, written to `out` (resized to glyphs.size()):
// the first glyph of a cluster gets text[cluster, next cluster), later glyphs of the same
// cluster get an empty view. `scratch` is reused between calls to avoid allocations.
void cluster_texts(const page::GlyphRun& run, std::vector<std::string_view>& out,
                   std::vector<uint32_t>& scratch);

// The text a glyph of a run drawn right to left (descending clusters) maps to when it stands
// for several characters of which one is right-to-left (an Arabic lam-alef "لا", a letter
// with its marks): the characters reversed, or "" when `text` needs no change. Extractors
// (poppler's pdftotext, at least) read a right-to-left line's glyphs in visual order and
// reverse the characters, a glyph's own several characters included, so they need them in
// visual order to give the word in logical order ("صلاح", not "صالح").
std::string visual_cluster_text(std::string_view text);

}  // namespace cvpdf::pdf
