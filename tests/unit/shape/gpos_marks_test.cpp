#include <doctest/doctest.h>

#include <hb.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "shape/font.hpp"
#include "shape/gpos_marks.hpp"
#include "shape/shaper.hpp"

using cvpdf::shape::mark_feature_coverage;
using cvpdf::shape::mark_only_lookup_counts;

namespace {

// A GPOS table written by hand: a header, a feature list and a lookup list, each part
// appended at the offset the test gives it.
struct Table {
    std::vector<unsigned char> b;
    void u16(uint32_t v) {
        b.push_back(uint8_t(v >> 8));
        b.push_back(uint8_t(v));
    }
    void u32(uint32_t v) {
        u16(v >> 16);
        u16(v & 0xFFFF);
    }
    void tag(const char* t) { b.insert(b.end(), t, t + 4); }
    void put16(size_t at, uint32_t v) {
        b[at] = uint8_t(v >> 8);
        b[at + 1] = uint8_t(v);
    }
    size_t size() const { return b.size(); }
};

struct Lookup {
    uint32_t type;
    std::vector<std::vector<unsigned char>> subtables;  // each starts at its own offset 0
};

std::vector<unsigned char> subtable_fmt1_coverage(uint32_t format, std::vector<uint32_t> glyphs) {
    Table t;
    t.u16(format);
    t.u16(6);  // coverage right after this 6-byte head
    t.u16(0);
    t.u16(1);
    t.u16(uint32_t(glyphs.size()));
    for (uint32_t g : glyphs) t.u16(g);
    return t.b;
}

std::vector<unsigned char> subtable_fmt2_coverage(uint32_t first, uint32_t last) {
    Table t;
    t.u16(1);
    t.u16(6);
    t.u16(0);
    t.u16(2);
    t.u16(1);
    t.u16(first);
    t.u16(last);
    t.u16(0);
    return t.b;
}

std::vector<unsigned char> extension(uint32_t type, const std::vector<unsigned char>& inner) {
    Table t;
    t.u16(1);
    t.u16(type);
    t.u32(8);
    t.b.insert(t.b.end(), inner.begin(), inner.end());
    return t.b;
}

// Cursive format 1: glyphs with their (entry, exit) anchor offsets; an anchor table is
// never read, so non-zero offsets suffice.
std::vector<unsigned char> cursive(std::vector<uint32_t> glyphs, std::vector<std::pair<int, int>> anchors) {
    Table t;
    t.u16(1);
    const uint32_t cov = 6 + 4 * uint32_t(anchors.size());
    t.u16(cov);
    t.u16(uint32_t(anchors.size()));
    for (auto [entry, exit] : anchors) {
        t.u16(uint32_t(entry));
        t.u16(uint32_t(exit));
    }
    t.u16(1);
    t.u16(uint32_t(glyphs.size()));
    for (uint32_t g : glyphs) t.u16(g);
    return t.b;
}

std::vector<unsigned char> gpos(const std::vector<std::pair<std::string, std::vector<uint32_t>>>& features,
                                const std::vector<Lookup>& lookups, uint32_t minor = 0, uint32_t variations = 0) {
    Table t;
    t.u16(1);
    t.u16(minor);
    t.u16(0);  // script list: never read
    t.u16(0);  // feature list, patched below
    t.u16(0);  // lookup list, patched below
    if (minor >= 1) t.u32(variations);
    t.put16(6, uint32_t(t.size()));
    const size_t fl = t.size();
    t.u16(uint32_t(features.size()));
    std::vector<size_t> rec_offsets;
    for (auto& f : features) {
        t.tag(f.first.c_str());
        rec_offsets.push_back(t.size());
        t.u16(0);
    }
    for (size_t i = 0; i < features.size(); ++i) {
        t.put16(rec_offsets[i], uint32_t(t.size() - fl));
        t.u16(0);
        t.u16(uint32_t(features[i].second.size()));
        for (uint32_t l : features[i].second) t.u16(l);
    }
    t.put16(8, uint32_t(t.size()));
    const size_t ll = t.size();
    t.u16(uint32_t(lookups.size()));
    const size_t slots = t.size();
    for (size_t i = 0; i < lookups.size(); ++i) t.u16(0);
    for (size_t i = 0; i < lookups.size(); ++i) {
        const size_t lo = t.size();
        t.put16(slots + 2 * i, uint32_t(lo - ll));
        t.u16(lookups[i].type);
        t.u16(0);
        t.u16(uint32_t(lookups[i].subtables.size()));
        const size_t sub_slots = t.size();
        for (size_t k = 0; k < lookups[i].subtables.size(); ++k) t.u16(0);
        for (size_t k = 0; k < lookups[i].subtables.size(); ++k) {
            t.put16(sub_slots + 2 * k, uint32_t(t.size() - lo));
            t.b.insert(t.b.end(), lookups[i].subtables[k].begin(), lookups[i].subtables[k].end());
        }
    }
    return t.b;
}

std::vector<uint32_t> glyphs_of(const std::vector<bool>& set) {
    std::vector<uint32_t> out;
    for (uint32_t g = 0; g < set.size(); ++g)
        if (set[g]) out.push_back(g);
    return out;
}

}  // namespace

