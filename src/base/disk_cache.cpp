#include "base/disk_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace cvpdf {
namespace fs = std::filesystem;

fs::path default_cache_dir() {
    if (const char* d = std::getenv("CVPDF_CACHE_DIR")) return d;  // "" disables caching
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return fs::path(x) / "cvpdf";
    if (const char* h = std::getenv("HOME"); h && *h == '/') return fs::path(h) / ".cache" / "cvpdf";
    return {};
}

std::string file_stamp(const fs::path& file) {
    std::error_code ec;
    const fs::path canon = fs::canonical(file, ec);
    if (ec) return {};
    const auto size = fs::file_size(canon, ec);
    if (ec) return {};
    const auto mtime = fs::last_write_time(canon, ec);
    if (ec) return {};
    return canon.string() + "\n" + std::to_string(size) + "\n" + std::to_string(mtime.time_since_epoch().count());
}

bool write_cache_file(const fs::path& file, std::string_view image) {
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) return false;
    fs::path tmp = file;
    tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(image.data(), std::streamsize(image.size()));
        out.close();
        if (!out) {
            fs::remove(tmp, ec);
            return false;
        }
    }
    fs::rename(tmp, file, ec);
    if (!ec) return true;
    fs::remove(tmp, ec);
    return false;
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
