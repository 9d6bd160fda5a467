// End-to-end checks of write_pdf with the real tools: qpdf, pdffonts, pdftotext, pdfinfo.
#include <doctest/doctest.h>

#include <hb-ot.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "base/error.hpp"
#include "pdf/font_subset.hpp"
#include "pdf/pdf_writer.hpp"
#include "base/kv_store.hpp"
#include "pdf/subset_store.hpp"
#include "../temp_dir.hpp"
#include "pdf_test_support.hpp"

using namespace cvpdf;
using namespace cvpdf::pdf::test;

namespace {

struct Fixture {
    TestFont regular = load_repo_font("GentiumBookPlus-Regular.ttf");
    TestFont bold = load_repo_font("GentiumBookPlus-Bold.ttf");
    TestFont math = load_repo_font("LatinModernMath.otf");
};

Fixture& fonts() {
    static Fixture f;
    return f;
}

// A one-page CV-like document: two Gentium faces, the CFF math font, ligatures, small caps,
// an ActualText run, a rule, a path, a link and an outline.
page::Document sample_document() {
    Fixture& f = fonts();
    page::Document doc;
    doc.fonts = {f.regular.res, f.bold.res, f.math.res};
    page::Page p;
    p.width = 595.276f;
    p.height = 841.89f;
    auto name = shape(f.bold, 1, "Zoë Müller", 20, 72, 80);
    p.add(name);
    p.add(page::Rule{72, 90, 451.276f, 0.8f, {0.2f, 0.3f, 0.6f}});
    auto heading = shape(f.bold, 1, "CV Education", 12, 72, 120, "smcp,c2sc");
    heading.color = {0.2f, 0.3f, 0.6f};
    p.add(heading);
    p.add(shape(f.regular, 0, "An efficient find of AVA offices.", 10, 72, 140));
    // Math: italic N and script O from the CFF font, in separate runs on one line.
    p.add(shape(f.regular, 0, "Runs in", 10, 72, 160));
    auto o = shape(f.math, 2, "𝒪", 10, 105, 160);
    p.add(o);
    float x = 105 + o.glyphs[0].advance;
    auto paren = shape(f.math, 2, "(𝑁)", 10, x, 160);
    p.add(paren);
    // A CFF glyph standing for another text: the N glyph labelled "M" (ActualText per glyph).
    auto alias = shape(f.math, 2, "𝑁", 10, 72, 180);
    alias.text = "M";
    p.add(alias);
    // A hyphenated fragment whose extraction must be the whole word.
    auto frag = shape(f.regular, 0, "cooper-", 10, 72, 200);
    frag.actual_text = "cooperation";
    p.add(frag);
    p.add(page::Path{{{72, 210}, {200, 210}, {200, 215}}, 0.5f, {0.5f, 0.5f, 0.5f}});
    p.add(page::Link{72, 130, 60, 12, "https://example.org/cv"});
    p.add(page::Link{150, 130, 60, 12, "mailto:zoe@example.org"});
    p.add(page::Link{250, 130, 60, 12, "https://example.org/zürich"});
    doc.pages.push_back(std::move(p));
    doc.outline = {{"Zoë Müller", 0, 60}, {"Education 𝒪", 0, 110}};
    doc.meta.title = "Curriculum Vitæ — Zoë Müller";
    doc.meta.author = "Zoë Müller";
    doc.meta.subject = "CV";
    doc.meta.keywords = "typesetting, 𝒪(n)";  // outside the BMP
    doc.meta.creator = "cvpdf 0.1.0";
    doc.meta.producer = "cvpdf 0.1.0";
    doc.meta.lang = "de-CH";
    doc.meta.timestamp = 1700000000;  // 2023-11-14 22:13:20 UTC
    return doc;
}

std::string text_of(const std::string& file) {
    auto r = run_cmd("pdftotext -enc UTF-8 " + file + " -");
    REQUIRE(r.status == 0);
    return r.out;
}

}  // namespace

