#include "pdf/subset_store.hpp"

#include <hb.h>
#include <libdeflate.h>

#include <algorithm>
#include <bit>
#include <cstdio>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"
#include "base/kv_store.hpp"  // read_cache_file

namespace cvpdf::pdf {
namespace {
namespace fs = std::filesystem;

constexpr char kMagic[8] = {'C', 'V', 'S', 'U', 'B', 'S', 'T', '1'};
constexpr size_t kHeader = sizeof kMagic + 4;  // magic, CRC-32 of the rest
constexpr bool kLittleEndian = std::endian::native == std::endian::little;

uint32_t crc_after_header(std::string_view image) {
    return libdeflate_crc32(0, image.data() + kHeader, image.size() - kHeader);
}

std::string hex(uint64_t v) {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

}  // namespace

// After the header: key length and key, cff (u8), raw size, digest (2 × u64 as 4 × u32),
// glyph count and new glyph ids, compressed length and bytes.
std::string build_subset_image(std::string_view key, const StoredProgram& p) {
    std::string s(kMagic, sizeof kMagic);
    put_u32(s, 0);  // CRC-32: seal_subset_image
    put_u32(s, uint32_t(key.size()));
    s += key;
    s += char(p.cff ? 1 : 0);
    put_u32(s, p.raw_size);
    for (uint64_t d : p.digest) put_u32(s, uint32_t(d)), put_u32(s, uint32_t(d >> 32));
    put_u32(s, uint32_t(p.new_gid.size()));
    for (uint32_t g : p.new_gid) put_u32(s, g);
    put_u32(s, uint32_t(p.flated.size()));
    s.append(reinterpret_cast<const char*>(p.flated.data()), p.flated.size());
    seal_subset_image(s);
    return s;
}

void seal_subset_image(std::string& image) {
    if (image.size() < kHeader) return;
    const uint32_t sum = crc_after_header(image);
    std::memcpy(image.data() + sizeof kMagic, &sum, 4);
}

std::optional<StoredProgram> parse_subset_image(std::string_view bytes, std::string_view key) {
    if (!kLittleEndian) return std::nullopt;
    ByteReader r(bytes);
    if (r.bytes(sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) return std::nullopt;
    const uint32_t sum = r.u32();
    if (!r.ok() || crc_after_header(bytes) != sum) return std::nullopt;
    if (r.bytes(r.u32()) != key || !r.ok()) return std::nullopt;
    StoredProgram p;
    const uint8_t cff = r.u8();
    p.cff = cff == 1;
    p.raw_size = r.u32();
    for (uint64_t& d : p.digest) {
        const uint64_t lo = r.u32();
        d = lo | uint64_t(r.u32()) << 32;
    }
    const uint32_t n = r.u32();
    if (cff > 1 || n > r.left() / 4) return std::nullopt;
    p.new_gid.resize(n);
    for (uint32_t& g : p.new_gid) {
        g = r.u32();
        if (g > 0xFFFF) return std::nullopt;  // codes and CIDToGIDMap entries are 2 bytes
    }
    const std::string_view z = r.bytes(r.u32());
    if (!r.ok() || r.left() != 0 || z.empty()) return std::nullopt;
    p.flated.assign(z.begin(), z.end());
    return p;
}

std::string SubsetStore::key(const std::string& font_path, unsigned face_index, const std::vector<uint32_t>& gids) {
    std::string stamp = file_stamp(font_path);
    if (stamp.empty()) return {};
    stamp += "\nface " + std::to_string(face_index) + "\nHarfBuzz " + hb_version_string() + "\nglyphs ";
    for (uint32_t g : gids) put_u32(stamp, g);
    return stamp;
}

fs::path SubsetStore::file_of(const std::string& font_path, const std::string& key) const {
    return dir_ / ("subset-" + hex(stable_hash(font_path)) + "-" + hex(stable_hash(key)) + ".bin");
}

std::optional<StoredProgram> SubsetStore::find(const std::string& font_path, const std::string& key) const {
    if (dir_.empty() || key.empty()) return std::nullopt;
    return parse_subset_image(read_cache_file(file_of(font_path, key)), key);
}

void SubsetStore::put(const std::string& font_path, const std::string& key, const StoredProgram& p) const {
    if (dir_.empty() || key.empty() || !kLittleEndian) return;
    const fs::path file = file_of(font_path, key);
    if (!write_cache_file(file, build_subset_image(key, p))) return;
    // The font's programs beyond the kPerFont newest go (older glyph sets, older versions).
    const std::string prefix = "subset-" + hex(stable_hash(font_path)) + "-";
    std::vector<fs::path> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && e.path().extension() == ".bin") names.push_back(e.path());
    }
    if (names.size() <= kPerFont) return;  // the usual case: no time stamps read
    std::vector<std::pair<fs::file_time_type, fs::path>> mine;
    for (auto& n : names) mine.emplace_back(fs::last_write_time(n, ec), std::move(n));
    std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = kPerFont; i < mine.size(); ++i)
        if (mine[i].second != file) fs::remove(mine[i].second, ec);
}

}  // namespace cvpdf::pdf
