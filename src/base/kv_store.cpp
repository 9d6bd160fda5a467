#include "base/kv_store.hpp"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"

namespace cvpdf {
namespace {
namespace fs = std::filesystem;

constexpr size_t kMagicBytes = 8;
constexpr size_t kMaxStamp = 1 << 16;
constexpr bool kLittleEndian = std::endian::native == std::endian::little;

// Header: magic, stamp length and stamp, entry count, body length, CRC-32 of the body.
// Body: per entry, key length (u16), key, value length (u32), value.
size_t body_at(std::string_view image) {
    ByteReader r(image);
    r.skip(kMagicBytes);
    r.skip(r.u32());
    r.u32(), r.u32(), r.u32();
    return r.ok() ? r.at() : image.size();
}

uint32_t crc(std::string_view image, size_t from) {
    return libdeflate_crc32(0, image.data() + from, image.size() - from);
}

// The first line of a stamp: the source file's path.
std::string_view first_line(std::string_view stamp) { return stamp.substr(0, stamp.find('\n')); }

}  // namespace

std::string build_kv_image(std::string_view magic, std::string_view stamp,
                           const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string s(magic.substr(0, kMagicBytes));
    s.resize(kMagicBytes, ' ');
    put_u32(s, uint32_t(stamp.size()));
    s += stamp;
    put_u32(s, uint32_t(entries.size()));
    put_u32(s, 0), put_u32(s, 0);  // body length and checksum: seal_kv_image
    for (const auto& [key, value] : entries) {
        const uint16_t kl = uint16_t(key.size());
        s.append(reinterpret_cast<const char*>(&kl), 2);
        s += key;
        put_u32(s, uint32_t(value.size()));
        s += value;
    }
    seal_kv_image(s);
    return s;
}

void seal_kv_image(std::string& image) {
    const size_t body = body_at(image);
    if (body > image.size() || body < 8) return;
    const uint32_t len = uint32_t(image.size() - body), sum = crc(image, body);
    std::memcpy(image.data() + body - 8, &len, 4);
    std::memcpy(image.data() + body - 4, &sum, 4);
}

KvImage KvImage::parse(std::string bytes, std::string_view magic, std::string_view stamp) {
    KvImage img;
    if (!kLittleEndian || magic.size() != kMagicBytes) return img;
    ByteReader r(bytes);
    if (r.bytes(kMagicBytes) != magic) return img;
    const uint32_t stamp_len = r.u32();
    if (stamp_len > kMaxStamp || r.bytes(stamp_len) != stamp) return img;
    const uint32_t count = r.u32(), body_len = r.u32(), sum = r.u32();
    if (!r.ok() || body_len != r.left() || crc(bytes, r.at()) != sum) return img;
    if (count > body_len / 6) return img;  // every entry takes at least 6 bytes
    std::vector<Entry> entries;
    entries.reserve(count);
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        Entry e;
        e.key_len = r.u16();
        e.key_at = r.at();
        r.skip(e.key_len);
        e.value_len = r.u32();
        e.value_at = r.at();
        r.skip(e.value_len);
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

size_t KvImage::slot_of(std::string_view key) const {
    const size_t mask = slots_.size() - 1;
    for (size_t s = size_t(stable_hash(key)) & mask;; s = (s + 1) & mask)
        if (slots_[s] == 0 || this->key(slots_[s] - 1) == key) return s;
}

std::optional<std::string_view> KvImage::find(std::string_view key) const {
    if (entries_.empty()) return std::nullopt;
    const uint32_t e = slots_[slot_of(key)];
    if (e == 0) return std::nullopt;
    used_[e - 1] = 1;
    return value(e - 1);
}

std::string read_cache_file(const fs::path& file, size_t limit) {
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

fs::path KvFile::path_for(const fs::path& dir, std::string_view store, std::string_view stamp) {
    return dir / (std::string(store) + "-" + hex16(stable_hash(first_line(stamp))) + "-" + hex16(stable_hash(stamp)) + ".bin");
}

KvFile::KvFile(const fs::path& dir, std::string_view store, std::string_view magic, std::string stamp)
    : file_(path_for(dir, store, stamp)), store_(store), magic_(magic), stamp_(std::move(stamp)) {
    image_ = KvImage::parse(read_cache_file(file_), magic_, stamp_);
}

const KvImage& KvFile::image() const {
    if (!written_.empty()) image_ = KvImage::parse(std::move(written_), magic_, stamp_), written_.clear();
    return image_;
}

std::optional<std::string_view> KvFile::find(std::string_view key) const {
    if (!added_.empty())
        if (auto a = added_at_.find(std::string(key)); a != added_at_.end()) return added_[a->second].second;
    return image().find(key);
}

void KvFile::add(std::string key, std::string value) {
    if (key.size() > UINT16_MAX || added_.size() >= 1000000 || added_at_.count(key)) return;
    added_at_.emplace(key, added_.size());
    added_.emplace_back(std::move(key), std::move(value));
}

bool KvFile::save(size_t max_entries) {
    if (added_.empty() || !kLittleEndian) return false;
    const KvImage& old = image();
    const bool all = old.size() + added_.size() <= max_entries;
    std::vector<std::pair<std::string, std::string>> entries;
    entries.reserve(old.size() + added_.size());
    old.each([&](std::string_view key, std::string_view value, bool used) {
        if ((all || used) && !added_at_.count(std::string(key))) entries.emplace_back(key, value);
    });
    for (auto& e : added_) entries.push_back(std::move(e));
    std::string bytes = build_kv_image(magic_, stamp_, entries);
    const bool first = old.empty();
    const bool written = first ? write_cache_file(file_, bytes) : overwrite_cache_file(file_, bytes);
    if (written && first) {
        // Files of earlier versions of the same source: never read again, so removed now
        // (found by name: the same store, the same source path).
        const std::string name = file_.filename().string();
        const std::string prefix = name.substr(0, store_.size() + 18);  // store-<path hash>-
        for (const std::string& other : cache_files_named(file_.parent_path(), prefix))
            if (other != name) ::unlink((file_.parent_path() / other).c_str());
    }
    written_ = std::move(bytes);
    image_ = KvImage();
    added_.clear();
    added_at_.clear();
    return written;
}

}  // namespace cvpdf
