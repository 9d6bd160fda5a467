// The Hyphenator's own Liang matcher (used for plain UTF-8 pattern files such as
// hyph_en_US) must give exactly libhyphen's points: checked word by word against
// hnj_hyphen_hyphenate3 on the same dictionary, over the dictionary's own pattern strings
// and seeded random words, with several hyphenmin settings.
#include <doctest/doctest.h>
#include <hyphen.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "linebreak/hyphenate.hpp"

using cvpdf::linebreak::Hyphenator;

namespace {

const char* const kDic = "/usr/share/hyphen/hyph_en_US.dic";

// What Hyphenator::points returned when it called libhyphen for every word (lowercase input).
std::vector<size_t> reference(HyphenDict* hd, const std::string& lower, int lm, int rm) {
    std::vector<size_t> out, offsets;
    for (size_t i = 0; i < lower.size(); ++i)
        if ((static_cast<unsigned char>(lower[i]) & 0xC0) != 0x80) offsets.push_back(i);
    const size_t nchars = offsets.size();
    offsets.push_back(lower.size());
    if (nchars < size_t(lm + rm)) return out;
    std::vector<char> hyphens(lower.size() + 5);
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    hnj_hyphen_hyphenate3(hd, lower.c_str(), int(lower.size()), hyphens.data(), nullptr, &rep, &pos, &cut, lm, rm, 0,
                          0);
    for (size_t k = 0; k + 1 < nchars; ++k) {
        if (!(hyphens[k] & 1) || (rep && rep[k])) continue;
        const size_t before = k + 1, after = nchars - before;
        if (before < size_t(lm) || after < size_t(rm)) continue;
        out.push_back(offsets[before]);
    }
    if (rep) {
        for (size_t k = 0; k < lower.size(); ++k) std::free(rep[k]);
        std::free(rep);
    }
    std::free(pos);
    std::free(cut);
    return out;
}

}  // namespace

TEST_CASE("own pattern matcher agrees with libhyphen on en_US") {
    if (!std::filesystem::exists(kDic)) {
        MESSAGE("hyphen-en-us not installed; skipped");
        return;
    }
    HyphenDict* hd = hnj_hyphen_load(kDic);
    REQUIRE(hd);
    Hyphenator hy(kDic);

    std::vector<std::string> words;
    // Every pattern's letters, alone and inside longer words.
    std::ifstream f(kDic);
    std::string line;
    std::getline(f, line);  // charset
    std::mt19937 rng(7);
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyzeeaaiioonnrrsstt";
    auto random_letters = [&](size_t n) {
        std::string s;
        for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
        return s;
    };
    while (std::getline(f, line)) {
        std::string letters;
        for (char c : line) {
            if (c == ' ' || c == '\r') break;
            if ((c >= '0' && c <= '9') || c == '.') continue;
            letters += c;
        }
        if (letters.empty() || letters.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ'") != std::string::npos) continue;
        words.push_back(letters);
        words.push_back(random_letters(rng() % 5) + letters + random_letters(rng() % 6));
    }
    for (int i = 0; i < 20000; ++i) words.push_back(random_letters(4 + rng() % 16));
    // Compounds: libhyphen's default first level splits at - ' – ’.
    const char* seps[] = {"-", "'", "\xE2\x80\x93", "\xE2\x80\x99"};
    for (int i = 0; i < 20000; ++i) {
        std::string w = random_letters(rng() % 9);
        for (int k = 0, parts = 1 + int(rng() % 3); k < parts; ++k) w += seps[rng() % 4] + random_letters(rng() % 10);
        words.push_back(w);
    }
    for (const char* w : {"dean's", "memory-constrained", "o'connor", "well-known", "rock’n’roll", "--", "'",
                          "a-b", "hyphen-", "-hyphenation"})
        words.push_back(w);
    for (const char* w : {"rematerialization", "hyphenation", "accelerator", "verification", "programming",
                          "café", "décolletage", "élan", "naïveté", "supercalifragilisticexpialidocious"})
        words.push_back(w);

    size_t compared = 0, with_points = 0;
    for (auto [lm, rm] : {std::pair{2, 3}, std::pair{1, 1}, std::pair{3, 3}, std::pair{2, 2}}) {
        for (const std::string& w : words) {
            auto got = hy.points(w, lm, rm);
            auto want = reference(hd, w, lm, rm);
            if (got != want) FAIL_CHECK("\"" << w << "\" (" << lm << "," << rm << ") differs from libhyphen");
            ++compared;
            with_points += !want.empty();
        }
    }
    CHECK(with_points > compared / 4);  // the comparison is not vacuous
    hnj_hyphen_free(hd);
}

TEST_CASE("uppercase input is matched lowercased") {
    if (!std::filesystem::exists(kDic)) return;
    Hyphenator hy(kDic);
    CHECK(hy.points("Rematerialization") == hy.points("rematerialization"));
    CHECK(hy.points("HYPHENATION") == hy.points("hyphenation"));
}
