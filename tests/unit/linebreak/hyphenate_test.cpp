#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "linebreak/hyphenate.hpp"

using cvpdf::linebreak::Hyphenator;
using Points = std::vector<size_t>;

namespace {

std::shared_ptr<const Hyphenator> english() {
    auto en = Hyphenator::for_language("en");
    REQUIRE_MESSAGE(en, "hyph_en_US.dic (Debian package hyphen-en-us) must be installed");
    return en;
}

// "hy-phen-ation" style rendering, to make failures readable.
std::string show(std::string_view w, const Points& pts) {
    std::string out;
    size_t prev = 0;
    for (size_t p : pts) {
        out.append(w.substr(prev, p - prev)).append("-");
        prev = p;
    }
    return out.append(w.substr(prev));
}

}  // namespace

TEST_CASE("English words hyphenate as with TeX's US patterns") {
    auto en = english();
    CHECK(show("hyphenation", en->points("hyphenation")) == "hy-phen-ation");
    CHECK(en->points("hyphenation") == Points{2, 6});
    CHECK(show("rematerialization", en->points("rematerialization")) == "re-ma-te-ri-al-iza-tion");
    CHECK(show("characteristically", en->points("characteristically")) == "char-ac-ter-is-ti-cally");
    CHECK(show("computer", en->points("computer")) == "com-puter");
    // Case does not matter (patterns are lowercase; we lowercase for libhyphen).
    CHECK(en->points("Hyphenation") == Points{2, 6});
    CHECK(en->points("HYPHENATION") == Points{2, 6});
}

TEST_CASE("points are byte offsets into the UTF-8 input") {
    auto en = english();
    // é is two bytes: the points after it are shifted by one compared with character counts.
    CHECK(show("hyphénation", en->points("hyphénation")) == "hy-phé-na-tion");
    CHECK(en->points("hyphénation") == Points{2, 6, 8});
    CHECK(en->points("Ünterhyphenation") == Points{3, 6, 8, 12});  // "Ün" = 3 bytes
    // Non-ASCII capitals are lowercased too (É → é), so the points match the lowercase word.
    CHECK(en->points("ÉLÉPHANTINE") == en->points("éléphantine"));
    CHECK_FALSE(en->points("ÉLÉPHANTINE").empty());
    // Every point lands on a character boundary.
    for (std::string w : {"präsentation", "universität", "résumé", "coöperation"})
        for (size_t p : en->points(w)) {
            CAPTURE(w);
            CHECK((static_cast<unsigned char>(w[p]) & 0xC0) != 0x80);
        }
}

TEST_CASE("German umlauts with a German dictionary") {
    auto de = Hyphenator::for_language("de");
    if (!de) {
        MESSAGE("no German hyphenation dictionary installed (hyphen-de): skipped");
        return;
    }
    const std::string w = "Universität";
    const Points pts = de->points(w);
    CHECK_FALSE(pts.empty());
    for (size_t p : pts) CHECK((static_cast<unsigned char>(w[p]) & 0xC0) != 0x80);
    CHECK(show(w, pts).find("tät") != std::string::npos);  // never split inside "ä"
}

TEST_CASE("left and right minimums") {
    auto en = english();
    CHECK(en->points("hyphenation", 3, 3) == Points{6});  // "hy" is too short on the left
    CHECK(en->points("hyphenation", 2, 6) == Points{2});  // "ation" is too short on the right
    CHECK(en->points("hyphenation", 7, 5).empty());
    // The dictionary's own limits (en_US: 2 and 3) still apply below them.
    CHECK(en->points("hyphenation", 1, 1) == Points{2, 6});
    CHECK(en->points("rematerialization", 1, 1).back() <= std::string("rematerialization").size() - 3);
    // Counted in characters, not bytes: "hé" is two characters.
    CHECK(en->points("hyphénation", 2, 3) == Points{2, 6, 8});
    CHECK(en->points("hyphénation", 3, 3) == Points{6, 8});
    // Words shorter than left + right get nothing.
    CHECK(en->points("table", 3, 3).empty());
    CHECK(en->points("", 2, 3).empty());
}

TEST_CASE("a word asked again answers as the first time, for its own limits") {
    // Answers are remembered per word and limits: a fresh dictionary, then repeats in turn.
    Hyphenator en("/usr/share/hyphen/hyph_en_US.dic", "");
    const Points first = en.points("characteristically");
    CHECK(first.size() >= 4);
    for (int round = 0; round < 3; ++round) {
        CHECK(en.points("characteristically") == first);
        CHECK(en.points("characteristically", 5, 5) != first);
        CHECK(en.points("hyphenation", 3, 3) == Points{6});
        CHECK(en.points("hyphenation") == Points{2, 6});
        CHECK(en.points("Hyphenation") == Points{2, 6});
    }
}

TEST_CASE("no points in words with digits or bad UTF-8") {
    auto en = english();
    CHECK(en->points("mp3player").empty());
    CHECK(en->points("2nd").empty());
    CHECK(en->points("hyphenation2").empty());
    CHECK(en->points("hyphenation\xC3").empty());      // truncated sequence
    CHECK(en->points("\xFFhyphenation").empty());      // invalid lead byte
    CHECK(en->points("hyph\xC0\xAFnation").empty());   // overlong encoding
    CHECK(en->points(std::string(300, 'a')).empty());  // not a word
}

TEST_CASE("dictionary lookup by language tag") {
    auto en = Hyphenator::for_language("en");
    auto en_us = Hyphenator::for_language("en-US");
    REQUIRE(en);
    REQUIRE(en_us);
    CHECK(en.get() == en_us.get());  // one dictionary, loaded once
    CHECK(Hyphenator::for_language("en_US").get() == en.get());
    CHECK(Hyphenator::for_language("EN-us").get() == en.get());
    CHECK(Hyphenator::for_language("en-Latn-US").get() == en.get());
    CHECK(Hyphenator::for_language("xx") == nullptr);
    CHECK(Hyphenator::for_language("xx") == nullptr);  // misses are cached, still nullptr
    CHECK(Hyphenator::for_language("") == nullptr);
    CHECK(Hyphenator::for_language("e") == nullptr);
    CHECK(Hyphenator::for_language("../../etc/passwd") == nullptr);
    CHECK_THROWS_AS(Hyphenator("/nonexistent/hyph_xx.dic"), std::runtime_error);
}

TEST_CASE("concurrent use from several threads") {
    std::vector<std::thread> threads;
    std::vector<int> ok(8, 0);
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([t, &ok] {
            int good = 0;
            for (int i = 0; i < 200; ++i) {
                auto en = Hyphenator::for_language(i % 2 ? "en" : "en-US");
                good += en && en->points("hyphenation") == Points{2, 6} &&
                        en->points("rematerialization") == Points{2, 4, 6, 8, 10, 13};
            }
            ok[size_t(t)] = good;
        });
    for (auto& th : threads) th.join();
    for (int good : ok) CHECK(good == 200);
}
