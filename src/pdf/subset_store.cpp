#include "pdf/subset_store.hpp"

#include <hb.h>

#include <algorithm>
#include <bit>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"
#include "base/kv_store.hpp"  // read_cache_file

namespace cvpdf::pdf {
namespace {
namespace fs = std::filesystem;
}  // namespace

// Fields in order: cff (u8), raw size, digest (2 × u64 as 4 × u32), glyph count and new glyph
// ids, then the deflated program to the end.
std::string encode_program(const StoredProgram& p) {
    std::string s;
    s += char(p.cff ? 1 : 0);
    put_u32(s, p.raw_size);
    for (uint64_t d : p.digest) put_u32(s, uint32_t(d)), put_u32(s, uint32_t(d >> 32));
    put_u32(s, uint32_t(p.new_gid.size()));
    for (uint32_t g : p.new_gid) put_u32(s, g);
    s.append(reinterpret_cast<const char*>(p.flated.data()), p.flated.size());
    return s;
}

std::optional<StoredProgram> decode_program(std::string_view value) {
    ByteReader r(value);
    StoredProgram p;
    const uint8_t cff = r.u8();
    p.cff = cff == 1;
    p.raw_size = r.u32();
    for (uint64_t& d : p.digest) {
        const uint64_t lo = r.u32();
        d = lo | uint64_t(r.u32()) << 32;
    }
    const uint32_t n = r.u32();
    if (!r.ok() || cff > 1 || n > r.left() / 4) return std::nullopt;
    p.new_gid.resize(n);
    for (uint32_t& g : p.new_gid) {
        g = r.u32();
        if (g > 0xFFFF) return std::nullopt;  // codes and CIDToGIDMap entries are 2 bytes
    }
    const std::string_view z = r.bytes(r.left());
    if (!r.ok() || z.empty()) return std::nullopt;
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
    return dir_ / ("subset-" + hex16(stable_hash(font_path)) + "-" + hex16(stable_hash(key)) + ".bin");
}

std::optional<StoredProgram> SubsetStore::find(const std::string& font_path, const std::string& key) const {
    if (dir_.empty() || key.empty()) return std::nullopt;
    const KvImage img = KvImage::parse(read_cache_file(file_of(font_path, key)), kMagic, key);
    const auto value = img.find("program");
    return value ? decode_program(*value) : std::nullopt;
}

void SubsetStore::put(const std::string& font_path, const std::string& key, const StoredProgram& p) const {
    if (dir_.empty() || key.empty() || std::endian::native != std::endian::little) return;
    const fs::path file = file_of(font_path, key);
    if (!write_cache_file(file, build_kv_image(kMagic, key, {{"program", encode_program(p)}}))) return;
    // The font's programs beyond the kPerFont newest go (older glyph sets, older versions).
    const std::string prefix = "subset-" + hex16(stable_hash(font_path)) + "-";
    std::vector<std::string> names = cache_files_named(dir_, prefix);
    if (names.size() <= kPerFont) return;  // the usual case: no time stamps read
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> mine;
    for (const auto& n : names) mine.emplace_back(fs::last_write_time(dir_ / n, ec), dir_ / n);
    std::sort(mine.begin(), mine.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = kPerFont; i < mine.size(); ++i)
        if (mine[i].second != file) fs::remove(mine[i].second, ec);
}

}  // namespace cvpdf::pdf
