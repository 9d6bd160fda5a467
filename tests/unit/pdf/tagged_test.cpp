// Tagged PDF (structure tree, marked content, link OBJRs), XMP metadata and /ActualText
// spans for hyphenated words, checked with poppler (pdfinfo -struct, pdfinfo -meta,
// pdftotext default and -raw) and qpdf.
#include <doctest/doctest.h>

#include <algorithm>

#include "base/error.hpp"
#include "pdf/pdf_writer.hpp"
#include "pdf/xmp.hpp"
#include "pdf_test_support.hpp"

using namespace cvpdf;
using namespace cvpdf::pdf::test;

namespace {

struct Fonts {
    TestFont regular = load_repo_font("GentiumBookPlus-Regular.ttf");
    TestFont bold = load_repo_font("GentiumBookPlus-Bold.ttf");
};

Fonts& fonts() {
    static Fonts f;
    return f;
}

// Index of the first glyph whose cluster starts at or after byte `offset` of the run's text.
uint32_t glyph_at(const page::GlyphRun& run, size_t offset) {
    for (uint32_t i = 0; i < run.glyphs.size(); ++i)
        if (run.glyphs[i].cluster >= offset) return i;
    return uint32_t(run.glyphs.size());
}

// The layout's representation of a hyphenated word (see page.hpp, GlyphRun::actual_spans):
// the first fragment (with its hyphen) carries the whole word, later fragments carry "".
void mark_word(page::GlyphRun& run, const std::string& fragment, const std::string& word) {
    const size_t at = run.text.find(fragment);
    REQUIRE(at != std::string::npos);
    const uint32_t a = glyph_at(run, at), b = glyph_at(run, at + fragment.size());
    run.actual_spans.push_back({a, b - a, word});
}

page::GlyphRun line(const std::string& text, float y, int elem, bool bold = false, float size = 10,
                    float x = 72) {
    Fonts& f = fonts();
    auto r = shape(bold ? f.bold : f.regular, bold ? 1 : 0, text, size, x, y);
    r.struct_elem = elem;
    return r;
}

// Two pages: Document > Sect > (H1, P with a hyphenated word and a Link, L > LI > (Lbl, LBody)),
// a second Sect whose P continues over the page break.
page::Document tagged_document() {
    Fonts& f = fonts();
    page::Document doc;
    doc.fonts = {f.regular.res, f.bold.res};
    doc.meta.title = "Tagged <CV> & \"more\"";
    doc.meta.author = "Zoë Müller";
    doc.meta.subject = "Curriculum vitae";
    doc.meta.keywords = "compilers, 𝒪(n)";
    doc.meta.creator = "cvpdf 0.1.0";
    doc.meta.producer = "cvpdf 0.1.0 (libharu)";
    doc.meta.timestamp = 1700000000;

    const int root = doc.add_elem("Document", -1);
    const int sect = doc.add_elem("Sect", root, "Publications");
    const int h1 = doc.add_elem("H1", sect);
    const int para = doc.add_elem("P", sect);
    const int link = doc.add_elem("Link", para);
    doc.structure[size_t(link)].alt = "Project website";
    const int list = doc.add_elem("L", sect);

    page::Page p1;
    p1.add(line("Publications", 80, h1, true, 14));
    p1.add(page::Rule{72, 86, 450, 0.8f, {0.2f, 0.3f, 0.6f}});  // decoration: artifact
    auto l1 = line("Dynamic tensor rematerial-", 110, para);
    mark_word(l1, "rematerial-", "rematerialization");
    p1.add(l1);
    auto l2 = line("ization of models, see", 122, para);
    mark_word(l2, "ization", "");
    p1.add(l2);
    // The link text wraps: two runs, two annotations, one Link element.
    float end = 72;
    for (const auto& g : l2.glyphs) end += g.advance;
    p1.add(line("the project", 122, link, false, 10, end + 2.5f));
    p1.add(line("website.", 134, link));
    p1.add(page::Link{200, 113, 50, 12, "https://example.org/dtr", link});
    p1.add(page::Link{72, 125, 40, 12, "https://example.org/dtr", link});
    for (int i = 0; i < 2; ++i) {
        const int li = doc.add_elem("LI", list);
        const int lbl = doc.add_elem("Lbl", li);
        const int body = doc.add_elem("LBody", li);
        const float y = 160 + 14 * float(i);
        p1.add(line("•", y, lbl));
        p1.add(line(i == 0 ? "First item" : "Second item", y, body, false, 10, 84));
    }
    // A word split over three lines.
    const int sect2 = doc.add_elem("Sect", root, "Notes");
    const int h1b = doc.add_elem("H1", sect2);
    const int p2 = doc.add_elem("P", sect2);
    p1.add(line("Notes", 220, h1b, true, 14));
    auto s1 = line("A super-", 240, p2);
    mark_word(s1, "super-", "supercalifragilistic");
    auto s2 = line("cali-", 252, p2);
    mark_word(s2, "cali-", "");
    auto s3 = line("fragilistic day", 264, p2);
    mark_word(s3, "fragilistic", "");
    p1.add(s1);
    p1.add(s2);
    p1.add(s3);
    p1.add(line("continues on", 276, p2));
    doc.pages.push_back(std::move(p1));

    page::Page pg2;
    pg2.add(line("the next page.", 80, p2));
    pg2.add(line("Page 2", 780, -1));  // running footer: artifact
    doc.pages.push_back(std::move(pg2));
    doc.outline = {{"Publications", 0, 70}, {"Notes", 0, 210}};
    return doc;
}

size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

std::string qdf(const std::string& file) {
    auto r = run_cmd("qpdf --qdf --object-streams=disable " + file + " -");
    REQUIRE(r.status == 0);
    return r.out;
}

}  // namespace

