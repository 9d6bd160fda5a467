#include "cli/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/error.hpp"

namespace cvpdf::cli {

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes) {
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) throw Error("cannot write '" + path + "': " + std::strerror(errno));
    auto fail = [&](const char* what) {
        int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw Error("cannot write '" + path + "': " + what + ": " + std::strerror(err));
    };
    size_t off = 0;
    while (off < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write");
        }
        off += size_t(n);
    }
    // mkstemp creates 0600; a PDF is an ordinary document, readable as umask allows.
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) fail("chmod");
    if (fsync(fd) != 0) fail("fsync");
    if (::close(fd) != 0) {
        ::unlink(tmpl.c_str());
        throw Error("cannot write '" + path + "': close: " + std::strerror(errno));
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        throw Error("cannot write '" + path + "': " + std::strerror(err));
    }
}

}  // namespace cvpdf::cli
