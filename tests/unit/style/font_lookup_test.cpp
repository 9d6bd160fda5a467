// Fonts by family and style through fontconfig. Install-independent: each test builds a
// fresh FcConfig that knows only the project's own fonts/ folder (not the system's fonts.conf),
// so "Noto Sans" Bold is always fonts/NotoSans-Bold.ttf, whatever the machine has.
#include <doctest/doctest.h>
#include <fontconfig/fontconfig.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "base/error.hpp"
#include "style/font_lookup.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf::style;
namespace fs = std::filesystem;

namespace {

const std::string kFonts = std::string(CVPDF_SOURCE_DIR) + "/fonts";

// A configuration with no system configuration and only the project's fonts: a fonts.conf
// of its own, naming fonts/ and a scratch cache folder (so fontconfig has somewhere to
// write its cache and says nothing).
struct ProjectFonts {
    fs::path cache = fs::temp_directory_path() / ("cvpdf-fc-test-" + std::to_string(::getpid()));
    FcConfig* config = FcConfigCreate();
    ProjectFonts() {
        REQUIRE(config);
        const std::string conf = "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">"
                                 "<fontconfig><dir>" + kFonts + "</dir><cachedir>" + cache.string() +
                                 "</cachedir></fontconfig>";
        REQUIRE(FcConfigParseAndLoadFromMemory(config, reinterpret_cast<const FcChar8*>(conf.c_str()), FcTrue));
        REQUIRE(FcConfigBuildFonts(config));
    }
    ~ProjectFonts() {
        FcConfigDestroy(config);
        std::error_code ec;
        fs::remove_all(cache, ec);
    }
};

// Makes the project's fonts the process's current configuration (what a layout's
// { family, style } resolves against), restoring the previous one afterwards.
struct CurrentConfig {
    FcConfig* previous = FcConfigReference(nullptr);  // the current one (loaded if need be)
    explicit CurrentConfig(FcConfig* config) { REQUIRE(FcConfigSetCurrent(config)); }
    ~CurrentConfig() {
        FcConfigSetCurrent(previous);
        FcConfigDestroy(previous);
    }
};

std::string name_of(const std::optional<std::string>& file) {
    return file ? fs::path(*file).filename().string() : std::string("(none)");
}

}  // namespace

TEST_CASE("fontconfig: a family and style of the project's fonts resolve to their files") {
    ProjectFonts fc;
    CHECK(name_of(find_font_file("Noto Sans", "Bold", fc.config)) == "NotoSans-Bold.ttf");
    CHECK(name_of(find_font_file("Noto Sans", "Regular", fc.config)) == "NotoSans-Regular.ttf");
    CHECK(name_of(find_font_file("Noto Sans", "", fc.config)) == "NotoSans-Regular.ttf");
    CHECK(name_of(find_font_file("Noto Sans", "Bold Italic", fc.config)) == "NotoSans-BoldItalic.ttf");
    CHECK(name_of(find_font_file("Gentium Book Plus", "Italic", fc.config)) == "GentiumBookPlus-Italic.ttf");
    CHECK(name_of(find_font_file("Gentium Book Plus", "Bold", fc.config)) == "GentiumBookPlus-Bold.ttf");
    // Family and style compare as fontconfig compares names: case and blanks do not count.
    CHECK(name_of(find_font_file("noto sans", "bold", fc.config)) == "NotoSans-Bold.ttf");
    CHECK(name_of(find_font_file("NotoSans", "Italic", fc.config)) == "NotoSans-Italic.ttf");
    CHECK(fs::path(*find_font_file("Noto Sans", "Bold", fc.config)).is_absolute());
}

TEST_CASE("fontconfig: an unknown family or style is refused, never substituted") {
    ProjectFonts fc;
    // fontconfig's best match for these is some other font; it must not be taken.
    CHECK_FALSE(find_font_file("No Such Family 12345", "Regular", fc.config));
    CHECK_FALSE(find_font_file("Noto Serif", "Regular", fc.config));
    CHECK_FALSE(find_font_file("Latin Modern Math", "Bold", fc.config));   // only Regular shipped
    CHECK_FALSE(find_font_file("Noto Sans", "Condensed Black", fc.config));
    CHECK_FALSE(find_font_file("", "Regular", fc.config));
}

TEST_CASE("a layout names fonts by family and style, or by file, in one [fonts] table") {
    ProjectFonts fc;
    CurrentConfig current(fc.config);
    LayoutSpec s = load_layout_string(
        "extends = \"classic\"\n"
        "[fonts]\n"
        "regular = { family = \"Noto Sans\" }\n"
        "bold = { family = \"Noto Sans\", style = \"Bold\" }\n"
        "italic = { family = \"Gentium Book Plus\", style = \"Italic\" }\n"
        "bold_italic = \"NotoSans-BoldItalic.ttf\"\n"
        "fallback = [{ family = \"Latin Modern Math\" }, \"FontAwesome.ttf\"]\n",
        "l.toml");
    CHECK(fs::path(s.fonts.regular).filename() == "NotoSans-Regular.ttf");
    CHECK(fs::path(s.fonts.bold).filename() == "NotoSans-Bold.ttf");
    CHECK(fs::path(s.fonts.italic).filename() == "GentiumBookPlus-Italic.ttf");
    CHECK(fs::path(s.fonts.bold_italic).filename() == "NotoSans-BoldItalic.ttf");
    REQUIRE(s.fonts.fallback.size() == 2);
    CHECK(fs::path(s.fonts.fallback[0].regular).filename() == "LatinModernMath.otf");
    CHECK(fs::path(s.fonts.fallback[0].bold).filename() == "LatinModernMath.otf");  // one font, every face
    CHECK(fs::path(s.fonts.fallback[1].bold_italic).filename() == "FontAwesome.ttf");
}

