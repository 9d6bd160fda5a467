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
    // remembered, up to 65,536 words.
    std::vector<size_t> points(std::string_view word, int left_min = 2, int right_min = 3) const;

    // True when the automaton came from the cache rather than from libhyphen's parser.
    bool from_cache() const { return from_cache_; }

private:
    std::vector<size_t> compute_points(std::string_view word, int left_min, int right_min) const;
    struct Dict;
    Dict* dict_;
    bool from_cache_ = false;
};

}  // namespace cvpdf::linebreak
