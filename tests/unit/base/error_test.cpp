#include <doctest/doctest.h>

#include "base/error.hpp"

using cvpdf::Error;

TEST_CASE("diagnostics read file:line:col: error: message") {
    Error e("unknown key 'titel'", {"cv.toml", 12, 5});
    CHECK(std::string(e.what()) == "cv.toml:12:5: error: unknown key 'titel'");
    CHECK(e.formatted("warning") == "cv.toml:12:5: warning: unknown key 'titel'");
}

TEST_CASE("unknown parts of a position are left out") {
    CHECK(std::string(Error("boom", {"cv.toml", 0, 0}).what()) == "cv.toml: error: boom");
    CHECK(std::string(Error("boom").what()) == "error: boom");
    CHECK(std::string(Error("boom", {"a.toml", 3, 0}).what()) == "a.toml:3: error: boom");
}

#include <cstdio>
#include <fstream>

TEST_CASE("errors show the source line with a caret under the column") {
    const std::string path = "/tmp/cvpdf_error_test.toml";
    {
        std::ofstream f(path);
        f << "[person]\nname = \"Mike He\"\nemail = 42\n\ttitle = \"Dr\"\n";
    }
    Error e("'person.email' must be a string, found an integer", {path, 3, 9});
    CHECK(e.with_source() == path + ":3:9: error: 'person.email' must be a string, found an integer\n"
                                    "  email = 42\n"
                                    "          ^");
    // Tabs are kept so the caret lines up under the character in a terminal.
    CHECK(cvpdf::source_excerpt({path, 4, 2}) == "  \ttitle = \"Dr\"\n  \t^");
    // Unknown positions or unreadable files show no excerpt.
    CHECK(Error("boom", {path, 0, 0}).with_source() == path + ": error: boom");
    CHECK(cvpdf::source_excerpt({"/nonexistent.toml", 1, 1}).empty());
    CHECK(cvpdf::source_excerpt({path, 99, 1}).empty());
    std::remove(path.c_str());
}
