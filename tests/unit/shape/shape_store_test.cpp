#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shape/font.hpp"
#include "shape/shape_store.hpp"
#include "shape/shaper.hpp"

using namespace cvpdf::shape;
namespace fs = std::filesystem;

namespace {

const std::string kRegular = CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf";
const std::string kHebrew = CVPDF_SOURCE_DIR "/fonts/NotoSansHebrew-Regular.ttf";

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("cvpdf-shapes-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(reinterpret_cast<uintptr_t>(this)));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    std::vector<fs::path> images() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(path))
            if (e.path().filename().string().rfind("shapes-", 0) == 0) out.push_back(e.path());
        return out;
    }
};

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
    const std::string image = build_shape_image(stamp, words);
    std::vector<RawGlyph> g;
    {
        ShapeImage img = ShapeImage::parse(image, stamp);
        REQUIRE(img.size() == 2);
        REQUIRE(img.find("bc", g));
        CHECK(g == words[1].second);
        CHECK_FALSE(img.find("b", g));
    }
    CHECK(ShapeImage::parse(image, "font\nother").empty());  // another font file or version
    for (size_t cut : {size_t(0), size_t(7), image.size() / 2, image.size() - 1})
        CHECK(ShapeImage::parse(image.substr(0, cut), stamp).empty());
    std::string flipped = image;
    flipped[flipped.size() - 3] ^= 0x40;
    CHECK(ShapeImage::parse(flipped, stamp).empty());  // the checksum
    // Structure is checked even when the checksum matches: a glyph count past the end.
    std::string bad = image;
    const size_t count_at = bad.size() - 2 * 20 - 4;
    bad[count_at] = char(0xFF), bad[count_at + 1] = char(0xFF);
    seal_shape_image(bad);
    CHECK(ShapeImage::parse(bad, stamp).empty());
    std::string extra = image + "x";
    seal_shape_image(extra);
    CHECK(ShapeImage::parse(extra, stamp).empty());

    // Glyphs the font does not have, or clusters outside the word: shaped afresh.
    TempDir dir;
    FontCache fonts;
    auto font = fonts.load(kRegular);
    const std::string st = ShapeStore::stamp_of(*font);
    const fs::path file = ShapeStore::file_of(dir.path, st);
    write(file, build_shape_image(st, {{shape_key("kern", false, "en", "ab"), {{font->num_glyphs(), 0, 500, 0, 0}}},
                                       {shape_key("kern", false, "en", "cd"), {{5, 0, 500, 0, 0}, {6, 7, 500, 0, 0}}},
                                       {shape_key("kern", false, "en", "ef"), {{5, 1, 500, 0, 0}, {6, 0, 500, 0, 0}, {7, 1, 1, 0, 0}}}}));
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
    std::vector<std::pair<std::string, std::vector<RawGlyph>>> many;
    for (size_t i = 0; i < ShapeStore::kMaxWords; ++i) {
        std::string word = "w";
        word += std::to_string(i);
        many.push_back({shape_key("kern", false, "en", word), {{5, 0, 500, 0, 0}}});
    }
    write(ShapeStore::file_of(dir.path, st), build_shape_image(st, many));
    Shaper s;
    s.use_store(dir.path);
    s.shape_cached(*font, "w7", 10, {"kern"});    // used: kept
    s.shape_cached(*font, "fresh", 10, {"kern"});  // new: kept
    CHECK(s.store_hits() == 1);
    s.save_store();
    const ShapeImage img = ShapeImage::parse(read(ShapeStore::file_of(dir.path, st)), st);
    CHECK(img.size() == 2);
    std::vector<RawGlyph> g;
    CHECK(img.find(shape_key("kern", false, "en", "w7"), g));
    CHECK(img.find(shape_key("kern", false, "en", "fresh"), g));
}