TEST_CASE("write_pdf: a one-page document passes qpdf and extracts exactly") {
    static const std::vector<unsigned char> bytes = pdf::write_pdf(sample_document());  // once for all subcases
    REQUIRE(bytes.size() > 1000);
    CHECK(std::string(bytes.begin(), bytes.begin() + 8) == "%PDF-1.7");
    const std::string file = write_temp(bytes, "sample");

    SUBCASE("qpdf --check is clean") {
        auto r = run_cmd("qpdf --check " + file);
        CHECK(r.status == 0);
        CHECK(r.out.find("No syntax or stream encoding errors") != std::string::npos);
        CHECK(r.out.find("WARNING") == std::string::npos);
        INFO(r.out);
    }
    SUBCASE("every font is embedded and subset") {
        auto r = run_cmd("pdffonts " + file);
        REQUIRE(r.status == 0);
        INFO(r.out);
        int fonts_seen = 0;
        size_t pos = r.out.find("-----\n");
        REQUIRE(pos != std::string::npos);
        std::string rows = r.out.substr(r.out.find('\n', pos) + 1);
        size_t start = 0;
        while (start < rows.size()) {
            size_t end = rows.find('\n', start);
            std::string line = rows.substr(start, end - start);
            start = end == std::string::npos ? rows.size() : end + 1;
            if (line.empty()) continue;
            ++fonts_seen;
            CHECK(line.find("yes yes yes") != std::string::npos);  // emb sub uni
            CHECK(line[6] == '+');                                 // ABCDEF+Name
        }
        CHECK(fonts_seen == 3);
        CHECK(r.out.find("CID TrueType") != std::string::npos);
        CHECK(r.out.find("CID Type 0C") != std::string::npos);
    }
    SUBCASE("pdftotext gives back the text") {
        const std::string t = text_of(file);
        INFO(t);
        CHECK(t.find("Zoë Müller\n") != std::string::npos);
        CHECK(t.find("CV Education\n") != std::string::npos);  // small caps: C and c share a glyph
        CHECK(t.find("An efficient find of AVA offices.\n") != std::string::npos);  // fi, ffi ligatures
        CHECK(t.find("𝒪(𝑁)") != std::string::npos);   // CFF, non-BMP
        CHECK(t.find("\nM\n") != std::string::npos);   // per-glyph ActualText in a CFF font
        CHECK(t.find("cooperation\n") != std::string::npos);  // run ActualText
        CHECK(t.find("cooper-") == std::string::npos);
    }
    SUBCASE("pdfinfo shows the metadata and the links") {
        auto r = run_cmd("TZ=UTC pdfinfo " + file);
        REQUIRE(r.status == 0);
        INFO(r.out);
        CHECK(r.out.find("Title:           Curriculum Vitæ — Zoë Müller\n") != std::string::npos);
        CHECK(r.out.find("Author:          Zoë Müller\n") != std::string::npos);
        CHECK(r.out.find("Subject:         CV\n") != std::string::npos);
        CHECK(r.out.find("Keywords:        typesetting, 𝒪(n)\n") != std::string::npos);
        CHECK(r.out.find("Creator:         cvpdf 0.1.0\n") != std::string::npos);
        CHECK(r.out.find("Producer:        cvpdf 0.1.0\n") != std::string::npos);
        CHECK(r.out.find("CreationDate:    Tue Nov 14 22:13:20 2023") != std::string::npos);
        CHECK(r.out.find("ModDate:         Tue Nov 14 22:13:20 2023") != std::string::npos);
        CHECK(r.out.find("PDF version:     1.7") != std::string::npos);
        CHECK(r.out.find("Page size:       595.276 x 841.89 pts") != std::string::npos);
        auto u = run_cmd("pdfinfo -url " + file);
        INFO(u.out);
        CHECK(u.out.find("https://example.org/cv") != std::string::npos);
        CHECK(u.out.find("mailto:zoe@example.org") != std::string::npos);
        CHECK(u.out.find("https://example.org/z%C3%BCrich") != std::string::npos);  // URIs are ASCII
    }
    SUBCASE("content: rule, path, colours, outline, /Lang, no visible link border") {
        auto r = run_cmd("qpdf --qdf --object-streams=disable " + file + " -");
        REQUIRE(r.status == 0);
        const std::string& q = r.out;
        CHECK(q.find(" re f\n") != std::string::npos);
        CHECK(q.find(" l\nS\n") != std::string::npos);
        CHECK(q.find("0.2 0.3 0.6 rg\n") != std::string::npos);
        CHECK(q.find("/ActualText <feff0063006f006f007000650072006100740069006f006e>") != std::string::npos);
        CHECK(q.find("/Lang (de-CH)") != std::string::npos);
        CHECK(q.find("/Border [\n    0\n    0\n    0\n  ]") != std::string::npos);
        CHECK(q.find("/Count 2") != std::string::npos);
        CHECK(q.find("/Title <feff0045006400750063006100740069006f006e0020d835dcaa>") != std::string::npos);
        CHECK(q.find("/XYZ\n    0\n    731.875\n    null") != std::string::npos);
        CHECK(q.find("/Title <feff005a006f00eb") != std::string::npos);  // "Zoë" as UTF-16BE (qpdf lower-cases)
        CHECK(q.find("/ID [") != std::string::npos);
    }
    remove_temp(file);
}

