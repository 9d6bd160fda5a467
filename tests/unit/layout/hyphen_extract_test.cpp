// Text extraction of words hyphenated at a line end when closing punctuation in another style
// follows them ("*rematerialization*," in italics, then a roman comma), and the links of a
// publication with both a DOI and a URL.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "layout/cv_layout.hpp"
#include "layout/paragraph.hpp"
#include "model/cv.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;
using namespace cvpdf::layout;

namespace {
using test::Fixture;

// What a PDF text extractor reads from a run: a span's text in place of its glyphs, else
// each glyph's characters (from its cluster to the next larger cluster).
std::string extract(const page::GlyphRun& r) {
    std::string out;
    size_t s = 0;
    for (uint32_t i = 0; i < r.glyphs.size();) {
        while (s < r.actual_spans.size() && r.actual_spans[s].first + r.actual_spans[s].count <= i) ++s;
        if (s < r.actual_spans.size() && r.actual_spans[s].first == i && r.actual_spans[s].count > 0) {
            out += r.actual_spans[s].text;
            i += r.actual_spans[s].count;
            continue;
        }
        uint32_t c0 = r.glyphs[i].cluster, c1 = uint32_t(r.text.size());
        for (uint32_t j = i + 1; j < r.glyphs.size(); ++j)
            if (r.glyphs[j].cluster > c0) {
                c1 = r.glyphs[j].cluster;
                break;
            }
        out += r.text.substr(c0, c1 - c0);
        ++i;
    }
    return out;
}

// The paragraph as extracted, lines joined by a space (a line that extracts as nothing, as
// "alization)." after "internation-", adds nothing), blanks collapsed.
std::string extract(const std::vector<LineBox>& lines) {
    std::string s;
    for (const auto& l : lines) {
        std::string line;
        for (const auto& r : l.runs) line += extract(r);
        if (!s.empty() && !line.empty()) s += ' ';
        s += line;
    }
    // Extractors collapse blanks (a silenced "ization)." leaves the space glyph after it
    // at the start of its line).
    s.erase(std::unique(s.begin(), s.end(), [](char x, char y) { return x == ' ' && y == ' '; }), s.end());
    return s;
}

struct Part {
    const char* text;
    style::Face face;
};

std::string without_spaces(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    return s;
}

// Lays the parts out at every width from 60 to 260 pt and checks each layout; returns how
// many layouts broke the word `word` with a hyphen right before the punctuation `punct`.
// `exact`: the extracted text equals the source, line breaks being spaces; else only its
// characters (no space) are compared.
int check_widths(const std::vector<Part>& parts, const std::string& word, const std::string& punct, bool exact = true) {
    std::string source;
    for (const auto& p : parts) source += p.text;
    int hits = 0;
    for (float w = 60; w <= 260; w += 2) {
        Fixture f;
        Paragraph p(f.ctx);
        for (const auto& part : parts) p.add_text(part.text, f.ctx.resolve(f.spec.body.style, part.face));
        auto lines = p.layout(w, false);
        INFO("width " << w);
        // Every word and every punctuation mark extracts once, in place, without the hyphen.
        if (exact) CHECK(extract(lines) == source);
        else CHECK(without_spaces(extract(lines)) == without_spaces(source));
        for (size_t i = 0; i + 1 < lines.size(); ++i) {
            const auto& runs = lines[i].runs;
            if (runs.empty() || runs.back().text.back() != '-' || runs.back().actual_spans.empty()) continue;
            const auto& span = runs.back().actual_spans.back();
            if (span.text != word + punct) continue;
            ++hits;
            // The first fragment and its hyphen carry the word with its punctuation.
            CHECK(span.first + span.count == runs.back().glyphs.size());
            // The line with the word's last fragment (the next, or a later one for a word
            // split over three lines) starts with that fragment and the punctuation, in
            // different runs (different fonts), all silenced.
            size_t j = i + 1;
            while (j + 1 < lines.size() && lines[j].runs.size() == 1 && lines[j].runs[0].text.back() == '-') ++j;
            const auto& next = lines[j].runs;
            REQUIRE(next.size() >= 2);
            REQUIRE(next[0].actual_spans.size() >= 1);
            CHECK(next[0].actual_spans[0].first == 0);
            CHECK(next[0].actual_spans[0].count == next[0].glyphs.size());
            CHECK(next[0].actual_spans[0].text.empty());
            CHECK(next[1].text.rfind(punct, 0) == 0);
            REQUIRE(next[1].actual_spans.size() >= 1);
            CHECK(next[1].actual_spans[0].first == 0);
            CHECK(next[1].actual_spans[0].text.empty());
            // Exactly the punctuation's glyphs: what follows it extracts as usual.
            uint32_t g = 0;
            while (g < next[1].glyphs.size() && next[1].glyphs[g].cluster < punct.size()) ++g;
            CHECK(next[1].actual_spans[0].count == g);
        }
    }
    return hits;
}
}  // namespace

TEST_CASE("a hyphenated word extracts with the punctuation of another style that follows it") {
    // An italic word, then a roman comma: the comma is a word of its own, glued to the last
    // fragment. Without the fix `pdftotext` prints "rematerialization" then ", gradient" on
    // the next line.
    const std::vector<Part> parts = {
        {"Dynamic tensor ", style::Face::Regular},
        {"rematerialization", style::Face::Italic},
        {", gradient checkpointing for memory-constrained devices", style::Face::Regular},
    };
    CHECK(check_widths(parts, "rematerialization", ",") > 0);
}

