// The facts file (shape/font.hpp): a font whose answers are stored is not read by HarfBuzz,
// and every stored answer is the one HarfBuzz gives.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/kv_store.hpp"
#include "shape/font.hpp"
#include "../temp_dir.hpp"

using namespace cvpdf::shape;
namespace fs = std::filesystem;

namespace {

const std::string kMath = CVPDF_SOURCE_DIR "/fonts/LatinModernMath.otf";
const std::string kRegular = CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf";

using cvpdf::test::TempDir;

// Everything the layout asks, as one comparable record.
struct Answers {
    std::vector<float> numbers;
    std::vector<uint32_t> glyphs;
    bool operator==(const Answers&) const = default;
};

Answers ask(const Font& f) {
    Answers a;
    a.numbers = {f.units_per_em(), f.ascender(), f.descender(), f.cap_height(), f.x_height(), f.underline_thickness(),
                 f.math_constant(0, -1), f.math_constant(10, -1), f.math_constant(55, -1), f.math_constant(56, -1)};
    a.glyphs.push_back(f.num_glyphs());
    for (char32_t cp : {U'x', U'\u221A', U'\u05D0', U'\U0001F600'}) a.glyphs.push_back(f.nominal_glyph(cp));
    const uint32_t radical = f.nominal_glyph(U'\u221A');
    std::vector<uint32_t> probe{1, 5, radical, f.nominal_glyph(U'x')};
    for (uint32_t v : f.vertical_variants(radical)) {
        a.glyphs.push_back(v);
        probe.push_back(v);
    }
    for (uint32_t g : probe) {
        float top = 0, bottom = 0;
        f.glyph_extents(g, top, bottom);
        a.numbers.insert(a.numbers.end(), {top, bottom, f.advance(g)});
    }
    return a;
}

}  // namespace

TEST_CASE("facts: a font's answers come back from its facts file without HarfBuzz reading the font") {
    for (const std::string& path : {kMath, kRegular}) {
        CAPTURE(path);
        TempDir dir;
        const Font plain(path);
        const Answers truth = ask(plain);
        CHECK(plain.read_by_harfbuzz());
        if (path == kMath) {
            CHECK(truth.numbers[6] > 0);           // MATH constants read
            CHECK(truth.glyphs.size() > 5);        // the radical has variants
        } else {
            CHECK(truth.numbers[6] == -1);         // no MATH table: the fallback
        }

        {
            Font first(path, 0, dir.path);
            CHECK(ask(first) == truth);
            CHECK(first.save_facts());
            CHECK_FALSE(first.save_facts());  // nothing new since
        }
        REQUIRE(dir.facts().size() == 1);

        const Font second(path, 0, dir.path);
        CHECK(ask(second) == truth);
        CHECK_FALSE(second.read_by_harfbuzz());
        CHECK_FALSE(second.file_mapped());  // not even opened

        // A question not asked before is answered by HarfBuzz, and stored for the next run.
        float top, bottom;
        second.glyph_extents(7, top, bottom);
        CHECK(second.read_by_harfbuzz());
        CHECK(second.file_mapped());
    }
}

TEST_CASE("a font file that cannot be read is an error when its bytes are first needed") {
    TempDir dir;
    const fs::path copy = dir.path / "copy.ttf";
    fs::copy_file(kRegular, copy);
    const Font plain(copy.string());  // no store: HarfBuzz reads it at once
    CHECK(plain.file_mapped());
    CHECK_THROWS_AS(Font((dir.path / "missing.ttf").string(), 0, dir.path), cvpdf::Error);
    CHECK_THROWS_AS(Font(dir.path.string(), 0, dir.path), cvpdf::Error);  // a folder

    // Stored answers, then the file replaced before its bytes are first needed: an error,
    // not a mix of the two files.
    {
        Font first(copy.string(), 0, dir.path);
        float top, bottom;
        first.glyph_extents(7, top, bottom);
        first.save_facts();
    }
    const Font stored(copy.string(), 0, dir.path);
    CHECK_FALSE(stored.file_mapped());
    fs::remove(copy);
    fs::copy_file(kMath, copy);  // another font under the same name
    CHECK_THROWS_AS(stored.data(), cvpdf::Error);
}

