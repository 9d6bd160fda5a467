#include "linebreak/hyphenate.hpp"

#include <hyphen.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

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

void encode_utf8(long cp, std::string& out) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
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

// Dictionary file candidates for a BCP 47-ish tag, best first.
std::vector<fs::path> candidates(std::string_view tag) {
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
    if (!region.empty()) out.push_back(dir / ("hyph_" + ll + "_" + region + ".dic"));
    out.push_back(dir / ("hyph_" + ll + ".dic"));
    // The language's "home" variant (de_DE, fr_FR) is the least surprising stand-in for a
    // bare or unknown region; then any variant, in a fixed order so results are reproducible.
    out.push_back(dir / ("hyph_" + ll + "_" + upper_ll + ".dic"));
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

// Two engines behind one interface. Plain Liang pattern files (one level, no
// non-standard "/" patterns, UTF-8 — e.g. Debian's hyph_en_US) are matched by our own
// table: loading it is one pass over the file into three flat arrays, where libhyphen's
// loader builds a state machine with several allocations per pattern (it was ~39% of
// all instructions of a cold one-page render), including libhyphen's default compound
// level (- ' – ’). Other dictionaries go to libhyphen. Both give the same points (checked over the dictionary's own words and
// random strings and compounds; see tests/unit/linebreak/hyphenate_equiv_test.cpp).
struct Hyphenator::Dict {
    std::string path;

    // Own Liang matcher: pattern letters (bytes) → the digits around them.
    bool fast = false;
    int lhmin = 0, rhmin = 0;  // the dictionary's LEFT/RIGHTHYPHENMIN
    struct Slot {
        uint32_t key = 0;     // offset into `keys`
        uint32_t digits = 0;  // offset into `digits`: len + 1 values
        uint32_t len = 0;     // 0 = empty slot
    };
    std::string keys;
    std::vector<uint8_t> digits;
    std::vector<Slot> table;  // open addressing, power-of-two size
    size_t max_len = 0;

    // libhyphen, loaded on first use when the matcher cannot answer (or eagerly when it
    // cannot read the file at all).
    mutable std::once_flag once;
    mutable HyphenDict* hd = nullptr;
    mutable bool latin1 = false;  // single-byte ISO-8859-1 dictionary instead of UTF-8
    mutable std::string error;

    static uint32_t hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
    static constexpr uint32_t kHashSeed = 2166136261u;

    bool load_fast(const std::string& text);
    void insert(std::string_view letters, const uint8_t* vals);
    const Slot* find(const char* p, size_t len, uint32_t h) const;
    void match(const std::string& word, uint8_t* vals) const;  // vals: word.size() + 3
    HyphenDict* libhyphen() const;
};

void Hyphenator::Dict::insert(std::string_view letters, const uint8_t* vals) {
    uint32_t h = kHashSeed;
    for (unsigned char c : letters) h = hash_step(h, c);
    const size_t mask = table.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& s = table[i];
        if (s.len == 0) {
            s.key = uint32_t(keys.size());
            s.len = uint32_t(letters.size());
            s.digits = uint32_t(digits.size());
            keys.append(letters);
            digits.insert(digits.end(), vals, vals + letters.size() + 1);
            max_len = std::max(max_len, letters.size());
            return;
        }
        if (s.len == letters.size() && keys.compare(s.key, s.len, letters) == 0) {
            std::copy(vals, vals + letters.size() + 1, digits.begin() + s.digits);  // later line wins
            return;
        }
    }
}

const Hyphenator::Dict::Slot* Hyphenator::Dict::find(const char* p, size_t len, uint32_t h) const {
    const size_t mask = table.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& s = table[i];
        if (s.len == 0) return nullptr;
        if (s.len == len && std::memcmp(keys.data() + s.key, p, len) == 0) return &s;
    }
}

