// The positioned page description: plain data at absolute coordinates, the boundary
// between layout (which knows about CVs) and output (which knows about PDF).
//
// Units are PDF points (1/72 in). The origin is the page's top-left corner and y grows
// downwards, as layout thinks; the PDF writer flips to PDF's bottom-left origin.
#pragma once
#include <cstdint>
#include <functional>
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
    std::span<const unsigned char> data;  // the whole font file (or empty, with `load`)
    std::shared_ptr<const void> owner;
    // What identifies this version of the font for caches (shape/font.hpp's font_stamp:
    // path, size, time stamp, inode, face, HarfBuzz version), taken when the layout loaded
    // it; empty: the writer stats the file itself.
    std::string stamp = {};
    // Reads the file when first asked: a writer whose subset programs are all stored never
    // needs its bytes, so the font file need not even be opened.
    std::function<std::span<const unsigned char>()> load = {};

    std::span<const unsigned char> bytes() const { return data.empty() && load ? load() : data; }
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
    // glyphs' own mapping. Shorthand for actual_spans = {{0, glyphs.size(), actual_text}};
    // when set, actual_spans is ignored.
    std::string actual_text;
    // Replacement text for glyph ranges (PDF /ActualText spans): sorted by `first`, not
    // overlapping, inside [0, glyphs.size()) (the writer throws cvpdf::Error otherwise).
    // `text` may be EMPTY: the glyphs then extract as nothing (tested with poppler 22.12,
    // pdftotext default and -raw).
    //
    // A word hyphenated at a line end MUST be written like this, so that it extracts whole
    // and exactly once ("rematerialization", never "rematerial-ization"):
    //   line 1, run "Dynamic tensor rematerial-": actual_spans = {{i, n - i, "rematerialization"}}
    //     where glyphs [i, n) are the glyphs of "rematerial-" (the fragment AND the hyphen);
    //   line 2, run "ization of models": actual_spans = {{0, k, ""}}
    //     where glyphs [0, k) are the glyphs of "ization".
    // The whole word goes on the FIRST fragment (reading order), the empty text on every later
    // fragment. Closing punctuation glued to the word ("ization," — also when the comma is
    // set in another style, hence another run) goes with it: the first span's text ends
    // with it ("rematerialization,") and its glyphs on the later line get an empty span too
    // (one per run they are in). The same scheme works for a word split over more than two
    // lines and for explicit hyphens ("well-|known": first span "well-known", second span "").
    // (Setting `actual_text` = "rematerialization" on a run that holds only "rematerial-"
    // is equivalent for line 1; line 2 needs actual_spans because actual_text cannot be empty.)
    struct ActualSpan {
        uint32_t first = 0;   // index of the first glyph
        uint32_t count = 0;   // number of glyphs (0 = ignored)
        std::string text;     // UTF-8; may be empty
    };
    std::vector<ActualSpan> actual_spans;
    // Tagged PDF: index into Document::structure of the element this run's text belongs to
    // (a P, H1, Lbl, Link, Span, …). -1 = an artifact (decoration; screen readers skip it).
    // Ignored when Document::structure is empty.
    int struct_elem = -1;
};

// A filled axis-aligned rectangle: rules, bars, radical overbars.
struct Rule {
    float x = 0, y = 0, width = 0, height = 0;  // (x, y) is the top-left corner
    Color color;
    int struct_elem = -1;  // as GlyphRun::struct_elem; -1 (the default) = artifact
};

// A stroked polyline (e.g. the radical sign's strokes when no glyph fits).
struct Path {
    std::vector<std::pair<float, float>> points;
    float line_width = 0.5f;
    Color color;
    int struct_elem = -1;  // as GlyphRun::struct_elem; -1 (the default) = artifact
};

// A clickable area pointing at a URI (http(s):, mailto:, tel:).
struct Link {
    float x = 0, y = 0, width = 0, height = 0;  // (x, y) is the top-left corner
    std::string uri;
    // Tagged PDF: the structure element (normally of type "Link") that owns this annotation;
    // the writer adds an object reference (OBJR) to that element and /StructParent to the
    // annotation. A link wrapped over two lines is two Links with the same struct_elem. The
    // link text's runs should carry the same struct_elem. -1 = not in the structure tree.
    int struct_elem = -1;
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
    // Seconds since the epoch for CreationDate/ModDate (and XMP CreateDate/ModifyDate);
    // negative = write no dates. The XMP metadata stream always mirrors these fields.
    int64_t timestamp = -1;
};

// Tagged PDF: one element of the logical structure tree.
struct StructElem {
    // A standard PDF 1.7 structure type: Document, Part, Sect, Div, H1…H6, P, L, LI, Lbl,
    // LBody, Link, Span, Quote, Note, BibEntry, Formula, Figure, Table, TR, TH, TD, …
    std::string type;
    // Index of the parent element in Document::structure; must be less than this element's
    // own index (parents come first). -1 = a child of the tree root (normally only
    // element 0, the "Document").
    int parent = -1;
    std::string title;        // optional /T (e.g. a Sect's heading text)
    std::string alt;          // optional /Alt (figures, formulas; also the link annotation's /Contents)
    std::string actual_text;  // optional /ActualText for the whole element
    std::string lang;         // optional /Lang when it differs from Metadata::lang
};

// How the layout tags a document (all optional: an empty `structure` gives an untagged PDF,
// byte-identical to before):
// - structure[0] = {"Document", -1}; sections {"Sect", 0}; a heading {"H1", sect}; a
//   paragraph {"P", sect}; a list {"L", sect} with items {"LI", list}, each with {"Lbl", li}
//   (bullet / number) and {"LBody", li} (its text, e.g. a P inside, or the runs directly);
//   a link {"Link", p} inside the paragraph that holds its text.
// - every GlyphRun / Rule / Path sets struct_elem to the innermost element it belongs to;
//   rules, bars and other decoration keep -1 (artifact).
// - The order of an element's children (elements and content) is the order in which their
//   content is first drawn (Page::order, pages in order), i.e. reading order; children
//   without any content come last, in index order. Consecutive drawn items of one element
//   share one marked-content sequence, so per-word runs cost nothing extra.

struct Document {
    std::vector<Page> pages;
    std::vector<FontResource> fonts;
    std::vector<OutlineEntry> outline;
    Metadata meta;
    std::vector<StructElem> structure;  // empty = untagged PDF

    // Appends a structure element and returns its index (for struct_elem / parent).
    int add_elem(std::string type, int parent, std::string title = {}) {
        structure.push_back(StructElem{std::move(type), parent, std::move(title), {}, {}, {}});
        return int(structure.size()) - 1;
    }
};

// One line per item, coordinates to 2 decimals: golden tests and debugging.
std::string dump(const Document& doc);

}  // namespace cvpdf::page