TEST_CASE("facts: a damaged or foreign facts file is not used") {
    TempDir dir;
    {
        Font f(kRegular, 0, dir.path);
        ask(f);
        f.save_facts();
    }
    REQUIRE(dir.facts().size() == 1);
    const fs::path file = dir.facts()[0];
    std::stringstream ss;
    ss << std::ifstream(file, std::ios::binary).rdbuf();
    std::string image = ss.str();
    image[image.size() / 2] ^= 0x40;  // the checksum no longer matches
    std::ofstream(file, std::ios::binary | std::ios::trunc) << image;
    const Font f(kRegular, 0, dir.path);
    CHECK(f.read_by_harfbuzz());  // metrics recomputed
    CHECK(ask(f) == ask(Font(kRegular)));

    // Another face index of the same file is another stamp, so another file.
    CHECK(font_stamp(kRegular, 0) != font_stamp(kRegular, 1));
    CHECK(font_stamp(kRegular + ".missing", 0).empty());
}

TEST_CASE("facts: stored answers are checked before they are used") {
    const std::string stamp = font_stamp(kRegular, 0);
    const Font truth(kRegular);
    auto f32 = [](float v) {
        std::string s(4, '\0');
        std::memcpy(s.data(), &v, 4);
        return s;
    };
    auto u32 = [](uint32_t v) {
        std::string s(4, '\0');
        std::memcpy(s.data(), &v, 4);
        return s;
    };
    auto metrics = [&](float upem, float ascender) {
        std::string m = f32(upem);
        for (const std::string& part : {u32(100), f32(ascender), f32(-0.25f), f32(0.6f), f32(0.4f), u32(0)}) m += part;
        return m;
    };
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // Whole, intact images (right checksum) with values no font has: refused, so HarfBuzz
    // reads the font and its own answers are used.
    for (const std::string& bad : {metrics(0, 0.9f), metrics(1000, nan), metrics(1000, 1e9f),
                                   metrics(1000, 0.9f).append("x"), std::string(5, '\0')}) {
        TempDir dir;
        const std::string image = cvpdf::build_kv_image(Font::kFactsMagic, stamp, {{"metrics", bad}});
        std::ofstream(cvpdf::KvFile::path_for(dir.path, "facts", stamp), std::ios::binary) << image;
        const Font f(kRegular, 0, dir.path);
        CHECK(f.read_by_harfbuzz());
        CHECK(f.units_per_em() == truth.units_per_em());
        CHECK(f.ascender() == truth.ascender());
        CHECK(f.num_glyphs() == truth.num_glyphs());
    }
    // Sane metrics are taken as stored; a non-finite extent or a glyph past the stored count
    // is not.
    TempDir dir;
    std::string ext = f32(nan);
    ext += f32(0.1f);
    std::string key_e(1, 'e'), key_c(1, 'c');
    key_e += u32(5);
    key_c += u32('x');
    const std::string image = cvpdf::build_kv_image(
        Font::kFactsMagic, stamp, {{"metrics", metrics(1000, 0.9f)}, {key_e, ext}, {key_c, u32(100)}});
    std::ofstream(cvpdf::KvFile::path_for(dir.path, "facts", stamp), std::ios::binary) << image;
    const Font f(kRegular, 0, dir.path);
    CHECK_FALSE(f.read_by_harfbuzz());
    CHECK(f.ascender() == doctest::Approx(0.9f));
    float top = 0, bottom = 0;
    f.glyph_extents(5, top, bottom);
    CHECK(top == doctest::Approx(0.9f));  // the font's ascender stands in
    CHECK(bottom == doctest::Approx(0.25f));
    CHECK(f.nominal_glyph('x') == 0);  // 100 glyphs stored: id 100 is none of them
}