TEST_CASE("mark coverage: the glyphs at which the 'mark' and 'mkmk' lookups can act") {
    const auto table = gpos({{"kern", {0}}, {"mark", {1}}, {"mkmk", {2, 3}}},
                            {{2, {subtable_fmt1_coverage(1, {5, 6})}},          // kern: not collected
                             {4, {subtable_fmt1_coverage(1, {10, 11})}},        // mark to base
                             {9, {extension(6, subtable_fmt2_coverage(20, 22))}},  // mark to mark, via extension
                             {3, {cursive({30, 31, 32}, {{0, 8}, {8, 0}, {0, 0}})}}});  // only 31 has an entry
    const auto cov = mark_feature_coverage(table, 100);
    REQUIRE(cov);
    CHECK(glyphs_of(*cov) == std::vector<uint32_t>{10, 11, 20, 21, 22, 31});
    // Glyph ids past the font's glyph count are dropped, not a failure.
    const auto small = mark_feature_coverage(table, 21);
    REQUIRE(small);
    CHECK(glyphs_of(*small) == std::vector<uint32_t>{10, 11, 20});
}

TEST_CASE("mark coverage: anything it cannot vouch for keeps the features on") {
    const auto fine = gpos({{"mark", {0}}}, {{4, {subtable_fmt1_coverage(1, {10})}}});
    REQUIRE(mark_feature_coverage(fine, 50));
    // A contextual lookup behind 'mark' calls other lookups.
    CHECK_FALSE(mark_feature_coverage(gpos({{"mark", {0}}}, {{8, {subtable_fmt1_coverage(1, {10})}}}), 50));
    CHECK_FALSE(mark_feature_coverage(gpos({{"mark", {0}}}, {{9, {extension(7, subtable_fmt1_coverage(1, {10}))}}}), 50));
    // A subtable format it does not know.
    CHECK_FALSE(mark_feature_coverage(gpos({{"mark", {0}}}, {{4, {subtable_fmt1_coverage(2, {10})}}}), 50));
    // Feature variations may swap the feature's lookups; none declared is fine.
    CHECK_FALSE(mark_feature_coverage(gpos({{"mark", {0}}}, {{4, {subtable_fmt1_coverage(1, {10})}}}, 1, 64), 50));
    CHECK(mark_feature_coverage(gpos({{"mark", {0}}}, {{4, {subtable_fmt1_coverage(1, {10})}}}, 1, 0), 50));
    // Every truncation fails cleanly, never reads past the table.
    for (size_t n = 0; n < fine.size(); ++n) {
        CAPTURE(n);
        CHECK_FALSE(mark_feature_coverage(std::span(fine.data(), n), 50));
    }
    // No GPOS at all, or another major version.
    CHECK_FALSE(mark_feature_coverage({}, 50));
    auto v2 = fine;
    v2[1] = 2;
    CHECK_FALSE(mark_feature_coverage(v2, 50));
    // Lookups of other features are never read, even when broken.
    CHECK(mark_feature_coverage(gpos({{"kern", {0}}, {"mark", {1}}},
                                     {{8, {subtable_fmt1_coverage(7, {1})}}, {4, {subtable_fmt1_coverage(1, {10})}}}),
                                50));
}

TEST_CASE("mark coverage: a table that makes one huge coverage be read over and over is refused") {
    // 10,000 'mark' lookups, all the same table, whose coverage spans every glyph id: read
    // once per lookup that would be 655 M steps. Valid otherwise, so only the work budget
    // can refuse it.
    const uint32_t n = 10000;
    Table t;
    t.u16(1), t.u16(0), t.u16(0), t.u16(10), t.u16(0);  // lookup list offset patched below
    t.u16(1), t.tag("mark"), t.u16(8);                  // feature list at 10: one record
    t.u16(0), t.u16(n);                                 // the feature at 18
    for (uint32_t i = 0; i < n; ++i) t.u16(i);
    const size_t ll = t.size();
    t.put16(8, uint32_t(ll));
    t.u16(n);
    for (uint32_t i = 0; i < n; ++i) t.u16(2 + 2 * n);  // every index: the one lookup below
    t.u16(4), t.u16(0), t.u16(1), t.u16(8);             // mark-to-base, one subtable
    t.u16(1), t.u16(6), t.u16(0);                       // its mark coverage 6 bytes on
    t.u16(2), t.u16(1), t.u16(0), t.u16(0xFFFF), t.u16(0);
    REQUIRE(t.size() < 65536);
    CHECK_FALSE(mark_feature_coverage(t.b, 4096));
    // The same with one lookup is an ordinary table.
    Table one = t;
    one.put16(20, 1);  // the feature names lookup 0 only
    CHECK(mark_feature_coverage(one.b, 4096));
}