bool Hyphenator::Dict::load_fast(const std::string& text) {
    // Line 1 names the charset; then patterns and a few keywords ('%'/'#' lines are comments).
    size_t eol = text.find('\n');
    std::string_view cset = std::string_view(text).substr(0, eol == std::string::npos ? text.size() : eol);
    while (!cset.empty() && (cset.back() == '\r' || cset.back() == ' ')) cset.remove_suffix(1);
    if (cset != "UTF-8") return false;
    size_t lines = 0;
    for (char c : text) lines += c == '\n';
    size_t cap = 16;
    while (cap < lines * 2) cap *= 2;
    table.assign(cap, Slot{});
    keys.reserve(text.size());
    digits.reserve(text.size() + lines);
    std::string letters;
    std::vector<uint8_t> vals;
    for (size_t i = eol == std::string::npos ? text.size() : eol + 1; i < text.size();) {
        size_t e = text.find('\n', i);
        if (e == std::string::npos) e = text.size();
        std::string_view line(text.data() + i, e - i);
        i = e + 1;
        // Like libhyphen, a line's pattern is its first run of bytes above ' '.
        size_t n = 0;
        while (n < line.size() && static_cast<unsigned char>(line[n]) > ' ') ++n;
        std::string_view tok = line.substr(0, n);
        if (tok.empty() || tok[0] == '%' || tok[0] == '#') continue;
        auto keyword = [&](std::string_view k, int& out) {
            if (line.substr(0, k.size()) != k) return false;
            out = std::atoi(std::string(line.substr(k.size())).c_str());
            return true;
        };
        if (keyword("LEFTHYPHENMIN", lhmin) || keyword("RIGHTHYPHENMIN", rhmin)) continue;
        // Compound levels, NOHYPHEN and non-standard patterns: libhyphen's job.
        if (std::isupper(static_cast<unsigned char>(tok[0])) || tok.find('/') != std::string_view::npos) return false;
        letters.clear();
        vals.assign(1, 0);
        for (unsigned char c : tok) {
            if (c >= '0' && c <= '9') {
                vals.back() = uint8_t(c - '0');
            } else {
                letters += char(c);
                vals.push_back(0);
            }
        }
        if (letters.empty()) continue;
        insert(letters, vals.data());
    }
    return true;
}

void Hyphenator::Dict::match(const std::string& word, uint8_t* vals) const {
    // Liang: every substring of ".word." that is a pattern raises the values around it.
    std::string w;
    w.reserve(word.size() + 2);
    w += '.';
    w += word;
    w += '.';
    const size_t n = w.size();
    std::fill(vals, vals + n + 1, uint8_t(0));
    for (size_t i = 0; i < n; ++i) {
        uint32_t h = kHashSeed;
        const size_t end = std::min(n, i + max_len);
        for (size_t j = i; j < end; ++j) {
            h = hash_step(h, static_cast<unsigned char>(w[j]));
            if (const Slot* s = find(w.data() + i, j - i + 1, h)) {
                const uint8_t* d = digits.data() + s->digits;
                for (size_t k = 0; k <= s->len; ++k) vals[i + k] = std::max(vals[i + k], d[k]);
            }
        }
    }
}

HyphenDict* Hyphenator::Dict::libhyphen() const {
    std::call_once(once, [this] {
        hd = hnj_hyphen_load(path.c_str());
        if (!hd) {
            error = "cannot load hyphenation dictionary " + path;
            return;
        }
        if (!hd->utf8) {
            const std::string cset = hd->cset;
            if (cset.find("8859-1") != std::string::npos && cset.find("8859-1") + 6 == cset.size()) {
                latin1 = true;
            } else {
                hnj_hyphen_free(hd);
                hd = nullptr;
                error = "hyphenation dictionary " + path + ": unsupported charset " + cset;
            }
        }
    });
    return hd;
}

Hyphenator::Hyphenator(const std::string& dic_path) : dict_(new Dict) {
    dict_->path = dic_path;
    std::string text;
    if (FILE* f = std::fopen(dic_path.c_str(), "rb")) {
        char buf[65536];
        for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
        std::fclose(f);
        dict_->fast = dict_->load_fast(text);
    }
    if (!dict_->fast && !dict_->libhyphen()) {
        std::string err = dict_->error;
        delete dict_;
        throw std::runtime_error(err);
    }
    if (!dict_->fast) {  // release the matcher's arrays: libhyphen answers everything
        dict_->table = {};
        dict_->keys = {};
        dict_->digits = {};
    }
}

Hyphenator::~Hyphenator() {
    if (dict_->hd) hnj_hyphen_free(dict_->hd);
    delete dict_;
}