TEST_CASE("tagged PDF: structure tree, marked content, link OBJRs") {
    static const std::vector<unsigned char> bytes = pdf::write_pdf(tagged_document());
    const std::string file = write_temp(bytes, "tagged");

    SUBCASE("qpdf --check is clean") {
        auto r = run_cmd("qpdf --check " + file);
        INFO(r.out);
        CHECK(r.status == 0);
        CHECK(r.out.find("No syntax or stream encoding errors") != std::string::npos);
        CHECK(r.out.find("WARNING") == std::string::npos);
    }
    SUBCASE("pdfinfo -struct prints the tree") {
        auto r = run_cmd("pdfinfo -struct " + file);
        REQUIRE(r.status == 0);
        const std::string& s = r.out;
        INFO(s);
        // poppler 22.12 prints /T in quotes, the block/inline class, and OBJRs as "Object n 0".
        CHECK(s.find("Document\n"
                     "  Sect \"Publications\"\n"
                     "    H1 (block)\n"
                     "    P (block)\n"
                     "      Link (inline)\n"
                     "        Object ") == 0);
        CHECK(count(s, "        Object ") == 2);  // the link's two annotations
        CHECK(s.find("    L (block)\n"
                     "      LI (block)\n"
                     "        Lbl (block)\n"
                     "        LBody (block)\n"
                     "      LI (block)\n"
                     "        Lbl (block)\n"
                     "        LBody (block)\n"
                     "  Sect \"Notes\"\n"
                     "    H1 (block)\n"
                     "    P (block)\n") != std::string::npos);
        auto info = run_cmd("pdfinfo " + file);
        CHECK(info.out.find("Tagged:          yes") != std::string::npos);
    }
    SUBCASE("pdfinfo -struct-text gives each element its text") {
        auto r = run_cmd("pdfinfo -struct-text " + file);
        REQUIRE(r.status == 0);
        const std::string& s = r.out;
        INFO(s);
        CHECK(s.find("\"Publications\"") != std::string::npos);
        CHECK(s.find("\"First item\"") != std::string::npos);
        CHECK(s.find("\"•\"") != std::string::npos);
        CHECK(s.find("the project") != std::string::npos);
        CHECK(s.find("the next page.") != std::string::npos);
        CHECK(s.find("Page 2") == std::string::npos);  // the footer is an artifact
    }
    SUBCASE("objects: StructTreeRoot, ParentTree, MarkInfo, OBJR, StructParent(s), MCIDs") {
        const std::string q = qdf(file);
        CHECK(q.find("/StructTreeRoot") != std::string::npos);
        CHECK(q.find("/MarkInfo") != std::string::npos);
        CHECK(q.find("/Marked true") != std::string::npos);
        CHECK(q.find("/ParentTree") != std::string::npos);
        CHECK(q.find("/ParentTreeNextKey 4") != std::string::npos);  // 2 pages + 2 annotations
        CHECK(q.find("/StructParents 0") != std::string::npos);
        CHECK(q.find("/StructParents 1") != std::string::npos);
        CHECK(q.find("/StructParent 2") != std::string::npos);
        CHECK(q.find("/StructParent 3") != std::string::npos);
        CHECK(count(q, "/Type /OBJR") == 2);
        CHECK(q.find("/Type /MCR") != std::string::npos);  // the P continued on page 2
        CHECK(q.find("/Tabs /S") != std::string::npos);
        CHECK(q.find("/Contents (Project website)") != std::string::npos);
        CHECK(q.find("/H1 <</MCID 0>> BDC") != std::string::npos);
        CHECK(q.find("/Artifact BMC") != std::string::npos);
        CHECK(q.find("/T (Publications)") != std::string::npos);
        // Balanced marked content.
        CHECK(count(q, " BDC") + count(q, " BMC") == count(q, "EMC"));
    }
    SUBCASE("hyphenated words extract whole, exactly once (pdftotext default and -raw)") {
        for (const char* mode : {"", "-raw "}) {
            auto r = run_cmd(std::string("pdftotext -enc UTF-8 ") + mode + file + " -");
            REQUIRE(r.status == 0);
            const std::string& t = r.out;
            INFO(mode << t);
            CHECK(t.find("Dynamic tensor rematerialization\n") != std::string::npos);
            CHECK(count(t, "rematerialization") == 1);
            CHECK(count(t, "ization") == 1);
            CHECK(t.find("rematerial-") == std::string::npos);
            CHECK(t.find("of models, see the project") != std::string::npos);
            CHECK(t.find("A supercalifragilistic\n") != std::string::npos);
            CHECK(count(t, "cali") == 1);
            CHECK(count(t, "fragilistic") == 1);
            CHECK(t.find("\nday\ncontinues on\n") != std::string::npos);
            CHECK(t.find("First item") != std::string::npos);
        }
    }
    remove_temp(file);
}