namespace {

// The lookup table offsets of a table made by gpos(): where lookup i's header starts.
std::vector<uint32_t> lookup_offsets(const std::vector<unsigned char>& t) {
    auto u16 = [&](size_t o) { return uint32_t(t[o]) << 8 | t[o + 1]; };
    const uint32_t ll = u16(8), n = u16(ll);
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < n; ++i) out.push_back(ll + u16(ll + 2 + 2 * i));
    return out;
}

}  // namespace

TEST_CASE("mark-only lookups: the subtable counts of lookups no other feature uses") {
    const auto table = gpos({{"kern", {0, 3}}, {"mark", {1, 3}}, {"mkmk", {2}}},
                            {{2, {subtable_fmt1_coverage(1, {5})}},
                             {4, {subtable_fmt1_coverage(1, {10})}},
                             {9, {extension(6, subtable_fmt1_coverage(1, {20}))}},
                             {4, {subtable_fmt1_coverage(1, {30})}}});  // also kern's: kept
    const auto at = lookup_offsets(table);
    CHECK(mark_only_lookup_counts(table) == std::vector<uint32_t>{at[1] + 4, at[2] + 4});
    // Two indices naming one lookup table: kept whole when one of them is not mark-only.
    auto shared = table;
    const uint32_t ll = uint32_t(shared[8]) << 8 | shared[9];
    shared[ll + 2 + 2 * 1] = shared[ll + 2 + 2 * 0];  // index 1 -> lookup table of index 0
    shared[ll + 2 + 2 * 1 + 1] = shared[ll + 2 + 2 * 0 + 1];
    CHECK(mark_only_lookup_counts(shared) == std::vector<uint32_t>{at[2] + 4});
    // Any contextual lookup, even of another feature and behind an extension, could call a
    // mark lookup by its index: nothing is emptied.
    CHECK(mark_only_lookup_counts(gpos({{"kern", {0}}, {"mark", {1}}},
                                       {{8, {subtable_fmt1_coverage(1, {5})}}, {4, {subtable_fmt1_coverage(1, {10})}}}))
              .empty());
    CHECK(mark_only_lookup_counts(
              gpos({{"kern", {0}}, {"mark", {1}}},
                   {{9, {extension(2, subtable_fmt1_coverage(1, {5})), extension(7, subtable_fmt1_coverage(1, {6}))}},
                    {4, {subtable_fmt1_coverage(1, {10})}}}))
              .empty());
    CHECK(mark_only_lookup_counts(gpos({{"kern", {0}}}, {{2, {subtable_fmt1_coverage(1, {5})}}})).empty());
    for (size_t n = 0; n < table.size(); ++n) {  // truncated: nothing, or only counts inside
        CAPTURE(n);
        for (uint32_t c : mark_only_lookup_counts(std::span(table.data(), n))) CHECK(c + 2 <= n);
    }
}

