#include "shape/shape_store.hpp"

#include <fcntl.h>
#include <hb.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"
#include "shape/font.hpp"

namespace cvpdf::shape {
namespace {
namespace fs = std::filesystem;

// Bump when the layout of an image, or what a stored word means, changes.
constexpr char kMagic[8] = {'C', 'V', 'S', 'H', 'A', 'P', 'E', '1'};
constexpr size_t kGlyphBytes = 20;
constexpr size_t kMaxStamp = 1 << 16;

// Header: magic, stamp length and stamp, word count, body length, CRC-32 of the body.
// Body: per word, key length (u16), key, glyph count (u32), glyphs (5 × u32 each).
size_t body_at(std::string_view image) {
    ByteReader r(image);
    r.skip(sizeof kMagic);
    r.skip(r.u32());
    r.u32(), r.u32(), r.u32();
    return r.ok() ? r.at() : image.size();
}

uint32_t crc(std::string_view image, size_t from) {
    return libdeflate_crc32(0, image.data() + from, image.size() - from);
}

constexpr bool kLittleEndian = std::endian::native == std::endian::little;

}  // namespace

std::string shape_key(std::string_view features, bool tracked, std::string_view language, std::string_view text) {
    std::string k;
    k.reserve(9 + features.size() + language.size() + text.size());
    k += tracked ? 'T' : '-';
    put_u32(k, uint32_t(features.size()));
    k += features;
    put_u32(k, uint32_t(language.size()));
    k += language;
    k += text;
    return k;
}

std::string build_shape_image(std::string_view stamp,
                              const std::vector<std::pair<std::string, std::vector<RawGlyph>>>& entries) {
    std::string s(kMagic, sizeof kMagic);
    put_u32(s, uint32_t(stamp.size()));
    s += stamp;
    put_u32(s, uint32_t(entries.size()));
    put_u32(s, 0), put_u32(s, 0);  // body length and checksum: seal_shape_image
    for (const auto& [key, glyphs] : entries) {
        const uint16_t kl = uint16_t(key.size());
        s.append(reinterpret_cast<const char*>(&kl), 2);
        s += key;
        put_u32(s, uint32_t(glyphs.size()));
        for (const RawGlyph& g : glyphs) {
            put_u32(s, g.gid), put_u32(s, g.cluster);
            put_u32(s, uint32_t(g.x_advance)), put_u32(s, uint32_t(g.x_offset)), put_u32(s, uint32_t(g.y_offset));
        }
    }
    seal_shape_image(s);
    return s;
}

void seal_shape_image(std::string& image) {
    const size_t body = body_at(image);
    if (body > image.size() || body < 8) return;
    const uint32_t len = uint32_t(image.size() - body), sum = crc(image, body);
    std::memcpy(image.data() + body - 8, &len, 4);
    std::memcpy(image.data() + body - 4, &sum, 4);
}

ShapeImage ShapeImage::parse(std::string bytes, std::string_view stamp) {
    ShapeImage img;
    if (!kLittleEndian) return img;
    ByteReader r(bytes);
    if (r.bytes(sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) return img;
    const uint32_t stamp_len = r.u32();
    if (stamp_len > kMaxStamp || r.bytes(stamp_len) != stamp) return img;
    const uint32_t count = r.u32(), body_len = r.u32(), sum = r.u32();
    if (!r.ok() || body_len != r.left() || crc(bytes, r.at()) != sum) return img;
    // Every word takes at least 6 bytes, so `count` cannot ask for more entries than fit.
    if (count > body_len / 6) return img;
    std::vector<Entry> entries;
    entries.reserve(count);
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        Entry e;
        e.key_len = r.u16();
        e.key_at = r.at();
        r.skip(e.key_len);
        e.count = r.u32();
        e.glyphs_at = r.at();
        const size_t glyph_bytes = e.count > r.left() / kGlyphBytes ? r.left() + 1 : size_t(e.count) * kGlyphBytes;
        r.skip(glyph_bytes);  // more glyphs than bytes left: a read past the end, ok() false
        entries.push_back(e);
    }
    if (!r.ok() || r.left() != 0) return img;
    img.bytes_ = std::move(bytes);
    img.entries_ = std::move(entries);
    img.used_.assign(img.entries_.size(), 0);
    img.slots_.assign(std::bit_ceil(std::max<size_t>(2 * img.entries_.size(), 8)), 0);
    for (size_t i = 0; i < img.entries_.size(); ++i) {
        const size_t s = img.slot_of(img.key(i));
        if (img.slots_[s] == 0) img.slots_[s] = uint32_t(i + 1);  // a repeated key: the first wins
    }
    return img;
}

size_t ShapeImage::slot_of(std::string_view key) const {
    const size_t mask = slots_.size() - 1;
    for (size_t s = size_t(stable_hash(key)) & mask;; s = (s + 1) & mask)
        if (slots_[s] == 0 || this->key(slots_[s] - 1) == key) return s;
}

bool ShapeImage::find(std::string_view key, std::vector<RawGlyph>& out) const {
    if (entries_.empty()) return false;
    const uint32_t e = slots_[slot_of(key)];
    if (e == 0) return false;
    used_[e - 1] = 1;
    out = glyphs(e - 1);
    return true;
}

std::vector<RawGlyph> ShapeImage::glyphs(size_t entry) const {
    const Entry& e = entries_[entry];
    std::vector<RawGlyph> out(e.count);
    const char* p = bytes_.data() + e.glyphs_at;
    for (RawGlyph& g : out) {
        uint32_t v[5];
        std::memcpy(v, p, sizeof v);
        p += kGlyphBytes;
        g = {v[0], v[1], int32_t(v[2]), int32_t(v[3]), int32_t(v[4])};
    }
    return out;
}

ShapeStore::ShapeStore(fs::path dir) : dir_(std::move(dir)) {}
ShapeStore::~ShapeStore() = default;

std::string ShapeStore::stamp_of(const Font& font) {
    const std::string file = file_stamp(font.path());
    if (file.empty()) return {};
    return file + "\nface " + std::to_string(font.face_index()) + "\nHarfBuzz " + hb_version_string();
}

fs::path ShapeStore::file_of(const fs::path& dir, const std::string& stamp) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(stable_hash(stamp)));
    return dir / (std::string("shapes-") + hex + ".bin");
}