TEST_CASE("write_pdf: identical input gives byte-identical output") {
    const page::Document doc = sample_document();
    const auto a = pdf::write_pdf(doc);
    const auto b = pdf::write_pdf(doc);
    CHECK(a == b);
    MESSAGE("sample document (3 faces, 1 page): " << a.size() << " bytes");
    page::Document changed = doc;
    changed.pages[0].rules[0].width = 100;
    const auto c = pdf::write_pdf(changed);
    CHECK(c != a);
    // The /ID depends on the content.
    auto id_of = [](const std::vector<unsigned char>& v) {
        std::string s(v.begin(), v.end());
        size_t p = s.rfind("/ID [");
        return p == std::string::npos ? std::string() : s.substr(p, 75);
    };
    CHECK(!id_of(a).empty());
    CHECK(id_of(a) != id_of(c));
}

TEST_CASE("write_pdf: documents written on several threads at once are the same bytes") {
    const page::Document doc = sample_document();
    const auto expect = pdf::write_pdf(doc);
    std::vector<std::vector<unsigned char>> got(4);
    std::vector<std::thread> threads;
    for (auto& g : got)  // each thread has its own libharu arena (haru_arena.hpp)
        threads.emplace_back([&doc, &g] {
            for (int i = 0; i < 5; ++i) g = pdf::write_pdf(doc);
        });
    for (auto& t : threads) t.join();
    for (const auto& g : got) CHECK(g == expect);
}

TEST_CASE("write_pdf: faces prepared for batches change no byte") {
    const page::Document doc = sample_document();
    const auto plain = pdf::write_pdf(doc);
    pdf::PreparedFaces faces;
    pdf::WriteOptions wo;
    wo.prepared = &faces;
    const auto first = pdf::write_pdf(doc, wo);  // prepares every face the document uses
    CHECK(faces.size() == doc.fonts.size());
    const auto again = pdf::write_pdf(doc, wo);  // subsets from the prepared faces
    CHECK(faces.size() == doc.fonts.size());
    CHECK(first == plain);
    CHECK(again == plain);
    CHECK_FALSE(pdf::PreparedFaces::worth_it(1));
    CHECK(pdf::PreparedFaces::worth_it(1000));
}

TEST_CASE("subset_font: a TrueType program keeps the tables ISO 32000 asks of a CIDFont, nothing else") {
    const TestFont f = load_repo_font("GentiumBookPlus-Regular.ttf");
    pdf::FontUsage usage;
    for (uint32_t gid : {36u, 68u, 69u, 70u}) usage.entries.push_back({gid, "x"});
    const pdf::SubsetFont sub = pdf::subset_font(f.res, usage);
    REQUIRE_FALSE(sub.cff);
    hb_face_t* face = hb_face_create(sub.program.get(), 0);
    auto has = [&](const char* tag) {
        hb_blob_t* b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
        const bool present = hb_blob_get_length(b) > 0;
        hb_blob_destroy(b);
        return present;
    };
    for (const char* t : {"head", "hhea", "hmtx", "loca", "maxp", "glyf", "OS/2"}) CHECK_MESSAGE(has(t), t);
    // Glyphs are chosen by the CIDToGIDMap and text comes from ToUnicode: no cmap, no layout.
    for (const char* t : {"cmap", "GSUB", "GPOS", "GDEF", "kern"}) CHECK_MESSAGE(!has(t), t);
    CHECK(hb_face_get_glyph_count(face) == 5);  // .notdef + the four
    hb_face_destroy(face);
}

