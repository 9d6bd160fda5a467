// Files cvpdf keeps between runs (compiled hyphenation dictionaries, shaped words): where
// they live, how a source file is identified, and how an image is written.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf {

// $CVPDF_CACHE_DIR, else $XDG_CACHE_HOME/cvpdf, else ~/.cache/cvpdf. Empty (no caching) when
// CVPDF_CACHE_DIR is set but empty, or there is no home.
std::filesystem::path default_cache_dir();

// What identifies a file's contents cheaply: absolute path, size, modification time and inode.
// Empty when the file cannot be stat'ed or is not a regular file.
std::string file_stamp(const std::filesystem::path& file);

// Best effort: writes `image` to `file` atomically (temporary file + rename), creating the
// folder; false on any failure. Concurrent writers each install a complete file.
bool write_cache_file(const std::filesystem::path& file, std::string_view image);
// Best effort: rewrites an existing `file` where it lies (write_cache_file when there is
// none). For images whose readers read them whole and check them (kv_store.hpp): a reader
// racing with the write sees a torn image, which its checksum refuses. Renaming a new file
// over the old one frees the old one's blocks, synchronously and with a discard on a file
// system mounted with `discard` (0.1 ms for 46 KB here), at every save.
bool overwrite_cache_file(const std::filesystem::path& file, std::string_view image);

// The names in `dir` that start with `prefix` and end in ".bin" (the caches' files).
std::vector<std::string> cache_files_named(const std::filesystem::path& dir, std::string_view prefix);

// FNV-1a over 64-bit words in four interleaved lanes: a stable hash for cache file names
// and keys (the same on every run, unlike std::hash).
uint64_t stable_hash(const char* p, size_t n);
inline uint64_t stable_hash(std::string_view s) { return stable_hash(s.data(), s.size()); }
// Sixteen lowercase hex digits: how cache file names carry a hash.
std::string hex16(uint64_t v);

}  // namespace cvpdf
