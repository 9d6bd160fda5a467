// Compiled hyphenation dictionaries, kept on disk between runs.
//
// libhyphen builds its pattern automaton from the text dictionary on every load: for
// hyph_en_US.dic that is ~37 M instructions (≈15 ms, more than the rest of a one-page
// render). TeX solved the same problem by dumping compiled patterns into its format file;
// this does the same for libhyphen's own automaton. libhyphen still parses the dictionary
// (on a cache miss) and still does all the hyphenating — the cache only stores the
// HyphenDict it built (public structures of hyphen.h), pointers included, for a fixed
// address: mapped there, the next run uses the automaton where it lies after checking it
// (about 0.8 M instructions instead of writing 600 KB of relocated states).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "base/disk_cache.hpp"  // default_cache_dir, file_stamp, write_cache_file

struct _HyphenDict;

namespace cvpdf::linebreak {

// A HyphenDict chain rebuilt from a cache image. The dictionaries point into the image,
// so this owns both; never pass dict() to hnj_hyphen_free.
class CompiledDict {
public:
    // nullptr when `image` is not a complete, consistent image (wrong version, truncated,
    // corrupted, or compiled from another version of the dictionary file): never a crash.
    static std::unique_ptr<CompiledDict> from_image(std::string image, const std::string& source_stamp);
    // The same from an image file, mapped rather than read; nullptr also when it cannot be read.
    static std::unique_ptr<CompiledDict> from_file(const std::filesystem::path& file, const std::string& source_stamp);
    _HyphenDict* dict() const;
    // True when the image lies at the address it was compiled for, so its automaton is used
    // where it lies; false when it was relocated into a copy.
    bool in_place() const;

    CompiledDict(const CompiledDict&) = delete;
    CompiledDict& operator=(const CompiledDict&) = delete;
    ~CompiledDict();

private:
    CompiledDict();
    bool adopt(char* image, size_t size, const std::string& source_stamp);  // the dicts over `image`
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// The image of a dictionary libhyphen loaded, stamped with `source_stamp`, its states
// renumbered breadth-first; empty for a dictionary with non-standard (replacement)
// patterns, or whose automaton is not a trie with suffix fallbacks: never cached.
std::string compile_image(const _HyphenDict* dict, const std::string& source_stamp);

// Recomputes an image's payload size and checksum after its bytes were edited (for tests
// that check what loading refuses; compile_image seals its images).
void seal_image(std::string& image);

// The address an image of a dictionary with this stamp is compiled for: images store
// libhyphen's structures with their pointers, valid as they are when mapped there.
uintptr_t image_address(const std::string& source_stamp);

// The cache file for `dic` inside `cache_dir`.
std::filesystem::path cache_file(const std::filesystem::path& cache_dir, const std::filesystem::path& dic);

// Deletes the images in `cache_dir` that an earlier cvpdf wrote in another version of the
// format (their names change with it, so nothing else would); the number removed. Other
// files are left alone.
size_t remove_obsolete_images(const std::filesystem::path& cache_dir);

}  // namespace cvpdf::linebreak
