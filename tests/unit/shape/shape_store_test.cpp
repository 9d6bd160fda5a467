#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shape/font.hpp"
#include "../temp_dir.hpp"
#include "shape/shape_store.hpp"
#include "shape/shaper.hpp"

using namespace cvpdf::shape;
namespace fs = std::filesystem;

namespace {

const std::string kRegular = CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf";
const std::string kHebrew = CVPDF_SOURCE_DIR "/fonts/NotoSansHebrew-Regular.ttf";

using cvpdf::test::TempDir;

// Words in several fonts, sizes, features, spacings and scripts: marks (reshaped with every
// lookup), ligatures, small caps, tracking, right-to-left.
struct Word {
    const char* text;
    float size;
    const char* features;
    float spacing;
};
const Word kWords[] = {{"office", 10, "kern,liga", 0}, {"office", 12, "kern,liga", 0}, {"office", 10, "kern,liga", 1},
                       {"Dvořák", 10, "kern", 0},     {"x\u0301y", 10, "kern", 0},     {"Education", 11, "smcp,c2sc", 0},
                       {"AVA", 9, "kern", 0}};

void same(const Shaped& a, const Shaped& b) {
    REQUIRE(a.glyphs.size() == b.glyphs.size());
    CHECK(a.width == b.width);
    CHECK(a.has_notdef == b.has_notdef);
    for (size_t i = 0; i < a.glyphs.size(); ++i) {
        CHECK(a.glyphs[i].gid == b.glyphs[i].gid);
        CHECK(a.glyphs[i].cluster == b.glyphs[i].cluster);
        CHECK(a.glyphs[i].advance == b.glyphs[i].advance);  // exactly: the same integers, scaled alike
        CHECK(a.glyphs[i].dx == b.glyphs[i].dx);
        CHECK(a.glyphs[i].dy == b.glyphs[i].dy);
    }
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s;
}

}  // namespace

TEST_CASE("the next run takes its words from the store: the same glyphs, no shaping") {
    TempDir dir;
    FontCache fonts;
    auto latin = fonts.load(kRegular);
    auto hebrew = fonts.load(kHebrew);
    std::vector<Shaped> first;
    {
        Shaper s;
        s.use_store(dir.path);
        for (const Word& w : kWords) first.push_back(s.shape_cached(*latin, w.text, w.size, {w.features}, "en", w.spacing));
        first.push_back(s.shape_cached(*hebrew, "שלום", 10, {"kern"}, "he"));
        // "office" at 12 pt is "office" at 10 pt scaled: stored glyphs are in font units.
        CHECK(s.store_hits() == 1);
        CHECK(s.shape_calls() == std::size(kWords));
        CHECK(s.save_store() == 2);  // one image per font
        CHECK(s.save_store() == 0);  // nothing new since
    }
    CHECK(dir.images().size() == 2);
    Shaper again;
    again.use_store(dir.path);
    size_t i = 0;
    for (const Word& w : kWords) same(again.shape_cached(*latin, w.text, w.size, {w.features}, "en", w.spacing), first[i++]);
    same(again.shape_cached(*hebrew, "שלום", 10, {"kern"}, "he"), first[i]);
    CHECK(again.shape_calls() == 0);
    CHECK(again.store_hits() == std::size(kWords) + 1);
    // And they are what HarfBuzz makes of them without any store.
    Shaper plain;
    i = 0;
    for (const Word& w : kWords) same(plain.shape(*latin, w.text, w.size, {w.features}, "en", w.spacing), first[i++]);
}

