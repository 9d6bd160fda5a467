// Robustness regressions (issue 8): bad bytes and fuzzer-found inputs give a positioned
// cvpdf::Error, never a crash.
#include <doctest/doctest.h>

#include <string>

#include "model/cv.hpp"

using namespace cvpdf::model;

namespace {

std::string error_of(std::string_view toml) {
    try {
        load_cv_string(toml, "t.toml");
    } catch (const cvpdf::Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("invalid UTF-8 is reported at the offending byte's line and column") {
    CHECK(error_of("[person]\nname = \"Mi\xFFke\"\n") ==
          "t.toml:2:11: error: invalid UTF-8 (byte 0xFF starts no valid character); save the file as UTF-8");
    // A truncated two-byte sequence in a comment, after a multi-byte character (columns count code points).
    CHECK(error_of("[person]\n# \xC3\xA9t\xC3\x28\nname = \"x\"\n").rfind("t.toml:2:5: error: invalid UTF-8 (byte 0xC3", 0) == 0);
    // Overlong encoding, UTF-16 surrogate, beyond U+10FFFF, truncated at end of file.
    CHECK(error_of("[person]\nname = \"\xC0\xAF\"\n").rfind("t.toml:2:9: error: invalid UTF-8", 0) == 0);
    CHECK(error_of("[person]\nname = \"\xED\xA0\x80\"\n").rfind("t.toml:2:9: error: invalid UTF-8", 0) == 0);
    CHECK(error_of("[person]\nname = \"\xF4\x90\x80\x80\"\n").rfind("t.toml:2:9: error: invalid UTF-8", 0) == 0);
    CHECK(error_of("[person]\nname = \"x\"\n#\xE2\x82").rfind("t.toml:3:2: error: invalid UTF-8", 0) == 0);
    // Valid multi-byte text still loads.
    CHECK(error_of("[person]\nname = \"H\xC3\xA9 \xE2\x86\x92 \xF0\x9D\x90\xB4\"\n") == "no error");
}