TEST_CASE("Gentium shapes with its mark-only lookups emptied, and with all of them where marks attach") {
    cvpdf::shape::FontCache cache;
    auto font = cache.load(CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf");
    REQUIRE(font->hb() != font->hb_full());
    auto acute_offset = [](hb_font_t* f) {
        hb_buffer_t* buf = hb_buffer_create();
        hb_buffer_add_utf8(buf, "x\u0301", -1, 0, -1);
        hb_buffer_guess_segment_properties(buf);
        hb_shape(f, buf, nullptr, 0);
        unsigned n = 0;
        hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
        const std::pair<int, int> offset = n == 2 ? std::pair(pos[1].x_offset, pos[1].y_offset) : std::pair(-1, -1);
        hb_buffer_destroy(buf);
        return offset;
    };
    CHECK(acute_offset(font->hb()) == std::pair(0, 0));  // not attached: the emptied lookups
    CHECK(acute_offset(font->hb_full()) != std::pair(0, 0));  // attached above the x
    // A font whose GPOS has a contextual lookup keeps one face.
    auto noto = cache.load(CVPDF_SOURCE_DIR "/fonts/NotoSans-Regular.ttf");
    CHECK(noto->hb() == noto->hb_full());
}

namespace {

struct Plain {
    std::vector<uint32_t> gid, cluster;
    std::vector<int32_t> ax, dx, dy;
    bool operator==(const Plain&) const = default;
};

// HarfBuzz with every feature at its default and all of the font's lookups: what the
// shaper must match.
Plain harfbuzz(const cvpdf::shape::Font& font, const std::string& text, const std::string& lang) {
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text.data(), int(text.size()), 0, int(text.size()));
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_language(buf, hb_language_from_string(lang.data(), int(lang.size())));
    hb_feature_t kern;
    hb_feature_from_string("kern", -1, &kern);
    hb_shape(font.hb_full(), buf, &kern, 1);
    unsigned n = 0;
    hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
    Plain p;
    for (unsigned i = 0; i < n; ++i) {
        p.gid.push_back(info[i].codepoint);
        p.cluster.push_back(info[i].cluster);
        p.ax.push_back(pos[i].x_advance);
        p.dx.push_back(pos[i].x_offset);
        p.dy.push_back(pos[i].y_offset);
    }
    hb_buffer_destroy(buf);
    return p;
}

Plain ours(const cvpdf::shape::Shaper& shaper, const cvpdf::shape::Font& font, const std::string& text,
           const std::string& lang) {
    // At the font's own units per em, so that positions compare as HarfBuzz's integers.
    const cvpdf::shape::Shaped s = shaper.shape(font, text, font.units_per_em(), {"kern"}, lang);
    Plain p;
    for (const auto& g : s.glyphs) {
        p.gid.push_back(g.gid);
        p.cluster.push_back(g.cluster);
        p.ax.push_back(int32_t(std::lround(g.advance)));
        p.dx.push_back(int32_t(std::lround(g.dx)));
        p.dy.push_back(int32_t(std::lround(g.dy)));
    }
    return p;
}

}  // namespace

TEST_CASE("shaping without 'mark'/'mkmk' where no glyph can attach gives HarfBuzz's own result") {
    const std::string dir = CVPDF_SOURCE_DIR "/fonts/";
    struct Case {
        const char* font;
        const char* lang;
        std::vector<std::string> words;
    };
    const std::vector<Case> cases = {
        {"GentiumBookPlus-Regular.ttf", "en",
         {"Education", "Wafflers", "AVATAR", "office", "naïve", "cafe\u0301", "Nguyễn", "Nguye\u0302\u0303n", "q\u0303",
          "a\u0323\u0302", "i\u0307\u0301", "\u02E5\u02E9\u02E5", "x\u0301\u0301\u0301", "Ǹ", "ŋ̈"}},
        {"GentiumBookPlus-Italic.ttf", "en", {"Research", "résumé", "re\u0301sume\u0301", "fjord", "Å", "A\u030A"}},
        {"GentiumBookPlus-Bold.ttf", "vi", {"Tiếng", "Tie\u0302\u0301ng", "Việt"}},
        {"NotoSansArabic-Regular.ttf", "ar", {"مرحبا", "مَرْحَبًا", "كِتَابٌ", "السَّلَامُ"}},
        {"NotoSansHebrew-Regular.ttf", "he", {"שלום", "שָׁלוֹם", "בְּרֵאשִׁית"}},
        {"DejaVuSansMono.ttf", "en", {"code", "e\u0301\u0323", "Ω"}},
    };
    cvpdf::shape::FontCache cache;
    size_t with_marks = 0;
    for (const auto& c : cases) {
        auto font = cache.load(dir + c.font);
        REQUIRE(font->mark_coverage());
        for (const auto& w : c.words) {
            CAPTURE(c.font);
            CAPTURE(w);
            cvpdf::shape::Shaper shaper;
            CHECK(ours(shaper, *font, w, c.lang) == harfbuzz(*font, w, c.lang));
            with_marks += shaper.mark_reshapes();
        }
    }
    CHECK(with_marks >= 10);  // the words with combining marks were shaped again, with the features
}

TEST_CASE("plain words are shaped once; a word with a mark twice; features naming marks are left alone") {
    cvpdf::shape::FontCache cache;
    auto font = cache.load(CVPDF_SOURCE_DIR "/fonts/GentiumBookPlus-Regular.ttf");
    cvpdf::shape::Shaper shaper;
    for (const char* w : {"Publications", "Experience", "2019–2023", "Mike", "He"}) shaper.shape(*font, w, 10, {"kern"});
    CHECK(shaper.mark_reshapes() == 0);
    shaper.shape(*font, "cafe\u0301", 10, {"kern"});  // HarfBuzz composes é: no mark glyph left
    CHECK(shaper.mark_reshapes() == 0);
    shaper.shape(*font, "x\u0301", 10, {"kern"});  // no precomposed x́: the acute is attached
    CHECK(shaper.mark_reshapes() == 1);
    shaper.shape(*font, "x\u0301", 10, {"kern,-mkmk"});  // the user's own choice about marks
    CHECK(shaper.mark_reshapes() == 1);
}
