#include <doctest/doctest.h>

#include <string>

#include "pdf/font_usage.hpp"

using cvpdf::pdf::FontUsage;

TEST_CASE("FontUsage: one entry per glyph and text, in order of first appearance") {
    FontUsage fu;
    const std::string nbsp = "\xC2\xA0";
    CHECK(fu.entry_for({3, " "}) == 0);
    CHECK(fu.entry_for({68, "a"}) == 1);
    CHECK(fu.entry_for({3, nbsp}) == 2);  // one glyph for two characters: two entries
    CHECK(fu.entry_for({68, ""}) == 3);   // a later glyph of a cluster shows no text
    CHECK(fu.entry_for({68, "b"}) == 4);  // the same glyph id with another byte
    CHECK(fu.entry_for({70000, "c"}) == 5);
    CHECK(fu.entry_for({3, "fi"}) == 6);
    // Asked again, in any order: the same entries, nothing added.
    for (int round = 0; round < 2; ++round) {
        CHECK(fu.entry_for({68, "b"}) == 4);
        CHECK(fu.entry_for({3, nbsp}) == 2);
        CHECK(fu.entry_for({68, "a"}) == 1);
        CHECK(fu.entry_for({3, " "}) == 0);
        CHECK(fu.entry_for({68, ""}) == 3);
        CHECK(fu.entry_for({70000, "c"}) == 5);
        CHECK(fu.entry_for({3, "fi"}) == 6);
    }
    REQUIRE(fu.entries.size() == 7);
    CHECK(fu.entries[2].gid == 3);
    CHECK(fu.entries[2].text == nbsp);
    CHECK(fu.entries[4].gid == 68);
    CHECK(fu.entries[4].text == "b");
    CHECK(fu.entries[3].text.empty());
}
