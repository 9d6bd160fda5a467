// Hyphenation points from libhyphen with a Debian dictionary (hyphen-en-us & co).
#pragma once
#include "linebreak/hyphen_cache.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf::linebreak {

class Hyphenator {
public:
    // Dictionary for a language tag ("en", "en-US", "de", "de-DE" …), searched in
    // /usr/share/hyphen (hyph_<ll>_<CC>.dic, then any hyph_<ll>*.dic). nullptr when no
    // dictionary is installed. Loaded once per process and shared (thread-safe).
    static std::shared_ptr<const Hyphenator> for_language(std::string_view lang);

    // Loads `dic_path`, through a compiled copy in `cache_dir` when one is there and current
    // (see hyphen_cache.hpp); an empty `cache_dir` always parses the text dictionary.
    // With a points store for this dictionary in `cache_dir` (see points()), the dictionary
    // is loaded only when a word is not in it: the store exists only for a dictionary file
    // (path, size, time stamp) that loaded before.
    explicit Hyphenator(const std::string& dic_path,
                        const std::filesystem::path& cache_dir = default_cache_dir());  // throws std::runtime_error
    ~Hyphenator();
    Hyphenator(const Hyphenator&) = delete;
    Hyphenator& operator=(const Hyphenator&) = delete;

    // Byte offsets inside `word` (UTF-8 letters only, no punctuation) where a hyphen may be
    // inserted, ascending, honouring TeX's limits: at least `left_min` characters before and
    // `right_min` after each point (the dictionary's own LEFT/RIGHTHYPHENMIN apply too, if
    // larger: en_US has 2 and 3). Case-insensitive. Words with digits, invalid UTF-8, or
    // shorter than left+right get none. Thread-safe; each word's answer is
    // remembered, up to 65,536 words, and kept in the points store on disk
    // (hyphpoints-*.bin in the cache folder, written by save_store()), so that a re-render
    // asks libhyphen only about new words, and needs no dictionary when there are none.
    std::vector<size_t> points(std::string_view word, int left_min = 2, int right_min = 3) const;

    // The dictionary file as it is (path, size, time stamp, inode): what its answers depend on.
    std::string dictionary_stamp() const;
    // True when the automaton came from the cache rather than from libhyphen's parser.
    bool from_cache() const { return from_cache_; }
    // Whether the dictionary itself has been loaded (not yet, while every word comes from the
    // points store).
    bool dictionary_loaded() const;
    // Writes the points of the words this process hyphenated into the points store; true when
    // a file was written. save_stores() does it for every dictionary for_language() loaded.
    bool save_store() const;
    static size_t save_stores();

private:
    std::vector<size_t> compute_points(std::string_view word, int left_min, int right_min) const;
    void load(const std::string& dic_path, const std::filesystem::path& cache_dir, const std::string& stamp) const;
    void ensure_loaded() const;
    struct Dict;
    Dict* dict_;
    mutable bool from_cache_ = false;
};

}  // namespace cvpdf::linebreak
