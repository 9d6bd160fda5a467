// pdf/flate_store.hpp: small streams deflated once, kept between runs, never wrong.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "base/kv_store.hpp"
#include "pdf/flate.hpp"
#include "pdf/flate_store.hpp"
#include "../temp_dir.hpp"

using namespace cvpdf;

namespace {

std::string sample(size_t n, char seed) {
    std::string s;
    for (size_t i = 0; s.size() < n; ++i) s += "<00" + std::to_string(i % 97) + "> <" + seed + std::to_string(i) + ">\n";
    s.resize(n);
    return s;
}

std::vector<unsigned char> deflated(const std::string& s) { return pdf::flate(s.data(), s.size()); }

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("flate store: the next run takes small streams from the file, the same bytes") {
    test::TempDir dir;
    const std::string a = sample(700, 'a'), b = sample(100, 'b');
    {
        pdf::FlateStore store(dir.path);
        CHECK(store.flate(a.data(), a.size()) == deflated(a));
        CHECK(store.flate(b.data(), b.size()) == deflated(b));
        CHECK(store.hits() == 0);
        CHECK(store.save());
    }
    REQUIRE(dir.files("flate-").size() == 1);
    pdf::FlateStore again(dir.path);
    CHECK(again.flate(b.data(), b.size()) == deflated(b));
    CHECK(again.flate(a.data(), a.size()) == deflated(a));
    CHECK(again.hits() == 2);
    CHECK_FALSE(again.save());  // nothing new: the file is not rewritten
    const std::string c = sample(700, 'c');  // same length as `a`, other bytes: a miss
    CHECK(again.flate(c.data(), c.size()) == deflated(c));
    CHECK(again.hits() == 2);
}

TEST_CASE("flate store: large streams and an empty folder keep nothing") {
    test::TempDir dir;
    const std::string big = sample(pdf::FlateStore::kMaxInput + 1, 'x');
    pdf::FlateStore store(dir.path);
    CHECK(store.flate(big.data(), big.size()) == deflated(big));
    CHECK_FALSE(store.save());
    CHECK(dir.files("flate-").empty());
    pdf::FlateStore off{std::filesystem::path()};
    const std::string s = sample(300, 's');
    CHECK(off.flate(s.data(), s.size()) == deflated(s));
    CHECK_FALSE(off.save());
}

TEST_CASE("flate store: a stored value that does not inflate to its key is not used") {
    test::TempDir dir;
    const std::string s = sample(500, 'd'), t = sample(400, 'e');
    {
        pdf::FlateStore store(dir.path);
        store.flate(s.data(), s.size());
        store.flate(t.data(), t.size());
        REQUIRE(store.save());
    }
    // Alter both values where the image holds them and reseal its checksum, so that only the
    // store's own check can refuse them (the fuzzer found the first kind).
    const auto file = dir.files("flate-").at(0);
    std::string edited = slurp(file);
    const auto fs = deflated(s), ft = deflated(t);
    const std::string vs(fs.begin(), fs.end()), vt(ft.begin(), ft.end());
    const size_t at_s = edited.find(vs), at_t = edited.find(vt);
    REQUIRE(at_s != std::string::npos);
    REQUIRE(at_t != std::string::npos);
    edited[at_s + vs.size() / 2] ^= 0x5A;  // header and Adler-32 intact, the deflate data not
    edited[at_t] = 0x00;                   // not a zlib header
    seal_kv_image(edited);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << edited;
    pdf::FlateStore store(dir.path);
    CHECK(store.flate(s.data(), s.size()) == fs);
    CHECK(store.flate(t.data(), t.size()) == ft);
    CHECK(store.hits() == 0);
}