TEST_CASE("a font whose words all come from the store never builds its shaping face") {
    TempDir dir;
    {
        FontCache fonts;
        Shaper s;
        s.use_store(dir.path);
        s.shape_cached(*fonts.load(kRegular), "stored", 10, {"kern"});
        s.save_store();
    }
    FontCache fonts;
    auto font = fonts.load(kRegular);
    Shaper s;
    s.use_store(dir.path);
    s.shape_cached(*font, "stored", 10, {"kern"});
    CHECK(s.store_hits() == 1);
    CHECK(s.shape_calls() == 0);
    CHECK_FALSE(font->shaping_face_made());
    s.shape_cached(*font, "unstored", 10, {"kern"});
    CHECK(font->shaping_face_made());
}

TEST_CASE("store keys keep features, spacing, language and text apart") {
    CHECK(shape_key("kern", false, "en", "ab") != shape_key("kern", true, "en", "ab"));
    CHECK(shape_key("ke", false, "rnen", "ab") != shape_key("kern", false, "en", "ab"));
    CHECK(shape_key("kern", false, "e", "nab") != shape_key("kern", false, "en", "ab"));
    CHECK(shape_key("", false, "", "") != shape_key("", false, "", "x"));
}

TEST_CASE("damaged, truncated, foreign or implausible images are not trusted") {
    const std::string stamp = "font\nstamp";
    const std::vector<std::pair<std::string, std::vector<RawGlyph>>> words = {
        {"a", {{5, 0, 500, 0, 0}}}, {"bc", {{6, 0, 400, 0, 0}, {7, 1, 300, 10, -20}}}};
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& [k, g] : words) entries.emplace_back(k, encode_glyphs(g));
    const std::string image = cvpdf::build_kv_image(ShapeStore::kMagic, stamp, entries);
    std::vector<RawGlyph> g;
    {
        cvpdf::KvImage img = cvpdf::KvImage::parse(image, ShapeStore::kMagic, stamp);
        REQUIRE(img.size() == 2);
        auto v = img.find("bc");
        REQUIRE(v);
        REQUIRE(decode_glyphs(*v, g));
        CHECK(g == words[1].second);
        CHECK_FALSE(img.find("b"));
        CHECK_FALSE(decode_glyphs(v->substr(1), g));  // not whole glyphs
    }
    CHECK(cvpdf::KvImage::parse(image, ShapeStore::kMagic, "font\nother").empty());  // another font or version
    CHECK(cvpdf::KvImage::parse(image, "CVSHAPE1", stamp).empty());                // another format
    for (size_t cut : {size_t(0), size_t(7), image.size() / 2, image.size() - 1})
        CHECK(cvpdf::KvImage::parse(image.substr(0, cut), ShapeStore::kMagic, stamp).empty());
    std::string flipped = image;
    flipped[flipped.size() - 3] ^= 0x40;
    CHECK(cvpdf::KvImage::parse(flipped, ShapeStore::kMagic, stamp).empty());  // the checksum
    // Structure is checked even when the checksum matches: a value length past the end.
    std::string bad = image;
    const size_t len_at = bad.size() - 2 * 20 - 4;
    bad[len_at + 2] = char(0x7F);
    cvpdf::seal_kv_image(bad);
    CHECK(cvpdf::KvImage::parse(bad, ShapeStore::kMagic, stamp).empty());
    std::string extra = image + "x";
    cvpdf::seal_kv_image(extra);
    CHECK(cvpdf::KvImage::parse(extra, ShapeStore::kMagic, stamp).empty());

    // Glyphs the font does not have, or clusters outside the word: shaped afresh.
    TempDir dir;
    FontCache fonts;
    auto font = fonts.load(kRegular);
    const std::string st = ShapeStore::stamp_of(*font);
    const fs::path file = ShapeStore::file_of(dir.path, st);
    write(file, cvpdf::build_kv_image(
                    ShapeStore::kMagic, st,
                    {{shape_key("kern", false, "en", "ab"), encode_glyphs({{font->num_glyphs(), 0, 500, 0, 0}})},
                     {shape_key("kern", false, "en", "cd"), encode_glyphs({{5, 0, 500, 0, 0}, {6, 7, 500, 0, 0}})},
                     {shape_key("kern", false, "en", "ef"),
                      encode_glyphs({{5, 1, 500, 0, 0}, {6, 0, 500, 0, 0}, {7, 1, 1, 0, 0}})}}));
    Shaper s;
    s.use_store(dir.path);
    Shaper plain;
    for (const char* w : {"ab", "cd", "ef"}) same(s.shape_cached(*font, w, 10, {"kern"}), plain.shape(*font, w, 10, {"kern"}));
    CHECK(s.store_hits() == 0);
    CHECK(s.shape_calls() == 3);
    // The next save replaces them with what HarfBuzz made.
    s.save_store();
    Shaper next;
    next.use_store(dir.path);
    for (const char* w : {"ab", "cd", "ef"}) same(next.shape_cached(*font, w, 10, {"kern"}), plain.shape(*font, w, 10, {"kern"}));
    CHECK(next.store_hits() == 3);
}