namespace {

// The file's first `limit` bytes (all of it by default), read (not mapped: a file cut short
// under a mapping would fault).
std::string read_all(const fs::path& file, size_t limit = size_t(1) << 30) {
    std::string out;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return out;
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < (1 << 30)) {
        out.resize(std::min(size_t(st.st_size), limit));
        size_t got = 0;
        while (got < out.size()) {
            const ssize_t k = ::read(fd, out.data() + got, out.size() - got);
            if (k <= 0) break;
            got += size_t(k);
        }
        out.resize(got);
    }
    ::close(fd);
    return out;
}

// The font file an image's stamp names (its first line).
std::string_view stamped_path(std::string_view stamp) { return stamp.substr(0, stamp.find('\n')); }

// Images of earlier versions of the same font file: never read again, so removed when a new
// one is written. Other files are left alone.
void remove_stale(const fs::path& dir, const std::string& stamp, const fs::path& keep) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("shapes-", 0) != 0 || e.path().extension() != ".bin" || e.path() == keep) continue;
        const std::string head = read_all(e.path(), sizeof kMagic + 4 + 4096);  // stamps are a path and numbers
        ByteReader r(head);
        if (r.bytes(sizeof kMagic).substr(0, 7) != std::string_view(kMagic, 7)) continue;
        const std::string_view other = r.bytes(r.u32());
        if (r.ok() && stamped_path(other) == stamped_path(stamp)) fs::remove(e.path(), ec);
    }
}

}  // namespace

ShapeStore::PerFont* ShapeStore::state(const Font& font) {
    auto [it, fresh] = fonts_.try_emplace(&font);
    if (fresh) {
        std::string stamp = stamp_of(font);
        if (!stamp.empty() && kLittleEndian) {
            auto pf = std::make_unique<PerFont>();
            pf->file = file_of(dir_, stamp);
            pf->image = ShapeImage::parse(read_all(pf->file), stamp);
            pf->stamp = std::move(stamp);
            it->second = std::move(pf);
        }
    }
    return it->second.get();
}

bool ShapeStore::find(const Font& font, std::string_view key, std::vector<RawGlyph>& out) {
    if (dir_.empty()) return false;
    std::lock_guard lock(mutex_);
    PerFont* pf = state(font);
    if (!pf) return false;
    if (auto a = pf->added_at.find(std::string(key)); a != pf->added_at.end()) {
        out = pf->added[a->second].second;
        return true;
    }
    return pf->image.find(key, out);
}

void ShapeStore::add(const Font& font, std::string key, std::vector<RawGlyph> glyphs) {
    if (dir_.empty() || key.size() > UINT16_MAX) return;  // a key's length is stored in 16 bits
    std::lock_guard lock(mutex_);
    PerFont* pf = state(font);
    if (!pf || pf->added_at.count(key)) return;
    pf->added_at.emplace(key, pf->added.size());
    pf->added.emplace_back(std::move(key), std::move(glyphs));
}

size_t ShapeStore::save() {
    if (dir_.empty()) return 0;
    std::lock_guard lock(mutex_);
    size_t written = 0;
    for (auto& font : fonts_) {
        PerFont* pf = font.second.get();
        if (!pf || pf->added.empty()) continue;
        // Beyond kMaxWords, the words this process did not use make room.
        const bool all = pf->image.size() + pf->added.size() <= kMaxWords;
        std::vector<std::pair<std::string, std::vector<RawGlyph>>> words;
        words.reserve(pf->image.size() + pf->added.size());
        pf->image.each([&](std::string_view key, std::vector<RawGlyph> g, bool used) {
            if ((all || used) && !pf->added_at.count(std::string(key))) words.emplace_back(std::string(key), std::move(g));
        });
        for (auto& w : pf->added) words.push_back(std::move(w));
        std::string image = build_shape_image(pf->stamp, words);
        const bool first = pf->image.empty();
        if (write_cache_file(pf->file, image)) {
            ++written;
            if (first) remove_stale(dir_, pf->stamp, pf->file);
        }
        pf->image = ShapeImage::parse(std::move(image), pf->stamp);
        pf->added.clear();
        pf->added_at.clear();
    }
    return written;
}

}  // namespace cvpdf::shape
