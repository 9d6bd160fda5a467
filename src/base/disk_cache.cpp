#include "base/disk_cache.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cvpdf {
namespace fs = std::filesystem;

fs::path default_cache_dir() {
    if (const char* d = std::getenv("CVPDF_CACHE_DIR")) return d;  // "" disables caching
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return fs::path(x) / "cvpdf";
    if (const char* h = std::getenv("HOME"); h && *h == '/') return fs::path(h) / ".cache" / "cvpdf";
    return {};
}

std::string file_stamp(const fs::path& file) {
    // One stat, no path walk per component: canonical() made four readlink calls per font,
    // about 1 % of a re-render. The inode tells a file replaced under the same name (or a
    // symlink pointed elsewhere) even with the same size and modification time.
    struct stat st;
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
    std::error_code ec;
    const fs::path abs = file.is_absolute() ? file : fs::absolute(file, ec);
    if (ec) return {};
    const long long mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    return abs.lexically_normal().string() + "\n" + std::to_string(st.st_size) + "\n" + std::to_string(mtime_ns) +
           "\n" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

bool write_cache_file(const fs::path& file, std::string_view image) {
    static std::atomic<unsigned> counter{0};
    fs::path tmp = file;
    tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    // Plain system calls: a run that writes its stores pays for each file (no iostream).
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {  // the folder is not there yet
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0) return false;
    bool ok = true;
    for (size_t off = 0; ok && off < image.size();) {
        const ssize_t n = ::write(fd, image.data() + off, image.size() - off);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) off += size_t(n);
    }
    ok = ::close(fd) == 0 && ok;
    if (ok && ::rename(tmp.c_str(), file.c_str()) == 0) return true;
    ::unlink(tmp.c_str());
    return false;
}

bool overwrite_cache_file(const fs::path& file, std::string_view image) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return write_cache_file(file, image);
    bool ok = true;
    for (size_t off = 0; ok && off < image.size();) {
        const ssize_t n = ::pwrite(fd, image.data() + off, image.size() - off, off_t(off));
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) off += size_t(n);
    }
    ok = ok && ::ftruncate(fd, off_t(image.size())) == 0;
    ok = ::close(fd) == 0 && ok;
    return ok;
}

std::vector<std::string> cache_files_named(const fs::path& dir, std::string_view prefix) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view name(e->d_name);
        if (name.size() > prefix.size() + 4 && name.substr(0, prefix.size()) == prefix &&
            name.substr(name.size() - 4) == ".bin")
            out.emplace_back(name);
    }
    ::closedir(d);
    return out;
}

std::string hex16(uint64_t v) {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

uint64_t stable_hash(const char* p, size_t n) {
    uint64_t h[4] = {1469598103934665603ull, 1469598103934665603ull ^ 1, 1469598103934665603ull ^ 2,
                     1469598103934665603ull ^ 3};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; ++k) {
            uint64_t w;
            std::memcpy(&w, p + i + 8 * k, 8);
            h[k] = (h[k] ^ w) * 1099511628211ull;
        }
    uint64_t r = h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7);
    for (; i < n; ++i) r = (r ^ uint8_t(p[i])) * 1099511628211ull;
    return r;
}

}  // namespace cvpdf