TEST_CASE("tagged PDF: deterministic, and untagged documents stay untagged") {
    const page::Document doc = tagged_document();
    CHECK(pdf::write_pdf(doc) == pdf::write_pdf(doc));
    page::Document plain = doc;
    plain.structure.clear();
    const auto bytes = pdf::write_pdf(plain, {.compress = false});
    const std::string s(bytes.begin(), bytes.end());
    CHECK(s.find("/StructTreeRoot") == std::string::npos);
    CHECK(s.find("/MarkInfo") == std::string::npos);
    CHECK(s.find("MCID") == std::string::npos);
    CHECK(s.find("/StructParent") == std::string::npos);
    CHECK(s.find("/Artifact") == std::string::npos);
    CHECK(s.find("/Metadata") != std::string::npos);  // XMP in every file
    const std::string file = write_temp(bytes, "untagged");
    CHECK(run_cmd("qpdf --check " + file).status == 0);
    auto t = run_cmd("pdftotext -enc UTF-8 -raw " + file + " -");
    CHECK(count(t.out, "rematerialization") == 1);  // spans do not need the structure tree
    remove_temp(file);
}

TEST_CASE("tagged PDF: element text entries are PDF text strings, escaped or in UTF-16") {
    page::Document doc = tagged_document();
    REQUIRE(doc.structure.size() > 2);
    doc.structure[1].title = "Éducation";    // not ASCII: UTF-16BE with a BOM, in hex
    doc.structure[1].lang = "fr-CA";
    doc.structure[2].alt = "a (b) \\ c/d";   // ASCII: a literal, escaped as libharu escapes
    doc.structure[2].actual_text = "𝒪";      // outside the BMP: a surrogate pair
    const auto bytes = pdf::write_pdf(doc, {.compress = false});
    const std::string s(bytes.begin(), bytes.end());
    CHECK(s.find("/T <FEFF00C9006400750063006100740069006F006E>\012/Lang (fr-CA)\012") != std::string::npos);
    CHECK(s.find("/Alt (a \\050b\\051 \\134 c\\057d)\012/ActualText <FEFFD835DCAA>\012") != std::string::npos);
    const std::string file = write_temp(bytes, "texts");
    CHECK(run_cmd("qpdf --check " + file).status == 0);
    // (pdfinfo -struct of poppler 22.12 prints a UTF-16 /T as its raw bytes: not checked.)
    remove_temp(file);
}

TEST_CASE("tagged PDF: malformed structure is a cvpdf::Error") {
    page::Document doc = tagged_document();
    SUBCASE("parent after child") {
        doc.structure[1].parent = 3;
        CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);
    }
    SUBCASE("run refers to a missing element") {
        doc.pages[0].runs[0].struct_elem = 999;
        CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);
    }
    SUBCASE("link refers to a missing element") {
        doc.pages[0].links[0].struct_elem = 999;
        CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);
    }
    SUBCASE("type that is not a plain name") {
        doc.structure[2].type = "H 1";
        CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);
    }
    SUBCASE("actual spans out of range or overlapping") {
        auto& run = doc.pages[0].runs[1];
        run.actual_spans = {{0, 100, "x"}};
        CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);
        run.actual_spans = {{0, 3, "x"}, {2, 1, "y"}};
        CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);
    }
}

