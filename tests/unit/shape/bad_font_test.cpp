// Issue 8: damaged font files are errors naming the file, never a silent fallback or a crash.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "base/error.hpp"
#include "shape/font.hpp"

namespace {

std::string load_error(const std::string& path) {
    try {
        cvpdf::shape::Font f(path, 0);
    } catch (const cvpdf::Error& e) {
        return e.what();
    }
    return "no error";
}

std::string write_prefix(const std::string& from, size_t n, const std::string& to) {
    std::ifstream in(from, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(to, std::ios::binary).write(bytes.data(), std::streamsize(std::min(n, bytes.size())));
    return to;
}

}  // namespace

TEST_CASE("truncated, text and empty files are not fonts") {
    const std::string font = CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf";
    CHECK(load_error(font) == "no error");
    for (size_t n : {3000, 20000, 100000}) {
        std::string cut = write_prefix(font, n, "bad_font_cut.ttf");
        CHECK(load_error(cut).find("is corrupt") != std::string::npos);
    }
    std::ofstream("bad_font_text.ttf") << "not a font\n";
    CHECK(load_error("bad_font_text.ttf").find("is not a font file") != std::string::npos);
    std::ofstream("bad_font_empty.ttf").close();
    CHECK(load_error("bad_font_empty.ttf") != "no error");
    std::remove("bad_font_cut.ttf");
    std::remove("bad_font_text.ttf");
    std::remove("bad_font_empty.ttf");
}
