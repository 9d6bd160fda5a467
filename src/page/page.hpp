// The positioned page description: plain data at absolute coordinates, the boundary
// between layout (which knows about CVs) and output (which knows about PDF).
//
// Units are PDF points (1/72 in). The origin is the page's top-left corner and y grows
// downwards, as layout thinks; the PDF writer flips to PDF's bottom-left origin.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace cvpdf::page {

struct Color {
    float r = 0, g = 0, b = 0;  // 0..1, DeviceRGB
    bool operator==(const Color&) const = default;
};

// A font file the document uses. The bytes stay alive as long as `owner` does
// (the shaping stage's font cache hands them out without copying).
struct FontResource {
    std::string path;                     // for messages only
    unsigned face_index = 0;              // face inside a collection (.ttc)
    std::span<const unsigned char> data;  // the whole font file
    std::shared_ptr<const void> owner;
};

// One shaped glyph. Advances and offsets are in points at the run's size, as HarfBuzz
// decided them (kerning included); the writer turns differences from the font's own
// advance into TJ adjustments.
struct Glyph {
    uint32_t gid = 0;       // glyph id in the original (not subset) font
    float advance = 0;      // pen advance after this glyph
    float dx = 0, dy = 0;   // offset from the pen position (dy up is positive, as in fonts)
    uint32_t cluster = 0;   // byte offset into GlyphRun::text where this glyph's characters start
};

// A run of glyphs in one font, size and colour, on one baseline, left to right.
struct GlyphRun {
    uint32_t font = 0;      // index into Document::fonts
    float size = 10;        // font size in points
    Color color;
    float x = 0, y = 0;     // pen position of the first glyph on the baseline (top-left origin)
    std::string text;       // the source characters (UTF-8) the glyphs came from
    std::vector<Glyph> glyphs;
    // When non-empty, what text extraction must report for the whole run instead of the
    // glyphs' own mapping (e.g. the whole word for a hyphenated fragment).
    std::string actual_text;
};

// A filled axis-aligned rectangle: rules, bars, radical overbars.
struct Rule {
    float x = 0, y = 0, width = 0, height = 0;  // (x, y) is the top-left corner
    Color color;
};

// A stroked polyline (e.g. the radical sign's strokes when no glyph fits).
struct Path {
    std::vector<std::pair<float, float>> points;
    float line_width = 0.5f;
    Color color;
};

// A clickable area pointing at a URI (http(s):, mailto:, tel:).
struct Link {
    float x = 0, y = 0, width = 0, height = 0;  // (x, y) is the top-left corner
    std::string uri;
};

struct Page {
    float width = 612, height = 792;
    // Drawing order is reading order: the writer emits items in this order so that text
    // extraction sees the CV as a person reads it.
    std::vector<GlyphRun> runs;
    std::vector<Rule> rules;
    std::vector<Path> paths;
    std::vector<Link> links;
    // Interleaving of the three kinds above in drawing order: kind 0 run, 1 rule, 2 path,
    // with `index` into the matching vector. Links are annotations, not drawn.
    struct Ref { uint8_t kind; uint32_t index; };
    std::vector<Ref> order;

    void add(GlyphRun r) { order.push_back({0, uint32_t(runs.size())}); runs.push_back(std::move(r)); }
    void add(Rule r) { order.push_back({1, uint32_t(rules.size())}); rules.push_back(r); }
    void add(Path p) { order.push_back({2, uint32_t(paths.size())}); paths.push_back(std::move(p)); }
    void add(Link l) { links.push_back(std::move(l)); }
};

struct OutlineEntry {
    std::string title;    // UTF-8
    uint32_t page = 0;    // 0-based page index
    float y = 0;          // top of the destination, top-left origin
};

struct Metadata {
    std::string title, author, subject, keywords;  // UTF-8; empty = absent
    std::string creator = "cvpdf";
    std::string producer = "cvpdf";
    std::string lang = "en";
    // Seconds since the epoch for CreationDate/ModDate; negative = write no dates.
    int64_t timestamp = -1;
};

struct Document {
    std::vector<Page> pages;
    std::vector<FontResource> fonts;
    std::vector<OutlineEntry> outline;
    Metadata meta;
};

// One line per item, coordinates to 2 decimals: golden tests and debugging.
std::string dump(const Document& doc);

}  // namespace cvpdf::page