TEST_CASE("actual spans: partial, empty and zero-length spans") {
    Fonts& f = fonts();
    page::Document doc;
    doc.fonts = {f.regular.res};
    page::Page p;
    auto a = shape(f.regular, 0, "These are the well-", 10, 72, 100);
    a.actual_spans = {{glyph_at(a, 14), uint32_t(a.glyphs.size()) - glyph_at(a, 14), "well-known"}};
    auto b = shape(f.regular, 0, "known facts of it", 10, 72, 112);
    b.actual_spans = {{0, 0, "ignored"}, {0, glyph_at(b, 5), ""}};
    auto c = shape(f.regular, 0, "so x = 1 is true", 10, 72, 124);
    c.actual_spans = {{glyph_at(c, 5), 1, "equals"}};  // a partial span in the middle of a run
    p.add(a);
    p.add(b);
    p.add(c);
    doc.pages.push_back(p);
    const auto bytes = pdf::write_pdf(doc);
    const std::string file = write_temp(bytes, "spans");
    CHECK(run_cmd("qpdf --check " + file).status == 0);
    for (const char* mode : {"", "-raw "}) {
        auto t = run_cmd(std::string("pdftotext -enc UTF-8 ") + mode + file + " -");
        INFO(mode << t.out);
        CHECK(t.out.find("These are the well-known\nfacts of it\n") != std::string::npos);
        CHECK(t.out.find("ignored") == std::string::npos);
        CHECK(t.out.find("so x equals 1 is true") != std::string::npos);
    }
    remove_temp(file);
}

TEST_CASE("XMP metadata matches the Info dictionary") {
    const page::Document doc = tagged_document();
    const auto bytes = pdf::write_pdf(doc);
    const std::string s(bytes.begin(), bytes.end());
    // Uncompressed, so found in the compressed file as is.
    CHECK(s.find("/Type /Metadata") != std::string::npos);
    CHECK(s.find("/Subtype /XML") != std::string::npos);
    const std::string file = write_temp(bytes, "xmp");
    auto r = run_cmd("pdfinfo -meta " + file);
    REQUIRE(r.status == 0);
    const std::string& x = r.out;
    INFO(x);
    CHECK(x.find("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Tagged &lt;CV&gt; &amp; &quot;more&quot;</rdf:li>"
                 "</rdf:Alt></dc:title>") != std::string::npos);
    CHECK(x.find("<dc:creator><rdf:Seq><rdf:li>Zoë Müller</rdf:li></rdf:Seq></dc:creator>") != std::string::npos);
    CHECK(x.find("<rdf:li xml:lang=\"x-default\">Curriculum vitae</rdf:li>") != std::string::npos);
    CHECK(x.find("<pdf:Keywords>compilers, 𝒪(n)</pdf:Keywords>") != std::string::npos);
    CHECK(x.find("<pdf:Producer>cvpdf 0.1.0 (libharu)</pdf:Producer>") != std::string::npos);
    CHECK(x.find("<xmp:CreatorTool>cvpdf 0.1.0</xmp:CreatorTool>") != std::string::npos);
    CHECK(x.find("<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>") != std::string::npos);
    CHECK(x.find("<xmp:ModifyDate>2023-11-14T22:13:20Z</xmp:ModifyDate>") != std::string::npos);
    CHECK(x.find("<rdf:li>en</rdf:li>") != std::string::npos);
    auto info = run_cmd("TZ=UTC pdfinfo " + file);
    CHECK(info.out.find("Title:           Tagged <CV> & \"more\"\n") != std::string::npos);
    CHECK(info.out.find("Producer:        cvpdf 0.1.0 (libharu)\n") != std::string::npos);
    CHECK(info.out.find("CreationDate:    Tue Nov 14 22:13:20 2023") != std::string::npos);
    if (run_cmd("command -v xmllint").status == 0) {
        std::string xml = x;
        auto w = run_cmd("pdfinfo -meta " + file + " | xmllint --noout -");
        INFO(w.out);
        CHECK(w.status == 0);
    }
    remove_temp(file);
}

TEST_CASE("xmp_packet: escaping, absent fields, dates") {
    page::Metadata m;
    m.title = "a<b>&\"c\"\x01";
    m.timestamp = -1;
    m.lang.clear();
    const std::string x = pdf::xmp_packet(m);
    CHECK(x.find("a&lt;b&gt;&amp;&quot;c&quot;</rdf:li>") != std::string::npos);
    CHECK(x.find("Date") == std::string::npos);
    CHECK(x.find("dc:creator") == std::string::npos);
    CHECK(x.find("dc:description") == std::string::npos);
    CHECK(x.find("pdf:Keywords") == std::string::npos);
    CHECK(x.find("dc:language") == std::string::npos);
    CHECK(x.find("<pdf:Producer>cvpdf</pdf:Producer>") != std::string::npos);
    CHECK(x.rfind("<?xpacket end=\"r\"?>") == x.size() - 19);
    CHECK(pdf::xml_escape("\xFF") == "\xEF\xBF\xBD");  // malformed → U+FFFD
    CHECK(pdf::xmp_date(0) == "1970-01-01T00:00:00Z");
    CHECK(pdf::xmp_date(1700000000) == "2023-11-14T22:13:20Z");
    CHECK(pdf::xmp_packet(m) == x);
}