TEST_CASE("a fallback entry names a font per face, by file or by family and style") {
    ProjectFonts fc;
    CurrentConfig current(fc.config);
    LayoutSpec s = load_layout_string(
        "[fonts]\n"
        "regular = \"NotoSans-Regular.ttf\"\n"
        "fallback = [\"FontAwesome.ttf\",\n"
        "  { regular = { family = \"Noto Sans Hebrew\" }, bold = { family = \"Noto Sans Hebrew\", style = \"Bold\" } },\n"
        "  { regular = \"NotoSansArabic-Regular.ttf\", bold = \"NotoSansArabic-Bold.ttf\", italic = \"NotoSans-Italic.ttf\" }]\n",
        "l.toml");
    REQUIRE(s.fonts.fallback.size() == 3);
    const auto& he = s.fonts.fallback[1];
    CHECK(fs::path(he.regular).filename() == "NotoSansHebrew-Regular.ttf");
    CHECK(fs::path(he.bold).filename() == "NotoSansHebrew-Bold.ttf");
    CHECK(he.italic == he.regular);     // a missing italic is the regular
    CHECK(he.bold_italic == he.bold);   // a missing bold italic is the bold
    CHECK(he.face(Face::Bold) == he.bold);
    const auto& ar = s.fonts.fallback[2];
    CHECK(fs::path(ar.face(Face::Regular)).filename() == "NotoSansArabic-Regular.ttf");
    CHECK(fs::path(ar.face(Face::Italic)).filename() == "NotoSans-Italic.ttf");
    CHECK(fs::path(ar.face(Face::BoldItalic)).filename() == "NotoSansArabic-Bold.ttf");
}

TEST_CASE("per-face fallback entries are checked strictly, at their line and column") {
    ProjectFonts fc;
    CurrentConfig current(fc.config);
    CHECK_THROWS_WITH_AS(
        load_layout_string("[fonts]\nfallback = [{ regular = \"NotoSansHebrew-Regular.ttf\", bols = \"NotoSansHebrew-Bold.ttf\" }]\n",
                           "l.toml"),
        "l.toml:2:55: error: unknown key 'fonts.fallback.bols'; did you mean 'bold'?", cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nfallback = [{ bold = \"NotoSansHebrew-Bold.ttf\" }]\n", "l.toml"),
                         doctest::Contains("l.toml:2:13: error: a 'fonts.fallback' entry needs a regular font"),
                         cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nfallback = [{ regular = \"NotoSansHebrew-Regular.ttf\", bold = \"Nope.ttf\" }]\n",
                                            "l.toml"),
                         doctest::Contains("l.toml:2:62: error: font file \"Nope.ttf\" not found"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(
        load_layout_string("[fonts]\nfallback = [{ regular = { family = \"Noto Sans Hebrew\", style = \"Black\" } }]\n", "l.toml"),
        doctest::Contains("l.toml:2:25: error: no installed font matches family \"Noto Sans Hebrew\" style \"Black\""),
        cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nfallback = [{ regular = 3 }]\n", "l.toml"),
                         doctest::Contains("l.toml:2:25: error: a font must be a file name or { family, style }"),
                         cvpdf::Error);
}

TEST_CASE("a family and style that match no installed font is an error at the value") {
    ProjectFonts fc;
    CurrentConfig current(fc.config);
    CHECK_THROWS_WITH_AS(
        load_layout_string("[fonts]\nregular = { family = \"Nope Sans\", style = \"Bold\" }\n", "l.toml"),
        "l.toml:2:11: error: no installed font matches family \"Nope Sans\" style \"Bold\" "
        "(fc-list shows what is installed)",
        cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nbold = { family = \"Noto Sans\", syle = \"Bold\" }\n", "l.toml"),
                         doctest::Contains("l.toml:2:32: error: unknown key 'fonts.bold.syle'; did you mean 'style'?"),
                         cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nbold = { style = \"Bold\" }\n", "l.toml"),
                         doctest::Contains("l.toml:2:8: error: 'fonts.bold' needs a family"), cvpdf::Error);
    CHECK_THROWS_WITH_AS(load_layout_string("[fonts]\nbold = 12\n", "l.toml"),
                         doctest::Contains("l.toml:2:8: error: a font must be a file name or { family, style }"),
                         cvpdf::Error);
}