TEST_CASE("subset_font: descriptor name, angle and weight as HarfBuzz reads them, for every bundled font") {
    for (const char* name : {"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Bold.ttf", "GentiumBookPlus-Italic.ttf",
                             "GentiumBookPlus-BoldItalic.ttf", "NotoSans-Regular.ttf", "NotoSans-BoldItalic.ttf",
                             "NotoSansHebrew-Bold.ttf", "NotoSansArabic-Regular.ttf", "DejaVuSansMono.ttf",
                             "FontAwesome.ttf", "LatinModernMath.otf"}) {
        CAPTURE(name);
        const TestFont f = load_repo_font(name);
        pdf::FontUsage usage;
        usage.entries.push_back({1u, ""});
        const pdf::SubsetFont sub = pdf::subset_font(f.res, usage);
        hb_blob_t* blob = hb_blob_create(reinterpret_cast<const char*>(f.res.data.data()), unsigned(f.res.data.size()),
                                         HB_MEMORY_MODE_READONLY, nullptr, nullptr);
        hb_face_t* face = hb_face_create(blob, 0);
        hb_font_t* font = hb_font_create(face);
        char buf[128];
        unsigned len = sizeof buf;
        hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, buf);
        CHECK(sub.desc.ps_name == std::string(buf, len));
        CHECK(sub.desc.italic_angle == doctest::Approx(hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE)));
        const double w = hb_style_get_value(font, HB_STYLE_TAG_WEIGHT);
        CHECK(sub.desc.stem_v == std::round(50 + (w / 65) * (w / 65)));
        hb_font_destroy(font);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
}

TEST_CASE("write_pdf: uncompressed output shows the operators") {
    page::Document doc = sample_document();
    const auto bytes = pdf::write_pdf(doc, {.compress = false});
    const std::string s(bytes.begin(), bytes.end());
    CHECK(s.find("BT\n") != std::string::npos);
    CHECK(s.find(" Tf\n") != std::string::npos);
    CHECK(s.find("] TJ\n") != std::string::npos);
    CHECK(s.find("beginbfchar") != std::string::npos);
    CHECK(s.find("/CIDToGIDMap") != std::string::npos);
    CHECK(s.find("/FontFile3") != std::string::npos);
    CHECK(s.find("/FontFile2") != std::string::npos);
    const std::string file = write_temp(bytes, "plain");
    CHECK(run_cmd("qpdf --check " + file).status == 0);
    remove_temp(file);
}

TEST_CASE("write_pdf: an unreadable font is a cvpdf::Error") {
    auto junk = std::make_shared<std::vector<unsigned char>>(4096);
    std::mt19937 rng(42);
    for (auto& b : *junk) b = static_cast<unsigned char>(rng());
    page::Document doc;
    doc.fonts.push_back({"junk.ttf", 0, std::span<const unsigned char>(junk->data(), junk->size()), junk});
    page::Page p;
    page::GlyphRun run;
    run.text = "A";
    run.glyphs.push_back({1, 5, 0, 0, 0});
    p.add(run);
    doc.pages.push_back(p);
    CHECK_THROWS_AS(pdf::write_pdf(doc), cvpdf::Error);

    // A real font with a glyph id it does not have.
    page::Document bad;
    bad.fonts.push_back(fonts().regular.res);
    page::Page q;
    run.glyphs[0].gid = 999999;
    q.add(run);
    bad.pages.push_back(q);
    CHECK_THROWS_AS(pdf::write_pdf(bad), cvpdf::Error);

    // A real font cut short: an error or a valid file, never a crash.
    for (size_t keep : {size_t(12), size_t(1000), size_t(20000), size_t(400000)}) {
        const auto& full = fonts().regular.res.data;
        auto cut = std::make_shared<std::vector<unsigned char>>(full.begin(), full.begin() + keep);
        page::Document t;
        t.fonts.push_back({"cut.ttf", 0, std::span<const unsigned char>(cut->data(), cut->size()), cut});
        page::Page tp;
        run.glyphs[0].gid = 5;
        tp.add(run);
        t.pages.push_back(tp);
        try {
            const auto bytes = pdf::write_pdf(t);
            CHECK(bytes.size() > 100);
        } catch (const cvpdf::Error& e) {
            CHECK(std::string(e.what()).find("cut.ttf") != std::string::npos);
        }
    }

    // A run pointing at a font the document does not have.
    bad.fonts.clear();
    CHECK_THROWS_AS(pdf::write_pdf(bad), cvpdf::Error);
}

