#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/disk_cache.hpp"

namespace fs = std::filesystem;
using cvpdf::file_stamp;

namespace {

fs::path fresh_dir() {
    fs::path d = fs::temp_directory_path() / ("cvpdf_stamp_test_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

void set_mtime(const fs::path& p, time_t sec) {
    struct timespec t[2] = {{sec, 0}, {sec, 0}};
    REQUIRE(::utimensat(AT_FDCWD, p.c_str(), t, 0) == 0);
}

}  // namespace

TEST_CASE("a file's stamp is stable, and empty for what is not a regular file") {
    const fs::path d = fresh_dir();
    write(d / "a.ttf", "font");
    const std::string s = file_stamp(d / "a.ttf");
    CHECK_FALSE(s.empty());
    CHECK(file_stamp(d / "a.ttf") == s);
    fs::create_directory(d / "x");
    CHECK(file_stamp(d / "x" / ".." / "a.ttf") == s);  // spelled another way
    CHECK(file_stamp(d / "missing.ttf").empty());
    CHECK(file_stamp(d).empty());
    fs::remove_all(d);
}

TEST_CASE("a relative path gets the stamp of the same file named absolutely") {
    const fs::path d = fresh_dir();
    write(d / "a.ttf", "font");
    const fs::path before = fs::current_path();
    fs::current_path(d);
    const std::string rel = file_stamp("a.ttf");
    fs::current_path(before);
    CHECK(rel == file_stamp(d / "a.ttf"));
    fs::remove_all(d);
}

TEST_CASE("the stamp changes with the contents, even at the same size and time") {
    const fs::path d = fresh_dir();
    write(d / "a.ttf", "font");
    set_mtime(d / "a.ttf", 1700000000);
    const std::string s = file_stamp(d / "a.ttf");

    write(d / "a.ttf", "fonts");  // longer
    set_mtime(d / "a.ttf", 1700000000);
    CHECK(file_stamp(d / "a.ttf") != s);

    write(d / "a.ttf", "font");
    set_mtime(d / "a.ttf", 1700000100);  // touched
    CHECK(file_stamp(d / "a.ttf") != s);

    // Replaced by another file of the same size and time (as a package upgrade renames a new
    // version into place): only the inode tells them apart.
    write(d / "a.ttf", "font");
    set_mtime(d / "a.ttf", 1700000000);
    const std::string again = file_stamp(d / "a.ttf");
    write(d / "b.ttf", "FONT");
    set_mtime(d / "b.ttf", 1700000000);
    fs::rename(d / "b.ttf", d / "a.ttf");
    CHECK(file_stamp(d / "a.ttf") != again);
    fs::remove_all(d);
}

TEST_CASE("a cache file is rewritten where it lies, longer or shorter; a missing one is created") {
    const fs::path dir = fresh_dir();
    const fs::path f = dir / "sub" / "x.bin";
    auto read = [&] {
        std::ifstream in(f, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    auto inode = [&] {
        struct stat st {};
        ::stat(f.c_str(), &st);
        return st.st_ino;
    };
    REQUIRE(cvpdf::overwrite_cache_file(f, "first version, quite long"));  // no file, no folder yet
    CHECK(read() == "first version, quite long");
    const auto ino = inode();
    REQUIRE(cvpdf::overwrite_cache_file(f, "short"));
    CHECK(read() == "short");
    REQUIRE(cvpdf::overwrite_cache_file(f, std::string(10000, 'z')));
    CHECK(read() == std::string(10000, 'z'));
    CHECK(inode() == ino);  // the same file: no rename, no blocks freed
    CHECK(fs::directory_iterator(dir / "sub") != fs::directory_iterator());
    CHECK(std::distance(fs::directory_iterator(dir / "sub"), fs::directory_iterator()) == 1);  // nothing beside it
    fs::remove_all(dir);
}
