#include <doctest/doctest.h>

#include <hyphen.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/kv_store.hpp"
#include "linebreak/hyphen_cache.hpp"
#include "linebreak/hyphenate.hpp"

using namespace cvpdf::linebreak;
namespace fs = std::filesystem;

namespace {

const char* const kEnglish = "/usr/share/hyphen/hyph_en_US.dic";

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("cvpdf-hyph-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(reinterpret_cast<uintptr_t>(this)));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

// Every word of the example CVs and a few hard cases: what the cache must reproduce exactly.
std::vector<std::string> words() {
    std::vector<std::string> out = {"hyphenation", "rematerialization", "characteristically", "Łukasiewicz",
                                    "Dvořák", "supercalifragilisticexpialidocious", "don't", "well-known"};
    for (const char* f : {"data/mike-he.toml", "data/long-academic.toml"}) {
        std::ifstream in(std::string(CVPDF_SOURCE_DIR) + "/" + f);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string w;
        for (char c : ss.str() + " ") {
            if (std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80)) {
                w += c;
            } else if (!w.empty()) {
                out.push_back(w);
                w.clear();
            }
        }
    }
    return out;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// The image of libhyphen's English dictionary, stamped "stamp".
std::string english_image() {
    HyphenDict* d = hnj_hyphen_load(kEnglish);
    REQUIRE(d);
    std::string image = compile_image(d, "stamp");
    hnj_hyphen_free(d);
    return image;
}

// libhyphen's own answer for a word: its odd digits mark hyphenation points.
std::string hyphens(HyphenDict* d, const std::string& word) {
    std::vector<char> out(word.size() + 5);
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    hnj_hyphen_hyphenate2(d, word.c_str(), int(word.size()), out.data(), nullptr, &rep, &pos, &cut);
    return std::string(out.data(), word.size());
}

}  // namespace

TEST_CASE("a cached dictionary hyphenates exactly like libhyphen's own load") {
    REQUIRE(fs::exists(kEnglish));
    TempDir dir;
    Hyphenator parsed(kEnglish, "");  // no cache: libhyphen parses the patterns
    CHECK_FALSE(parsed.from_cache());
    Hyphenator first(kEnglish, dir.path);  // miss: parses, then stores the compiled automaton
    CHECK_FALSE(first.from_cache());
    const fs::path file = cache_file(dir.path, kEnglish);
    REQUIRE(fs::exists(file));
    Hyphenator cached(kEnglish, dir.path);  // hit: no pattern parsing at all
    CHECK(cached.from_cache());

    const auto list = words();
    CHECK(list.size() > 500);
    size_t with_points = 0;
    for (const auto& w : list) {
        for (auto [l, r] : {std::pair{2, 3}, std::pair{1, 1}, std::pair{3, 4}}) {
            const auto expect = parsed.points(w, l, r);
            CHECK_MESSAGE(cached.points(w, l, r) == expect, w);
            with_points += !expect.empty();
        }
    }
    CHECK(with_points > 300);  // the comparison is not vacuous
}

TEST_CASE("images are rebuilt from libhyphen's dictionary byte for byte") {
    HyphenDict* d = hnj_hyphen_load(kEnglish);
    REQUIRE(d);
    const std::string image = compile_image(d, "stamp");
    auto cd = CompiledDict::from_image(image, "stamp");
    REQUIRE(cd);
    // The rebuilt automaton compiles to the same image: nothing lost or reordered.
    CHECK(compile_image(cd->dict(), "stamp") == image);
    CHECK(cd->dict()->num_states == d->num_states);
    REQUIRE(cd->dict()->nextlevel);
    CHECK(cd->dict()->nextlevel->num_states == d->nextlevel->num_states);
    hnj_hyphen_free(d);
}

TEST_CASE("damaged, stale or foreign images are refused, never trusted") {
    const std::string image = english_image();
    REQUIRE(CompiledDict::from_image(image, "stamp"));

    CHECK_FALSE(CompiledDict::from_image(image, "another stamp"));  // dictionary file changed
    CHECK_FALSE(CompiledDict::from_image("", "stamp"));
    CHECK_FALSE(CompiledDict::from_image("garbage", "stamp"));
    for (size_t cut : {size_t(8), size_t(40), image.size() / 2, image.size() - 1})
        CHECK_FALSE(CompiledDict::from_image(image.substr(0, cut), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(image + "x", "stamp"));
    // A flipped bit anywhere in the payload fails the checksum.
    for (size_t at : {image.size() / 3, image.size() / 2, image.size() - 3}) {
        std::string bad = image;
        bad[at] = char(bad[at] ^ 0x10);
        CHECK_FALSE(CompiledDict::from_image(bad, "stamp"));
    }
}

TEST_CASE("image files are mapped and checked like images in memory") {
    const std::string image = english_image();
    TempDir dir;
    const fs::path file = dir.path / "image.bin";
    write(file, image);
    auto cd = CompiledDict::from_file(file, "stamp");
    REQUIRE(cd);
    CHECK(compile_image(cd->dict(), "stamp") == image);
    // It stays valid when the file is replaced, as another run replaces it (write_cache_file renames).
    REQUIRE(cvpdf::write_cache_file(file, "garbage"));
    CHECK(compile_image(cd->dict(), "stamp") == image);
    write(file, image);
    CHECK_FALSE(CompiledDict::from_file(file, "another stamp"));
    CHECK_FALSE(CompiledDict::from_file(dir.path / "missing.bin", "stamp"));
    CHECK_FALSE(CompiledDict::from_file(dir.path, "stamp"));  // a folder
    write(file, "");
    CHECK_FALSE(CompiledDict::from_file(file, "stamp"));
    write(file, image.substr(0, image.size() - 1));
    CHECK_FALSE(CompiledDict::from_file(file, "stamp"));
}

TEST_CASE("a mapped image is used where it lies; when that address is taken, from a relocated copy") {
    HyphenDict* d = hnj_hyphen_load(kEnglish);
    REQUIRE(d);
    const std::string image = compile_image(d, "stamp");
    TempDir dir;
    const fs::path file = dir.path / "image.bin";
    write(file, image);

    auto here = CompiledDict::from_file(file, "stamp");
    REQUIRE(here);
    CHECK(here->in_place());
    CHECK(reinterpret_cast<uintptr_t>(here->dict()->states) > image_address("stamp"));
    CHECK(reinterpret_cast<uintptr_t>(here->dict()->states) < image_address("stamp") + image.size());
    auto moved = CompiledDict::from_file(file, "stamp");  // the first one holds the address
    REQUIRE(moved);
    CHECK_FALSE(moved->in_place());
    auto memory = CompiledDict::from_image(image, "stamp");
    REQUIRE(memory);
    CHECK_FALSE(memory->in_place());

    size_t hyphenated = 0;
    for (const auto& w : words()) {
        const std::string expect = hyphens(d, w);
        CHECK_MESSAGE(hyphens(here->dict(), w) == expect, w);
        CHECK_MESSAGE(hyphens(moved->dict(), w) == expect, w);
        CHECK_MESSAGE(hyphens(memory->dict(), w) == expect, w);
        hyphenated += expect.find_first_of("13579") != std::string::npos;
    }
    CHECK(hyphenated > 100);
    CHECK(compile_image(here->dict(), "stamp") == image);
    CHECK(compile_image(moved->dict(), "stamp") == image);
    hnj_hyphen_free(d);

    // Something else mapped at the address (a library, a heap): the image goes elsewhere.
    here.reset();
    moved.reset();
    void* taken = ::mmap(reinterpret_cast<void*>(image_address("stamp") + 8192), 4096, PROT_NONE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    REQUIRE(taken != MAP_FAILED);
    auto around = CompiledDict::from_file(file, "stamp");
    REQUIRE(around);
    CHECK_FALSE(around->in_place());
    CHECK(compile_image(around->dict(), "stamp") == image);
    ::munmap(taken, 4096);
}

TEST_CASE("an edited image is refused even when its checksum is made to match") {
    const std::string image = english_image();
    TempDir dir;
    const fs::path file = dir.path / "image.bin";
    write(file, image);
    // Where things are in the file: the image mapped at its own address tells.
    size_t state_at = 0, trans_at = 0;
    int n = 0, k = 500;  // a state with transitions, not the last
    {
        auto cd = CompiledDict::from_file(file, "stamp");
        REQUIRE(cd);
        REQUIRE(cd->in_place());
        const HyphenDict* level = cd->dict()->nextlevel;
        REQUIRE(level);
        n = level->num_states;
        REQUIRE(n > 1000);
        while (k + 1 < n && level->states[k].num_trans == 0) ++k;
        REQUIRE(k + 1 < n);
        state_at = uintptr_t(&level->states[k]) - image_address("stamp");
        trans_at = uintptr_t(level->states[k].trans) - image_address("stamp");
    }
    auto edited = [&](size_t at, auto value) {
        std::string img = image;
        std::memcpy(img.data() + at, &value, sizeof value);
        seal_image(img);
        return img;
    };
    const size_t fallback = state_at + offsetof(HyphenState, fallback_state);
    const size_t num_trans = state_at + offsetof(HyphenState, num_trans);
    const size_t trans = state_at + offsetof(HyphenState, trans);
    const size_t match = state_at + offsetof(HyphenState, match);
    const size_t repl = state_at + offsetof(HyphenState, repl);
    const size_t new_state = trans_at + offsetof(HyphenTrans, new_state);
    HyphenState original;
    std::memcpy(&original, image.data() + state_at, sizeof original);

    CHECK(CompiledDict::from_image(edited(fallback, original.fallback_state), "stamp"));  // sealing works
    CHECK(CompiledDict::from_image(edited(fallback, 0), "stamp"));                        // the root: fine
    CHECK_FALSE(CompiledDict::from_image(edited(fallback, k), "stamp"));      // itself: libhyphen would loop
    CHECK_FALSE(CompiledDict::from_image(edited(fallback, k + 1), "stamp"));  // a later state: could loop
    CHECK_FALSE(CompiledDict::from_image(edited(fallback, -2), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(num_trans, original.num_trans + 1), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(num_trans, 1 << 30), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(trans, original.trans + 1), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(trans, static_cast<HyphenTrans*>(nullptr)), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(match, reinterpret_cast<char*>(original.trans)), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(repl, reinterpret_cast<char*>(original.trans)), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(new_state, n), "stamp"));
    CHECK_FALSE(CompiledDict::from_image(edited(new_state, -1), "stamp"));
    // The same when mapped where it needs no relocation.
    write(file, edited(fallback, k));
    CHECK_FALSE(CompiledDict::from_file(file, "stamp"));
    write(file, edited(trans, original.trans + 1));
    CHECK_FALSE(CompiledDict::from_file(file, "stamp"));
}

TEST_CASE("a corrupt cache file is replaced; an unwritable cache only costs time") {
    TempDir dir;
    const fs::path file = cache_file(dir.path, kEnglish);
    write(file, "not a compiled dictionary");
    Hyphenator h(kEnglish, dir.path);
    CHECK_FALSE(h.from_cache());
    CHECK(h.points("hyphenation") == std::vector<size_t>{2, 6});
    CHECK(read(file).size() > 10000);  // rewritten with a real image
    CHECK(Hyphenator(kEnglish, dir.path).from_cache());

    // A cache "directory" that is a file: nothing can be stored, hyphenation still works.
    const fs::path blocked = dir.path / "blocked";
    write(blocked, "x");
    Hyphenator h2(kEnglish, blocked);
    CHECK_FALSE(h2.from_cache());
    CHECK(h2.points("hyphenation") == std::vector<size_t>{2, 6});
}

TEST_CASE("images of other format versions are removed when a new image is stored") {
    TempDir dir;
    write(dir.path / "hyphen-hyph_en_US-0123456789abcdef.bin", std::string("CVHYPH02") + std::string(100, 'x'));
    write(dir.path / "hyphen-hyph_de_DE-0123456789abcdef.bin", std::string("CVHYPH01") + std::string(100, 'x'));
    write(dir.path / "hyphen-hyph_en_US-fedcba9876543210.bin", std::string("CVHYPH03") + std::string(100, 'x'));
    write(dir.path / "hyphen-other.bin", "CVHYP");              // too short to tell: kept
    write(dir.path / "notes-CVHYPH02.bin", "CVHYPH02 not ours by name");
    write(dir.path / "hyphen-mine.txt", "CVHYPH02 not ours by extension");
    Hyphenator h(kEnglish, dir.path);  // a miss: stores the current image, then tidies up
    CHECK_FALSE(h.from_cache());
    CHECK(fs::exists(cache_file(dir.path, kEnglish)));
    CHECK_FALSE(fs::exists(dir.path / "hyphen-hyph_en_US-0123456789abcdef.bin"));
    CHECK_FALSE(fs::exists(dir.path / "hyphen-hyph_de_DE-0123456789abcdef.bin"));
    CHECK_FALSE(fs::exists(dir.path / "hyphen-hyph_en_US-fedcba9876543210.bin"));
    CHECK(fs::exists(dir.path / "hyphen-other.bin"));
    CHECK(fs::exists(dir.path / "notes-CVHYPH02.bin"));
    CHECK(fs::exists(dir.path / "hyphen-mine.txt"));
    CHECK(remove_obsolete_images(dir.path) == 0);  // the current image stays
    CHECK(Hyphenator(kEnglish, dir.path).from_cache());
}

TEST_CASE("cache location follows CVPDF_CACHE_DIR, then XDG_CACHE_HOME, then HOME") {
    const char* saved[3] = {std::getenv("CVPDF_CACHE_DIR"), std::getenv("XDG_CACHE_HOME"), std::getenv("HOME")};
    const std::string keep[3] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "", saved[2] ? saved[2] : ""};
    ::unsetenv("CVPDF_CACHE_DIR");
    ::setenv("XDG_CACHE_HOME", "/x/cache", 1);
    ::setenv("HOME", "/home/u", 1);
    CHECK(cvpdf::default_cache_dir() == fs::path("/x/cache/cvpdf"));
    ::unsetenv("XDG_CACHE_HOME");
    CHECK(cvpdf::default_cache_dir() == fs::path("/home/u/.cache/cvpdf"));
    ::setenv("CVPDF_CACHE_DIR", "/elsewhere", 1);
    CHECK(cvpdf::default_cache_dir() == fs::path("/elsewhere"));
    ::setenv("CVPDF_CACHE_DIR", "", 1);
    CHECK(cvpdf::default_cache_dir().empty());  // caching switched off
    for (int i = 0; i < 3; ++i) {
        const char* name = i == 0 ? "CVPDF_CACHE_DIR" : i == 1 ? "XDG_CACHE_HOME" : "HOME";
        if (saved[i]) ::setenv(name, keep[i].c_str(), 1);
        else ::unsetenv(name);
    }
}

TEST_CASE("images number states breadth-first; an automaton whose fallbacks could loop is never cached") {
    // A trie stored out of order: 0 is "", 1 is "ab", 2 is "a"; both fall back to the root.
    HyphenState states[3] = {};
    states[0].fallback_state = -1;
    states[1].fallback_state = 0;
    states[2].fallback_state = 0;
    HyphenTrans to_a{'a', 2}, to_ab{'b', 1};
    char m1[] = "ab1", m2[] = "a2";
    states[0].trans = &to_a, states[0].num_trans = 1;
    states[2].trans = &to_ab, states[2].num_trans = 1;
    states[1].match = m1, states[2].match = m2;
    HyphenDict d{};
    d.num_states = 3;
    d.states = states;
    d.utf8 = 1;
    auto cd = CompiledDict::from_image(compile_image(&d, "s"), "s");
    REQUIRE(cd);
    const HyphenState* got = cd->dict()->states;
    REQUIRE(got[0].num_trans == 1);
    CHECK(got[0].trans[0].new_state == 1);  // "a" is now state 1
    CHECK(std::string(got[1].match) == "a2");
    REQUIRE(got[1].num_trans == 1);
    CHECK(got[1].trans[0].new_state == 2);
    CHECK(std::string(got[2].match) == "ab1");
    CHECK(got[2].fallback_state == 0);
    CHECK(compile_image(cd->dict(), "s") == compile_image(&d, "s"));  // already in order: unchanged

    // "a" falling back to "ab": a deeper state, and here a loop libhyphen would follow forever.
    states[1].fallback_state = 2;
    states[2].fallback_state = 1;
    CHECK(compile_image(&d, "s").empty());
    states[1].fallback_state = 0;
    CHECK(compile_image(&d, "s").empty());
    // A state no transition reaches is not from libhyphen either.
    states[1].fallback_state = 0;
    states[2].num_trans = 0, states[2].trans = nullptr;
    CHECK(compile_image(&d, "s").empty());
}

TEST_CASE("images libhyphen could not use safely are refused or never written") {
    HyphenDict* d = hnj_hyphen_load(kEnglish);
    REQUIRE(d);
    HyphenDict* level = d->nextlevel ? d->nextlevel : d;
    REQUIRE(CompiledDict::from_image(compile_image(d, "s"), "s"));

    // An empty NOHYPHEN string: libhyphen would strstr(word, "") and walk off the word.
    char* saved_nh = d->nohyphen;
    const int saved_nhl = d->nohyphenl;
    char empty[1] = {'\0'};
    d->nohyphen = empty, d->nohyphenl = 0;
    CHECK_FALSE(CompiledDict::from_image(compile_image(d, "s"), "s"));
    char two_then_empty[] = {'-', '\0', '\0'};  // "-" then an empty string
    d->nohyphen = two_then_empty, d->nohyphenl = 1;
    CHECK_FALSE(CompiledDict::from_image(compile_image(d, "s"), "s"));
    char fine[] = {'-', '\0', '\'', '\0'};
    d->nohyphen = fine, d->nohyphenl = 1;
    CHECK(CompiledDict::from_image(compile_image(d, "s"), "s"));
    d->nohyphen = saved_nh, d->nohyphenl = saved_nhl;

    // A character set name without its terminating NUL would be read past its array.
    char saved_cset[sizeof d->cset];
    std::memcpy(saved_cset, d->cset, sizeof saved_cset);
    std::memset(d->cset, 'A', sizeof d->cset);
    CHECK_FALSE(CompiledDict::from_image(compile_image(d, "s"), "s"));
    std::memcpy(d->cset, saved_cset, sizeof saved_cset);

    // Non-standard patterns index by replindex/replcut unchecked: such dictionaries are
    // never compiled into an image.
    char repl[] = "ss=s";
    char* saved_repl = level->states[1].repl;
    level->states[1].repl = repl;
    CHECK(compile_image(d, "s").empty());
    level->states[1].repl = saved_repl;
    hnj_hyphen_free(d);
}

TEST_CASE("the points store answers a re-render's words without loading the dictionary") {
    TempDir dir;
    Hyphenator plain(kEnglish, "");  // no caches at all
    const std::vector<std::string> all = words();
    REQUIRE(all.size() > 500);
    {
        Hyphenator first(kEnglish, dir.path);
        CHECK(first.dictionary_loaded());  // no store yet: loaded as before
        for (const auto& w : all) CHECK(first.points(w) == plain.points(w));
        CHECK(first.points("hyphenation", 3, 3) == plain.points("hyphenation", 3, 3));
        CHECK(first.save_store());
        CHECK_FALSE(first.save_store());  // nothing new
    }
    Hyphenator again(kEnglish, dir.path);
    CHECK_FALSE(again.dictionary_loaded());
    for (const auto& w : all) CHECK(again.points(w) == plain.points(w));
    CHECK(again.points("hyphenation", 3, 3) == plain.points("hyphenation", 3, 3));  // limits are part of the key
    CHECK_FALSE(again.dictionary_loaded());
    // A word it has not seen loads the dictionary, once.
    CHECK(again.points("incomprehensibilities") == plain.points("incomprehensibilities"));
    CHECK(again.dictionary_loaded());
}

TEST_CASE("stored points that cannot belong to their word are not used") {
    TempDir dir;
    Hyphenator plain(kEnglish, "");
    {
        Hyphenator first(kEnglish, dir.path);
        first.points("rematerialization");
        first.save_store();
    }
    fs::path file;
    for (const auto& e : fs::directory_iterator(dir.path))
        if (e.path().filename().string().rfind("hyphpoints-", 0) == 0) file = e.path();
    REQUIRE(!file.empty());
    // Rewrite the word's value as a point past its end, with the checksum made to match.
    std::string image = read(file);
    std::string key = "rematerialization";
    key += '\0', key += char(2), key += char(3);
    const size_t at = image.find(key);
    REQUIRE(at != std::string::npos);
    const size_t value_at = at + key.size() + 4;
    REQUIRE(value_at + 2 <= image.size());
    image[value_at] = char(200), image[value_at + 1] = 0;
    cvpdf::seal_kv_image(image);
    write(file, image);
    Hyphenator again(kEnglish, dir.path);
    CHECK(again.points("rematerialization") == plain.points("rematerialization"));
    CHECK(again.dictionary_loaded());
}