TEST_CASE("write_pdf: clusters of several glyphs extract once") {
    Fixture& f = fonts();
    page::Document doc;
    doc.fonts = {f.regular.res, f.math.res};
    page::Page p;
    // x + combining macron: no precomposed glyph, so two glyphs in one cluster, the mark
    // positioned with an offset.
    auto xbar = shape(f.regular, 0, "x\u0304yz", 12, 72, 100);
    CHECK(xbar.glyphs.size() == 4);
    p.add(xbar);
    // CFF: the N glyph shown as a second glyph of the 𝒪 cluster (no text of its own) and
    // elsewhere as 𝑁: the ToUnicode says 𝑁, the cluster copy gets an empty ActualText.
    auto n = shape(f.math, 1, "𝑁", 12, 72, 130);
    auto o = shape(f.math, 1, "𝒪", 12, 72, 160);
    o.glyphs.push_back(n.glyphs[0]);
    o.glyphs.back().cluster = 0;
    p.add(n);
    p.add(o);
    doc.pages.push_back(std::move(p));
    const auto bytes = pdf::write_pdf(doc);
    const std::string file = write_temp(bytes, "clusters");
    CHECK(run_cmd("qpdf --check " + file).status == 0);
    const std::string t = text_of(file);
    INFO(t);
    CHECK(t.find("x\u0304yz\n") != std::string::npos);
    CHECK(t.find("\n𝑁\n") != std::string::npos);
    CHECK(t.find("\n𝒪\n") != std::string::npos);
    remove_temp(file);
}

TEST_CASE("write_pdf: empty document and pages without text") {
    page::Document doc;
    page::Page p;
    p.add(page::Rule{10, 10, 100, 2, {}});
    doc.pages.push_back(p);
    doc.pages.push_back(page::Page{});
    const auto bytes = pdf::write_pdf(doc);
    const std::string file = write_temp(bytes, "empty");
    CHECK(run_cmd("qpdf --check " + file).status == 0);
    auto r = run_cmd("pdfinfo " + file);
    CHECK(r.out.find("Pages:           2") != std::string::npos);
    CHECK(r.out.find("CreationDate") == std::string::npos);  // timestamp < 0: no dates
    CHECK(r.out.find("Title") == std::string::npos);         // empty: absent
    CHECK(r.out.find("Keywords") == std::string::npos);
    remove_temp(file);
}

// ---- subset store (pdf/subset_store.hpp) -------------------------------------------------

