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
