// Key → value files in the cache folder (default_cache_dir()), for results that depend only on
// a source file and a key: the shape store (shaped words per font) and the hyphenation store
// (points per word and dictionary).
//
// An image names its source by a stamp (path, size, time stamp, and what else the result
// depends on) and carries a CRC-32; it is read whole (not mapped: a file cut short under a
// mapping would fault) and checked before use, so a stale, truncated or damaged file is
// simply not used, and replaced by the next save.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cvpdf {

// The entries of one image. `magic` is 8 bytes naming the store and its format version.
class KvImage {
public:
    // The image in `bytes`, or an empty one unless they are a whole, intact image of this
    // magic for exactly `stamp`.
    static KvImage parse(std::string bytes, std::string_view magic, std::string_view stamp);
    // The value stored for `key`; marks the entry as used by this process.
    std::optional<std::string_view> find(std::string_view key) const;
    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    // Every entry in stored order: key, value, and whether find() returned it.
    template <class F>
    void each(F&& f) const {
        for (size_t i = 0; i < entries_.size(); ++i) f(key(i), value(i), used_[i] != 0);
    }

private:
    struct Entry {  // offsets into bytes_
        size_t key_at = 0, value_at = 0;
        uint32_t key_len = 0, value_len = 0;
    };
    std::string_view key(size_t i) const { return {bytes_.data() + entries_[i].key_at, entries_[i].key_len}; }
    std::string_view value(size_t i) const { return {bytes_.data() + entries_[i].value_at, entries_[i].value_len}; }
    size_t slot_of(std::string_view key) const;  // where `key` is, or the empty slot it would take
    std::string bytes_;
    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_;  // entry index + 1 by key hash, 0 = empty
    mutable std::vector<uint8_t> used_;
};

// An image's bytes; keys must be distinct and at most 65,535 bytes long.
std::string build_kv_image(std::string_view magic, std::string_view stamp,
                           const std::vector<std::pair<std::string, std::string>>& entries);
// Recomputes the body length and checksum of an edited image (tests and fuzz targets: what
// parse() refuses beyond a checksum).
void seal_kv_image(std::string& image);

// One source's file: the stored image plus what this process added, written back by save().
// Not thread-safe; its owner locks.
class KvFile {
public:
    // The file of store `store` (a file name prefix) for `stamp` in `dir`; the stamp's first
    // line (the source file's path) names it too, so that the files of earlier versions of the
    // same source are found by name.
    KvFile(const std::filesystem::path& dir, std::string_view store, std::string_view magic, std::string stamp);
    static std::filesystem::path path_for(const std::filesystem::path& dir, std::string_view store,
                                          std::string_view stamp);
    std::optional<std::string_view> find(std::string_view key) const;
    // Ignored beyond 65,535 bytes of key, and once 1,000,000 entries wait to be saved.
    void add(std::string key, std::string value);
    // Writes the image if anything was added; at most `max_entries` are kept (beyond that,
    // the entries this process used and added). When the source had no image yet, removes
    // the store's files for other versions of the same source file. True when a file was
    // written.
    bool save(size_t max_entries);
    const std::string& stamp() const { return stamp_; }
    const std::filesystem::path& path() const { return file_; }

private:
    const KvImage& image() const;  // parses what save() wrote, when next needed
    std::filesystem::path file_;
    std::string store_, magic_, stamp_;
    mutable KvImage image_;
    mutable std::string written_;  // bytes save() wrote, not parsed yet
    std::vector<std::pair<std::string, std::string>> added_;
    std::unordered_map<std::string, size_t> added_at_;  // key → index in added_
};

// The whole file (at most `limit` bytes), or "" when it cannot be read.
std::string read_cache_file(const std::filesystem::path& file, size_t limit = size_t(1) << 30);

}  // namespace cvpdf
