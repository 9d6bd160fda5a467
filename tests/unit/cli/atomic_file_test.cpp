#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <span>
#include <string>

#include "base/error.hpp"
#include "cli/atomic_file.hpp"
#include "../temp_dir.hpp"

using namespace cvpdf;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::span<const unsigned char> bytes_of(const std::string& s) {
    return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

struct Umask {
    mode_t old;
    explicit Umask(mode_t m) : old(::umask(m)) {}
    ~Umask() { ::umask(old); }
};

bool has_tmpfile(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY, 0600);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

using Replace = std::function<void(const std::string&, std::span<const unsigned char>)>;

// What both ways of replacing a file must do: new and existing targets, the mode the umask
// gives a new file, nothing left beside the target, and a clear error for a missing folder.
void check_replacement(const Replace& replace) {
    test::TempDir dir;
    const std::string target = (dir.path / "cv.pdf").string();
    {
        Umask mask(027);
        replace(target, bytes_of("first"));
    }
    CHECK(slurp(target) == "first");
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);

    replace(target, bytes_of("second, longer"));
    CHECK(slurp(target) == "second, longer");
    CHECK(dir.files().size() == 1);  // no temporary file left

    const std::string missing = (dir.path / "no-such-folder" / "cv.pdf").string();
    std::string what;
    try {
        replace(missing, bytes_of("x"));
    } catch (const Error& e) {
        what = e.what();
    }
    CHECK(what.find("cannot write the PDF: No such file or directory") != std::string::npos);
    CHECK(what.find(missing) != std::string::npos);
}

}  // namespace

TEST_CASE("atomic write through an unnamed file (O_TMPFILE), where the file system has it") {
    test::TempDir probe;
    if (!has_tmpfile(probe.path)) {
        MESSAGE("no O_TMPFILE in " << probe.path << ": replace_via_unnamed_file must decline");
        CHECK_FALSE(cli::detail::replace_via_unnamed_file((probe.path / "cv.pdf").string(), bytes_of("x")));
        CHECK(probe.files().empty());
        return;
    }
    check_replacement([](const std::string& path, std::span<const unsigned char> b) {
        const bool done = cli::detail::replace_via_unnamed_file(path, b);  // throws past CHECK
        CHECK(done);
    });
}

TEST_CASE("atomic write through a named temporary file (the fallback)") {
    check_replacement(cli::detail::replace_via_named_file);
}

TEST_CASE("atomic write: the public entry point replaces a file and leaves nothing beside it") {
    check_replacement(cli::write_file_atomically);
}
