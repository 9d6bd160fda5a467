#include "linebreak/hyphenate.hpp"

#include "base/byte_reader.hpp"
#include "base/kv_store.hpp"
#include "base/text.hpp"
#include "linebreak/hyphen_cache.hpp"

#include <hyphen.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <atomic>
#include <mutex>
#include <unordered_map>
#include <stdexcept>

namespace cvpdf::linebreak {
namespace {

namespace fs = std::filesystem;

const char* const kHyphenDir = "/usr/share/hyphen";

// Longer "words" are URLs, hashes or garbage; hyphenating them helps nobody, and libhyphen
// takes int sizes and allocates per call.
constexpr size_t kMaxWordBytes = 256;

// Decode one UTF-8 sequence at s[i]; returns the code point or -1 (and leaves i) if invalid.
long decode_utf8(std::string_view s, size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len;
    long cp;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        len = 2, cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, cp = b0 & 0x07;
    } else {
        return -1;
    }
    if (i + len > s.size()) return -1;
    for (int k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr long kMinForLen[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLen[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
    return cp;
}

// Patterns are lowercase. Must map one code point to exactly one (so libhyphen's
// per-character output lines up with our characters), which is why this is hand-rolled
// rather than a locale-dependent towlower: it covers the scripts with hyphenation
// dictionaries in Debian (Latin, Greek, Cyrillic); anything else passes unchanged.
long to_lower(long c) {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;  // Latin-1
    if (c >= 0x100 && c <= 0x17F) {                            // Latin Extended-A
        if (c == 0x130) return 'i';
        if (c == 0x178) return 0xFF;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
        if (c == 0x138 || c == 0x149 || c == 0x17F) return c;
        return (c & 1) ? c : c + 1;
    }
    if (c >= 0x200 && c <= 0x233) return (c & 1) ? c : c + 1;  // Latin Extended-B (Romanian ș ț …)
    if (c >= 0x1E00 && c <= 0x1EFF && c != 0x1E9E) return (c & 1) ? c : c + 1;  // Vietnamese, Welsh ŵ …
    if (c == 0x1E9E) return 0xDF;                                              // capital sharp s
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;                 // Greek
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x410 && c <= 0x42F) return c + 32;  // Cyrillic
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    if (c >= 0x460 && c <= 0x4FF && !(c >= 0x482 && c <= 0x489)) {
        if (c == 0x4C0) return 0x4CF;
        if (c >= 0x4C1 && c <= 0x4CE) return (c & 1) ? c + 1 : c;
        return (c & 1) ? c : c + 1;
    }
    if (c >= 0x531 && c <= 0x556) return c + 48;  // Armenian
    return c;
}

bool is_digit(long c) {
    // ASCII plus the common Unicode digit blocks (fullwidth, super/subscripts): a "word"
    // with any of these is a model number, version or date, never a hyphenation candidate.
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == 0xB2 || c == 0xB3 || c == 0xB9 ||
           (c >= 0x2070 && c <= 0x2089);
}

// Dictionary file candidates for a BCP 47-ish tag, best first: the names the tag implies, or
// with `scan`, the language's other variants found in the folder (listed only when none of
// the implied names loads: two system calls fewer in every run).
std::vector<fs::path> candidates(std::string_view tag, bool scan) {
    std::vector<std::string> sub;
    std::string cur;
    for (char ch : tag) {
        if (ch == '-' || ch == '_') {
            sub.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    sub.push_back(cur);
    std::string ll = sub[0];
    std::transform(ll.begin(), ll.end(), ll.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ll.size() < 2 || ll.size() > 3 || !std::all_of(ll.begin(), ll.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return {};
    std::string region;
    for (size_t k = 1; k < sub.size(); ++k) {  // skip a script subtag ("Latn"), take the region
        const bool alpha2 = sub[k].size() == 2 && std::isalpha(static_cast<unsigned char>(sub[k][0])) &&
                            std::isalpha(static_cast<unsigned char>(sub[k][1]));
        const bool digit3 = sub[k].size() == 3 && std::all_of(sub[k].begin(), sub[k].end(), [](unsigned char c) {
                                return std::isdigit(c) != 0;
                            });
        if (alpha2 || digit3) {
            region = sub[k];
            std::transform(region.begin(), region.end(), region.begin(),
                           [](unsigned char c) { return char(std::toupper(c)); });
            break;
        }
    }
    std::string upper_ll = ll;
    std::transform(upper_ll.begin(), upper_ll.end(), upper_ll.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });

    const fs::path dir = kHyphenDir;
    std::vector<fs::path> out;
    if (!scan) {
        if (!region.empty()) out.push_back(dir / ("hyph_" + ll + "_" + region + ".dic"));
        out.push_back(dir / ("hyph_" + ll + ".dic"));
        // The language's "home" variant (de_DE, fr_FR) is the least surprising stand-in for a
        // bare or unknown region; then any variant, in a fixed order so results are reproducible.
        out.push_back(dir / ("hyph_" + ll + "_" + upper_ll + ".dic"));
        return out;
    }
    std::vector<fs::path> others;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.size() > 5 + ll.size() && name.rfind("hyph_" + ll + "_", 0) == 0 && e.path().extension() == ".dic")
            others.push_back(e.path());
    }
    std::sort(others.begin(), others.end());
    out.insert(out.end(), others.begin(), others.end());
    return out;
}

}  // namespace

struct Hyphenator::Dict {
    std::string dic_path;
    std::filesystem::path cache_dir;
    std::string stamp;
    std::once_flag load_once;
    std::atomic<bool> loaded{false};
    bool load_failed = false;  // the dictionary would not load after all: no points
    std::unique_ptr<KvFile> store;  // points by word, on disk (under mu)

    HyphenDict* hd = nullptr;
    std::unique_ptr<CompiledDict> compiled;  // owns hd when it came from the cache
    bool latin1 = false;  // single-byte ISO-8859-1 dictionary instead of UTF-8

    // Points by word and limits. A CV repeats its words (a 20-page one asks for 2,645 words,
    // most of them seen before), and libhyphen costs ~3,300 instructions a word.
    struct KeyHash {
        using is_transparent = void;
        size_t operator()(std::string_view k) const { return std::hash<std::string_view>()(k); }
    };
    static constexpr size_t kMaxRemembered = size_t(1) << 16;  // then words are no longer added
    mutable std::mutex mu;
    mutable std::unordered_map<std::string, std::vector<size_t>, KeyHash, std::equal_to<>> remembered;
};

namespace {
constexpr std::string_view kPointsMagic = "CVHYPPT1";
}  // namespace

Hyphenator::Hyphenator(const std::string& dic_path, const std::filesystem::path& cache_dir) : dict_(new Dict) {
    const std::string stamp = cache_dir.empty() ? std::string() : file_stamp(dic_path);
    dict_->dic_path = dic_path;
    dict_->cache_dir = cache_dir;
    dict_->stamp = stamp;
    if (!stamp.empty())
        dict_->store = std::make_unique<KvFile>(cache_dir, "hyphpoints", kPointsMagic, stamp + "\nlibhyphen points");
    // A points store was written only after this very file (path, size, time) loaded: its
    // words need no dictionary, and the dictionary waits for the first word that is not there.
    if (dict_->store && dict_->store->find(std::string_view("\0", 1))) return;
    try {
        load(dic_path, cache_dir, stamp);
    } catch (...) {
        delete dict_;
        throw;
    }
    std::call_once(dict_->load_once, [] {});
    dict_->loaded = true;
}

std::string Hyphenator::dictionary_stamp() const {
    return dict_->stamp.empty() ? file_stamp(dict_->dic_path) : dict_->stamp;
}

void Hyphenator::load(const std::string& dic_path, const std::filesystem::path& cache_dir, const std::string& stamp) const {
    const fs::path cached = stamp.empty() ? fs::path() : cache_file(cache_dir, dic_path);
    if (!cached.empty()) dict_->compiled = CompiledDict::from_file(cached, stamp);
    if (dict_->compiled) {
        dict_->hd = dict_->compiled->dict();
        from_cache_ = true;
    } else {
        dict_->hd = hnj_hyphen_load(dic_path.c_str());
        if (!dict_->hd) throw std::runtime_error("cannot load hyphenation dictionary " + dic_path);
    }
    if (!dict_->hd->utf8) {
        const std::string cset = dict_->hd->cset;
        if (cset.find("8859-1") != std::string::npos && cset.find("8859-1") + 6 == cset.size()) {
            dict_->latin1 = true;
        } else {
            if (!dict_->compiled) hnj_hyphen_free(dict_->hd);
            dict_->hd = nullptr;
            dict_->compiled.reset();
            throw std::runtime_error("hyphenation dictionary " + dic_path + ": unsupported charset " + cset);
        }
    }
    // A miss leaves the compiled automaton for the next run; failing to write it (read-only
    // home, full disk) only costs the next run the same load time.
    if (!from_cache_ && !cached.empty())
        if (const std::string image = compile_image(dict_->hd, stamp); !image.empty() && write_cache_file(cached, image))
            remove_obsolete_images(cache_dir);  // a miss is when an upgrade leaves old images behind
}

void Hyphenator::ensure_loaded() const {
    std::call_once(dict_->load_once, [this] {
        try {
            load(dict_->dic_path, dict_->cache_dir, dict_->stamp);
        } catch (const std::runtime_error&) {
            dict_->load_failed = true;  // it loaded when the store was written; now no points
        }
        dict_->loaded = true;
    });
}

bool Hyphenator::dictionary_loaded() const { return dict_->loaded && !dict_->load_failed && dict_->hd; }

bool Hyphenator::save_store() const {
    std::lock_guard<std::mutex> lock(dict_->mu);
    if (!dict_->store || !dict_->loaded || dict_->load_failed) return false;
    const std::string loaded("\0", 1);  // the entry that says "this dictionary file loaded"
    if (!dict_->store->find(loaded)) dict_->store->add(loaded, {});
    return dict_->store->save(Dict::kMaxRemembered);
}

Hyphenator::~Hyphenator() {
    if (!dict_->compiled && dict_->hd) hnj_hyphen_free(dict_->hd);
    delete dict_;
}

std::vector<size_t> Hyphenator::points(std::string_view word, int left_min, int right_min) const {
    thread_local std::string key;
    key.assign(word);
    key += '\0';
    key += char(std::clamp(left_min, 0, 127));
    key += char(std::clamp(right_min, 0, 127));
    {
        std::lock_guard<std::mutex> lock(dict_->mu);
        if (auto it = dict_->remembered.find(std::string_view(key)); it != dict_->remembered.end()) return it->second;
        // The points store: two bytes a point, each inside the word.
        if (dict_->store)
            if (auto v = dict_->store->find(key); v && v->size() % 2 == 0) {
                std::vector<size_t> out;
                ByteReader r(*v);
                bool sound = true;
                while (r.left() && sound) {
                    out.push_back(r.u16());
                    sound = out.back() > 0 && out.back() < word.size();
                }
                if (sound) {
                    if (dict_->remembered.size() < Dict::kMaxRemembered) dict_->remembered.emplace(key, out);
                    return out;
                }
            }
    }
    ensure_loaded();
    std::vector<size_t> out = dict_->load_failed ? std::vector<size_t>() : compute_points(word, left_min, right_min);
    std::lock_guard<std::mutex> lock(dict_->mu);
    if (dict_->remembered.size() < Dict::kMaxRemembered) {
        dict_->remembered.emplace(key, out);
        if (dict_->store && !dict_->load_failed) {  // as bounded as what is remembered
            std::string v;
            for (size_t p : out) v += char(p & 0xFF), v += char(p >> 8);
            dict_->store->add(key, std::move(v));
        }
    }
    return out;
}

std::vector<size_t> Hyphenator::compute_points(std::string_view word, int left_min, int right_min) const {
    std::vector<size_t> out;
    if (word.empty() || word.size() > kMaxWordBytes) return out;
    left_min = std::max(left_min, 1);
    right_min = std::max(right_min, 1);

    // Lowercased copy in the dictionary's encoding, plus where each character starts in `word`.
    std::string lower;
    lower.reserve(word.size() + 1);
    size_t offsets[kMaxWordBytes + 1];
    size_t nchars = 0;
    for (size_t i = 0; i < word.size();) {
        offsets[nchars++] = i;
        const long cp = decode_utf8(word, i);
        if (cp < 0 || is_digit(cp)) return out;
        const long lc = to_lower(cp);
        if (dict_->latin1) {
            if (lc > 0xFF) return out;  // cannot be in a Latin-1 pattern, so no sound points
            lower += char(lc);
        } else {
            append_utf8(lower, char32_t(lc));
        }
    }
    offsets[nchars] = word.size();
    if (nchars < size_t(left_min + right_min)) return out;

    const int size = int(lower.size());
    char hyphens[kMaxWordBytes * 4 + 8];  // libhyphen wants word_size + 5
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    // hyphenate3 applies max(ours, dictionary's) hyphenmins — the patterns were made for the
    // dictionary's limits, so going below them would produce points nobody vetted.
    hnj_hyphen_hyphenate3(dict_->hd, lower.c_str(), size, hyphens, nullptr, &rep, &pos, &cut, left_min, right_min,
                          0, 0);
    // After UTF-8 normalisation, hyphens[k] (and rep[k]) describe the point after character k.
    for (size_t k = 0; k + 1 < nchars; ++k) {
        if (!(hyphens[k] & 1)) continue;
        // Non-standard points (German "Schiff-fahrt" style) change the spelling around the
        // break; a byte offset cannot express that, so such points are skipped.
        if (rep && rep[k]) continue;
        const size_t before = k + 1, after = nchars - before;
        if (before < size_t(left_min) || after < size_t(right_min)) continue;
        out.push_back(offsets[before]);
    }
    if (rep) {
        for (int k = 0; k < size; ++k) std::free(rep[k]);
        std::free(rep);
    }
    std::free(pos);
    std::free(cut);
    return out;
}

namespace {

// The dictionaries of the process: by tag (remembering misses, so an unknown language costs
// one directory scan) and by file, so that "en", "en-US" and "en_US" share one.
struct Registry {
    std::mutex mu;
    std::map<std::string, std::shared_ptr<const Hyphenator>, std::less<>> by_tag;
    std::map<std::string, std::shared_ptr<const Hyphenator>> by_file;
};
Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

size_t Hyphenator::save_stores() {
    Registry& reg = registry();
    std::lock_guard<std::mutex> lock(reg.mu);
    size_t written = 0;
    for (const auto& [file, h] : reg.by_file) written += h->save_store() ? 1 : 0;
    return written;
}

std::shared_ptr<const Hyphenator> Hyphenator::for_language(std::string_view lang) {
    Registry& reg = registry();
    auto& by_tag = reg.by_tag;
    auto& by_file = reg.by_file;
    std::lock_guard<std::mutex> lock(reg.mu);
    if (auto it = by_tag.find(lang); it != by_tag.end()) return it->second;
    std::shared_ptr<const Hyphenator> found;
    if (!lang.empty()) {
        for (bool scan : {false, true}) {
            for (const fs::path& p : candidates(lang, scan)) {
                std::error_code ec;
                const fs::path canon = fs::canonical(p, ec);
                if (ec || !fs::is_regular_file(canon, ec)) continue;
                const std::string key = canon.string();
                if (auto f = by_file.find(key); f != by_file.end()) {
                    found = f->second;
                    break;
                }
                try {
                    found = std::make_shared<const Hyphenator>(key);
                } catch (const std::runtime_error&) {
                    continue;  // unreadable or unsupported: try the next candidate
                }
                by_file.emplace(key, found);
                break;
            }
            if (found) break;
        }
    }
    by_tag.emplace(std::string(lang), found);
    return found;
}

}  // namespace cvpdf::linebreak
