#include "pdf/subset_store.hpp"

#include <hb.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"
#include "base/kv_store.hpp"  // read_cache_file

namespace cvpdf::pdf {
namespace {
namespace fs = std::filesystem;
}  // namespace

namespace {
void put_u64(std::string& s, uint64_t v) { put_u32(s, uint32_t(v)), put_u32(s, uint32_t(v >> 32)); }
uint64_t read_u64(ByteReader& r) {
    const uint64_t lo = r.u32();
    return lo | uint64_t(r.u32()) << 32;
}
// The descriptor's numbers, in order; stored bit for bit.
template <class D, class F>
void each_number(D& d, F&& f) {
    for (auto& v : d.bbox) f(v);
    for (auto* v : {&d.italic_angle, &d.ascent, &d.descent, &d.cap_height, &d.x_height, &d.stem_v}) f(*v);
}
}  // namespace

// Fields in order: cff (u8), raw size, digest (2 × u64 as 4 × u32), glyph count, the new glyph
// ids, the widths (in 1/8 units, i32), the PostScript name (length, bytes), the descriptor's
// numbers (f64) and flags, then the deflated program to the end.
std::string encode_program(const StoredProgram& p) {
    std::string s;
    s += char(p.cff ? 1 : 0);
    put_u32(s, p.raw_size);
    for (uint64_t d : p.digest) put_u64(s, d);
    put_u32(s, uint32_t(p.new_gid.size()));
    for (uint32_t g : p.new_gid) put_u32(s, g);
    for (size_t i = 0; i < p.new_gid.size(); ++i)
        put_u32(s, uint32_t(int32_t(i < p.widths.size() ? std::lround(p.widths[i] * 8) : 0)));
    put_u32(s, uint32_t(p.desc.ps_name.size()));
    s += p.desc.ps_name;
    each_number(p.desc, [&](double v) { put_u64(s, std::bit_cast<uint64_t>(v)); });
    put_u32(s, p.desc.flags);
    s.append(reinterpret_cast<const char*>(p.flated.data()), p.flated.size());
    return s;
}

std::optional<StoredProgram> decode_program(std::string_view value) {
    ByteReader r(value);
    StoredProgram p;
    const uint8_t cff = r.u8();
    p.cff = cff == 1;
    p.raw_size = r.u32();
    for (uint64_t& d : p.digest) d = read_u64(r);
    const uint32_t n = r.u32();
    if (!r.ok() || cff > 1 || n > r.left() / 8) return std::nullopt;
    p.new_gid.resize(n);
    for (uint32_t& g : p.new_gid) {
        g = r.u32();
        if (g > 0xFFFF) return std::nullopt;  // codes and CIDToGIDMap entries are 2 bytes
    }
    p.widths.resize(n);
    for (double& w : p.widths) w = int32_t(r.u32()) / 8.0;
    const uint32_t name_len = r.u32();
    if (!r.ok() || name_len > 127) return std::nullopt;  // as postscript_name() cuts it
    p.desc.ps_name = r.bytes(name_len);
    each_number(p.desc, [&](double& v) { v = std::bit_cast<double>(read_u64(r)); });
    p.desc.flags = r.u32();
    const std::string_view z = r.bytes(r.left());
    if (!r.ok() || z.empty()) return std::nullopt;
    p.flated.assign(z.begin(), z.end());
    return p;
}

std::string SubsetStore::key(const std::string& font_path, unsigned face_index, const std::vector<uint32_t>& gids,
                             const std::string& font_stamp) {
    // The same text as shape::font_stamp() (which pdf/ does not link), then the glyphs.
    std::string stamp = font_stamp;
    if (stamp.empty()) {
        stamp = file_stamp(font_path);
        if (stamp.empty()) return {};
        stamp += "\nface " + std::to_string(face_index) + "\nHarfBuzz " HB_VERSION_STRING;
    }
    stamp += "\nglyphs ";
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