namespace {

using StoreDir = cvpdf::test::TempDir;

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("subset store: a font given by a loader is read only when its program is not stored") {
    StoreDir dir;
    const page::Document plain_doc = sample_document();
    page::Document doc = plain_doc;
    int loads = 0;
    for (auto& f : doc.fonts) {  // the layout's way: no bytes up front, a loader instead
        const std::span<const unsigned char> bytes = f.data;
        f.data = {};
        f.load = [bytes, &loads] {
            ++loads;
            return bytes;
        };
    }
    pdf::WriteOptions wo;
    wo.subset_store = dir.path;
    const auto plain = pdf::write_pdf(plain_doc);
    CHECK(pdf::write_pdf(doc, wo) == plain);
    CHECK(loads == 3);  // each font once, to subset it
    loads = 0;
    CHECK(pdf::write_pdf(doc, wo) == plain);
    CHECK(loads == 0);  // every program from the store: no font read
    CHECK(pdf::write_pdf(doc) == plain);  // no store: read again
    CHECK(loads == 3);
    page::Document none = doc;
    none.fonts[0].load = {};
    CHECK_THROWS_AS(pdf::write_pdf(none), cvpdf::Error);  // neither bytes nor a loader
}

TEST_CASE("subset store: the next write takes its font programs from the store, same bytes") {
    StoreDir dir;
    const page::Document doc = sample_document();
    const auto plain = pdf::write_pdf(doc);
    pdf::WriteOptions wo;
    wo.subset_store = dir.path;
    const auto first = pdf::write_pdf(doc, wo);
    REQUIRE(dir.files("subset-").size() == 3);  // one program per font
    const auto second = pdf::write_pdf(doc, wo);
    CHECK(first == plain);
    CHECK(second == plain);
    const std::string path = write_temp(second, "stored.pdf");
    CHECK(run_cmd("qpdf --check " + path).status == 0);
    CHECK(run_cmd("pdffonts " + path).out.find("yes yes yes") != std::string::npos);
    remove_temp(path);

    // The stored program is what goes into the PDF: one altered (and resealed) shows up.
    for (const auto& f : dir.files("subset-")) {
        std::string image = slurp(f);
        image[image.size() - 1] ^= 0x01;  // the last byte of the deflated program (its checksum)
        cvpdf::seal_kv_image(image);
        std::ofstream(f, std::ios::binary | std::ios::trunc) << image;
    }
    CHECK(pdf::write_pdf(doc, wo) != plain);
}

TEST_CASE("subset store: a hit gives the same widths, codes and descriptor without reading the font") {
    StoreDir dir;
    const pdf::SubsetStore store(dir.path);
    for (const char* name : {"GentiumBookPlus-Italic.ttf", "LatinModernMath.otf"}) {
        const TestFont f = load_repo_font(name);
        auto usage_of = [] {
            pdf::FontUsage u;
            for (uint32_t g : {40u, 3u, 17u, 3u}) u.entries.push_back({g, ""});
            return u;
        };
        pdf::FontUsage fresh_usage = usage_of(), stored_usage = usage_of();
        const pdf::SubsetFont fresh = pdf::subset_font(f.res, fresh_usage, nullptr, &store);
        // The same path and glyphs, but bytes HarfBuzz cannot read: only a hit can succeed.
        page::FontResource blank = f.res;
        const std::vector<unsigned char> zeros(f.res.data.size(), 0);
        blank.data = zeros;
        const pdf::SubsetFont stored = pdf::subset_font(blank, stored_usage, nullptr, &store);
        CHECK(stored.cff == fresh.cff);
        CHECK(stored.new_gid == fresh.new_gid);
        CHECK(stored.desc == fresh.desc);
        CHECK(stored.raw_size == fresh.raw_size);
        for (size_t i = 0; i < fresh_usage.entries.size(); ++i) {
            CHECK(stored_usage.entries[i].width == fresh_usage.entries[i].width);
            CHECK(fresh_usage.entries[i].width > 0);
        }
        pdf::FontUsage other = usage_of();
        other.entries.push_back({41u, ""});  // another glyph set: a miss, so the bytes are read
        CHECK_THROWS(pdf::subset_font(blank, other, nullptr, &store));
    }
}

TEST_CASE("subset store: programs are checked whole and must match their key exactly") {
    pdf::StoredProgram p;
    p.cff = true;
    p.raw_size = 1234;
    p.digest[0] = 0x0123456789abcdefull, p.digest[1] = 42;
    p.new_gid = {0, 1, 2, 7};
    p.widths = {0, 512.125, -3.5, 1000};
    p.desc.ps_name = "GentiumBookPlus-Italic";
    p.desc.bbox[0] = -1066, p.desc.bbox[3] = 1929;
    p.desc.italic_angle = -12.5, p.desc.ascent = 1125, p.desc.descent = -375;
    p.desc.cap_height = 650, p.desc.x_height = 435.333, p.desc.stem_v = 88;
    p.desc.flags = 68;
    p.flated = {0x78, 0x9c, 1, 2, 3};
    const std::string value = pdf::encode_program(p);
    auto back = pdf::decode_program(value);
    REQUIRE(back);
    CHECK(back->cff);
    CHECK(back->raw_size == 1234);
    CHECK(back->digest[0] == p.digest[0]);
    CHECK(back->digest[1] == 42);
    CHECK(back->new_gid == p.new_gid);
    CHECK(back->widths == p.widths);
    CHECK(back->desc == p.desc);
    CHECK(back->flated == p.flated);
    const size_t fixed = 1 + 4 + 16 + 4 + 4 * 8 + 4 + p.desc.ps_name.size() + 10 * 8 + 4;
    for (size_t cut = 0; cut <= fixed; ++cut) CHECK_FALSE(pdf::decode_program(value.substr(0, cut)));
    std::string bad_flag = value;
    bad_flag[0] = 2;
    CHECK_FALSE(pdf::decode_program(bad_flag));
    p.new_gid.back() = 0x10000;  // beyond a 2-byte code: never from hb-subset
    CHECK_FALSE(pdf::decode_program(pdf::encode_program(p)));
    // The image around it: another key (font version or glyph set) finds nothing.
    const std::string image = cvpdf::build_kv_image(pdf::SubsetStore::kMagic, "key", {{"program", value}});
    CHECK(cvpdf::KvImage::parse(image, pdf::SubsetStore::kMagic, "key").find("program"));
    CHECK_FALSE(cvpdf::KvImage::parse(image, pdf::SubsetStore::kMagic, "kex").find("program"));
}

TEST_CASE("subset store: a font keeps its newest programs only") {
    StoreDir dir;
    Fixture& f = fonts();
    pdf::WriteOptions wo;
    wo.subset_store = dir.path;
    const char* words[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"};
    for (const char* w : words) {
        page::Document doc;
        doc.fonts = {f.regular.res};
        page::Page p;
        p.add(shape(f.regular, 0, w, 10, 72, 72));
        doc.pages.push_back(std::move(p));
        pdf::write_pdf(doc, wo);
    }
    CHECK(dir.files("subset-").size() == pdf::SubsetStore::kPerFont);
}