TEST_CASE("a changed font file gets a new image and its old one is removed") {
    TempDir dir;
    const fs::path copy = dir.path / "Font.ttf";
    fs::copy_file(kRegular, copy);
    {
        FontCache fonts;
        Shaper s;
        s.use_store(dir.path);
        s.shape_cached(*fonts.load(copy.string()), "before", 10, {"kern"});
        s.save_store();
    }
    REQUIRE(dir.images().size() == 1);
    const fs::path old_image = dir.images()[0];
    fs::last_write_time(copy, fs::last_write_time(copy) + std::chrono::seconds(5));  // "edited"
    FontCache fonts;
    Shaper s;
    s.use_store(dir.path);
    s.shape_cached(*fonts.load(copy.string()), "before", 10, {"kern"});
    CHECK(s.store_hits() == 0);  // the old image names another version of the file
    s.save_store();
    REQUIRE(dir.images().size() == 1);
    CHECK(dir.images()[0] != old_image);
}

TEST_CASE("without a folder the store keeps nothing") {
    FontCache fonts;
    Shaper s;
    s.use_store({});
    s.shape_cached(*fonts.load(kRegular), "word", 10, {"kern"});
    CHECK(s.save_store() == 0);
    CHECK(s.shape_calls() == 1);
}

TEST_CASE("an unwritable cache folder costs nothing but the store") {
    FontCache fonts;
    Shaper s;
    s.use_store("/proc/cvpdf-cannot-write-here");
    same(s.shape_cached(*fonts.load(kRegular), "word", 10, {"kern"}), Shaper().shape(*fonts.load(kRegular), "word", 10, {"kern"}));
    CHECK(s.save_store() == 0);
}

TEST_CASE("an image keeps at most kMaxWords words, the ones this run used first") {
    TempDir dir;
    FontCache fonts;
    auto font = fonts.load(kRegular);
    const std::string st = ShapeStore::stamp_of(*font);
    std::vector<std::pair<std::string, std::string>> many;
    for (size_t i = 0; i < ShapeStore::kMaxWords; ++i) {
        std::string word = "w";
        word += std::to_string(i);
        many.push_back({shape_key("kern", false, "en", word), encode_glyphs({{5, 0, 500, 0, 0}})});
    }
    write(ShapeStore::file_of(dir.path, st), cvpdf::build_kv_image(ShapeStore::kMagic, st, many));
    Shaper s;
    s.use_store(dir.path);
    s.shape_cached(*font, "w7", 10, {"kern"});    // used: kept
    s.shape_cached(*font, "fresh", 10, {"kern"});  // new: kept
    CHECK(s.store_hits() == 1);
    s.save_store();
    const cvpdf::KvImage img = cvpdf::KvImage::parse(read(ShapeStore::file_of(dir.path, st)), ShapeStore::kMagic, st);
    CHECK(img.size() == 2);
    CHECK(img.find(shape_key("kern", false, "en", "w7")));
    CHECK(img.find(shape_key("kern", false, "en", "fresh")));
}
