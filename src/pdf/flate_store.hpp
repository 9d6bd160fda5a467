// Small streams deflated once and kept between runs.
//
// A font's ToUnicode map and CIDToGIDMap come out byte for byte the same from one render of a
// CV to the next unless an edit brings new glyphs, and deflating a stream of a few hundred
// bytes costs libdeflate about as much as 20 KB of page content: each call resets its 128 KB
// match table and builds Huffman codes. On the seed that was 7 calls and 3 % of a re-render's
// instructions (docs/performance.md). This store is content-addressed: the key is the
// uncompressed bytes themselves, compared whole, and a value is used only if it inflates back
// to exactly them, so a hit is always a right answer; the value is what flate() gave for them
// (the stamp names the libdeflate version and level).
//
// Only streams up to kMaxInput bytes go through it: a page's content changes with every edit,
// so keeping it would only pay for renders of an unchanged CV.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf {
class KvFile;
}

namespace cvpdf::pdf {

class FlateStore {
public:
    static constexpr std::string_view kMagic = "CVFLATE1";
    static constexpr size_t kMaxInput = 4096;
    static constexpr size_t kMaxEntries = 512;  // kept on save: those used and added first
    // An empty `dir` keeps nothing; the file is read on the first call to flate().
    explicit FlateStore(std::filesystem::path dir);
    ~FlateStore();
    FlateStore(const FlateStore&) = delete;
    FlateStore& operator=(const FlateStore&) = delete;

    // The zlib stream of `data`: the same bytes as pdf::flate(data, size), from the store
    // when it holds them. Not thread-safe (one per PDF being written).
    std::vector<unsigned char> flate(const void* data, size_t size);
    // Writes the store's file if anything was added; best effort. True when written.
    bool save();
    size_t hits() const { return hits_; }
    // The stamp of the store's file: the compressor (flate_method()).
    static std::string stamp();

private:
    std::filesystem::path dir_;
    std::unique_ptr<KvFile> file_;
    size_t hits_ = 0;
};

}  // namespace cvpdf::pdf