TEST_CASE("a bold word before a closing bracket and period, and one before a letter, extract in place") {
    const std::vector<Part> bracket = {
        {"Worked on (", style::Face::Regular},
        {"internationalization", style::Face::Bold},
        {"). Then on other things", style::Face::Regular},
    };
    CHECK(check_widths(bracket, "internationalization", ").") > 0);
    // Punctuation glued to a following word (",x") is not closing punctuation: it stays on
    // the next line, and the text still extracts in order, once, without the hyphen.
    const std::vector<Part> glued = {
        {"Worked on ", style::Face::Regular},
        {"internationalization", style::Face::Bold},
        {",x then on other things", style::Face::Regular},
    };
    CHECK(check_widths(glued, "internationalization", ",", false) == 0);
}

namespace {
const char* kPub = R"(
[person]
name = "Mike He"
[[sections]]
title = "Publications"
[[sections.publications]]
authors = ["Mike He"]
title = "Dynamic tensor rematerialization"
year = 2021
)";

float width_of(const page::GlyphRun& r) {
    float w = 0;
    for (const auto& g : r.glyphs) w += g.advance;
    return w;
}

LayoutResult layout_pub(const std::string& extra) {
    style::LayoutSpec spec = style::load_layout("classic");
    model::Cv cv = model::load_cv_string(std::string(kPub) + extra, "pub.toml");
    Resources res;
    return layout_cv(cv, spec, res);
}

std::vector<page::Link> all_links(const page::Document& doc) {
    std::vector<page::Link> out;
    for (const auto& p : doc.pages) out.insert(out.end(), p.links.begin(), p.links.end());
    return out;
}

// The run whose text starts with `prefix`.
const page::GlyphRun* run_starting(const page::Document& doc, const std::string& prefix) {
    for (const auto& p : doc.pages)
        for (const auto& r : p.runs)
            if (r.text.rfind(prefix, 0) == 0) return &r;
    return nullptr;
}
}  // namespace

TEST_CASE("a publication with a DOI and a URL links both, each over exactly its text") {
    LayoutResult r = layout_pub("doi = \"10.1145/3385412.3386010\"\nurl = \"https://arxiv.org/abs/2006.09616\"\n");
    auto links = all_links(r.doc);
    REQUIRE(links.size() == 2);
    std::sort(links.begin(), links.end(), [](const auto& a, const auto& b) { return a.uri < b.uri; });
    CHECK(links[0].uri == "https://arxiv.org/abs/2006.09616");
    CHECK(links[1].uri == "https://doi.org/10.1145/3385412.3386010");

    // The title links to the URL; the DOI is printed and links to doi.org.
    const page::GlyphRun* title = run_starting(r.doc, "Dynamic tensor rematerialization");
    const page::GlyphRun* doi = run_starting(r.doc, "doi:10.1145/3385412.3386010");
    REQUIRE(title);
    REQUIRE(doi);
    CHECK(title->text == "Dynamic tensor rematerialization");
    CHECK(doi->text == "doi:10.1145/3385412.3386010");
    CHECK(links[0].x == doctest::Approx(title->x).epsilon(0.0001));
    CHECK(links[0].width == doctest::Approx(width_of(*title)).epsilon(0.0001));
    CHECK(links[1].x == doctest::Approx(doi->x).epsilon(0.0001));
    CHECK(links[1].width == doctest::Approx(width_of(*doi)).epsilon(0.0001));
    CHECK(links[0].y < title->y);
    CHECK(links[0].y + links[0].height > title->y);

    // Tagged as two Link elements, each owning its text.
    REQUIRE(links[0].struct_elem >= 0);
    REQUIRE(links[1].struct_elem >= 0);
    CHECK(links[0].struct_elem != links[1].struct_elem);
    CHECK(r.doc.structure[links[0].struct_elem].type == "Link");
    CHECK(r.doc.structure[links[1].struct_elem].type == "Link");
    CHECK(title->struct_elem == links[0].struct_elem);
    CHECK(doi->struct_elem == links[1].struct_elem);
}

TEST_CASE("a publication with a DOI alone links its title to doi.org and prints no DOI") {
    for (const char* d : {"10.1145/3385412.3386010", "https://doi.org/10.1145/3385412.3386010", "doi:10.1145/3385412.3386010"}) {
        LayoutResult r = layout_pub(std::string("doi = \"") + d + "\"\n");
        auto links = all_links(r.doc);
        REQUIRE(links.size() == 1);
        CHECK(links[0].uri == "https://doi.org/10.1145/3385412.3386010");
        CHECK(run_starting(r.doc, "doi:") == nullptr);
        const page::GlyphRun* title = run_starting(r.doc, "Dynamic tensor rematerialization");
        REQUIRE(title);
        CHECK(links[0].x == doctest::Approx(title->x).epsilon(0.0001));
    }
    // A URL that is the DOI's own address adds nothing.
    LayoutResult same = layout_pub("doi = \"10.1/x\"\nurl = \"https://doi.org/10.1/x\"\n");
    REQUIRE(all_links(same.doc).size() == 1);
    CHECK(run_starting(same.doc, "doi:") == nullptr);
}