std::vector<size_t> Hyphenator::points(std::string_view word, int left_min, int right_min) const {
    std::vector<size_t> out;
    if (word.empty() || word.size() > kMaxWordBytes) return out;
    left_min = std::max(left_min, 1);
    right_min = std::max(right_min, 1);

    // Lowercased UTF-8 copy, plus where each character starts in `word`.
    std::string lower;
    lower.reserve(word.size() + 1);
    size_t offsets[kMaxWordBytes + 1];
    size_t nchars = 0;
    for (size_t i = 0; i < word.size();) {
        offsets[nchars++] = i;
        const long cp = decode_utf8(word, i);
        if (cp < 0 || is_digit(cp)) return out;
        encode_utf8(to_lower(cp), lower);  // (re-encoded below for a Latin-1 libhyphen dictionary)
    }
    offsets[nchars] = word.size();
    if (nchars < size_t(left_min + right_min)) return out;

    if (dict_->fast && lower.size() <= kMaxWordBytes) {
        // libhyphen applies the larger of our and the dictionary's limits; so do we.
        const size_t lh = size_t(std::max(left_min, dict_->lhmin)), rh = size_t(std::max(right_min, dict_->rhmin));
        const size_t n = lower.size();
        // hy[b]: the value after byte b of `lower`, as libhyphen computes it. Without a
        // NEXTLEVEL line libhyphen adds a first level that splits compounds at - ' – ’
        // ("1-1" patterns): each segment is matched as a word of its own, and NOHYPHEN then
        // removes the points next to the separators.
        uint8_t hy[kMaxWordBytes + 1] = {};
        uint8_t vals[kMaxWordBytes + 4];
        struct Sep {
            size_t pos, len;
        };
        Sep seps[kMaxWordBytes];
        size_t nseps = 0;
        bool l1[kMaxWordBytes + 1] = {};
        for (size_t p = 0; p < n; ++p) {
            size_t len = 0;
            if (lower[p] == '-' || lower[p] == '\'') len = 1;
            else if (lower.compare(p, 3, "\xE2\x80\x93") == 0 || lower.compare(p, 3, "\xE2\x80\x99") == 0) len = 3;
            if (!len) continue;
            seps[nseps++] = {p, len};
            if (p > 0) l1[p - 1] = true;
            if (p + len - 1 < n - 1) l1[p + len - 1] = true;
        }
        // A compound's inner segment boundaries get the compound hyphenmins (the dictionary's
        // own, as libhyphen defaults them): `inner_left` / `inner_right` say which apply.
        auto segment = [&](size_t begin, size_t last, bool inner_left, bool inner_right) {  // bytes [begin, last]
            const std::string seg = lower.substr(begin, last - begin + 1);
            dict_->match(seg, vals);
            size_t seg_chars = 0;
            for (unsigned char c : seg) seg_chars += (c & 0xC0) != 0x80;
            size_t before = 0;
            for (size_t j = 0; j < last - begin; ++j) {
                before += (static_cast<unsigned char>(seg[j]) & 0xC0) != 0x80;
                uint8_t v = vals[j + 2];
                if (inner_left && before < size_t(dict_->lhmin)) v = 0;
                if (inner_right && seg_chars - before < size_t(dict_->rhmin)) v = 0;
                hy[begin + j] = v;
            }
        };
        if (nseps == 0) {
            if (n > 0) segment(0, n - 1, false, false);
        } else {
            size_t begin = 0;
            for (size_t i = 0; i < n; ++i) {
                if (l1[i] || (begin > 0 && i + 1 == n)) {
                    if (i > begin) segment(begin, i, begin > 0, l1[i]);
                    begin = i + 1;
                }
            }
            for (size_t k = 0; k < nseps; ++k) {
                hy[seps[k].pos + seps[k].len - 1] = 0;
                if (seps[k].pos > 0) hy[seps[k].pos - 1] = 0;
            }
        }
        // The point after character k is the value after its last byte.
        size_t b = 0;
        for (size_t k = 0; k + 1 < nchars; ++k) {
            do ++b;
            while (b < n && (static_cast<unsigned char>(lower[b]) & 0xC0) == 0x80);
            if (!(hy[b - 1] & 1)) continue;
            const size_t before = k + 1, after = nchars - before;
            if (before < lh || after < rh || before < size_t(left_min) || after < size_t(right_min)) continue;
            out.push_back(offsets[before]);
        }
        return out;
    }
    HyphenDict* hd = dict_->libhyphen();
    if (!hd) return out;
    if (dict_->latin1) {
        // Re-encode as Latin-1: a character above U+00FF cannot be in a pattern, so no sound points.
        std::string l1;
        for (size_t i = 0; i < lower.size();) {
            const long cp = decode_utf8(lower, i);
            if (cp < 0 || cp > 0xFF) return out;
            l1 += char(cp);
        }
        lower = std::move(l1);
    }

    const int size = int(lower.size());
    char hyphens[kMaxWordBytes * 4 + 8];  // libhyphen wants word_size + 5
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    // hyphenate3 applies max(ours, dictionary's) hyphenmins — the patterns were made for the
    // dictionary's limits, so going below them would produce points nobody vetted.
    hnj_hyphen_hyphenate3(hd, lower.c_str(), size, hyphens, nullptr, &rep, &pos, &cut, left_min, right_min,
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

std::shared_ptr<const Hyphenator> Hyphenator::for_language(std::string_view lang) {
    static std::mutex mu;
    // By tag (remembering misses, so an unknown language costs one directory scan) and by
    // file, so that "en", "en-US" and "en_US" share one loaded dictionary.
    static std::map<std::string, std::shared_ptr<const Hyphenator>, std::less<>> by_tag;
    static std::map<std::string, std::shared_ptr<const Hyphenator>> by_file;

    std::lock_guard<std::mutex> lock(mu);
    if (auto it = by_tag.find(lang); it != by_tag.end()) return it->second;
    std::shared_ptr<const Hyphenator> found;
    if (!lang.empty()) {
        for (const fs::path& p : candidates(lang)) {
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
    }
    by_tag.emplace(std::string(lang), found);
    return found;
}

}  // namespace cvpdf::linebreak
