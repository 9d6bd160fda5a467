#include "linebreak/hyphen_cache.hpp"

#include <hyphen.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <vector>

namespace cvpdf::linebreak {
namespace {

namespace fs = std::filesystem;

// Bump when the image layout changes; the struct sizes guard against another libhyphen ABI.
constexpr char kMagic[8] = {'C', 'V', 'H', 'Y', 'P', 'H', '0', '1'};
constexpr uint32_t kNoString = std::numeric_limits<uint32_t>::max();
constexpr int kMaxLevels = 4;       // libhyphen builds two; anything longer is not ours
constexpr int kMaxStates = 1 << 24;

std::string abi_signature() {
    return std::to_string(sizeof(HyphenDict)) + "/" + std::to_string(sizeof(HyphenState)) + "/" +
           std::to_string(sizeof(HyphenTrans)) + "/" + std::to_string(MAX_NAME);
}

// FNV-1a over 64-bit words: catches truncation and bit rot, costs ~0.1 ms for en_US.
uint64_t checksum(const char* p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 1099511628211ull;
    }
    for (; i < n; ++i) h = (h ^ uint8_t(p[i])) * 1099511628211ull;
    return h;
}

class Writer {
public:
    template <class T>
    void put(T v) {
        out.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    void put_string(const char* s, size_t n) {  // n bytes, then a NUL of our own
        put(uint32_t(n));
        out.append(s, n);
        out.push_back('\0');
    }
    void put_cstr(const char* s) {
        if (!s) return put(kNoString);
        put_string(s, std::strlen(s));
    }
    std::string out;
};

class Reader {
public:
    Reader(char* begin, size_t n) : p_(begin), end_(begin + n) {}
    template <class T>
    T get() {
        T v{};
        if (size_t(end_ - p_) < sizeof v) {
            ok = false;
            return v;
        }
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        return v;
    }
    // A pointer into the image (its bytes and our NUL), or nullptr for "no string".
    char* get_string(uint32_t* length = nullptr) {
        const uint32_t n = get<uint32_t>();
        if (!ok || n == kNoString) return nullptr;
        if (size_t(end_ - p_) <= n || p_[n] != '\0') {
            ok = false;
            return nullptr;
        }
        char* s = p_;
        p_ += n + 1;
        if (length) *length = n;
        return s;
    }
    bool at_end() const { return p_ == end_; }
    bool ok = true;

private:
    char* p_;
    char* end_;
};

// libhyphen follows fallback links until a transition matches or the link is -1; a cycle
// would never end, so an image must not contain one (libhyphen's own never does: each
// fallback is a proper suffix of its state's string).
bool fallbacks_terminate(const std::vector<HyphenState>& states) {
    enum : uint8_t { Unknown, Busy, Done };
    std::vector<uint8_t> mark(states.size(), Unknown);
    std::vector<int> path;
    for (size_t s0 = 0; s0 < states.size(); ++s0) {
        int s = int(s0);
        while (s >= 0 && mark[s] == Unknown) {
            mark[s] = Busy;
            path.push_back(s);
            s = states[s].fallback_state;
        }
        if (s >= 0 && mark[s] == Busy) return false;
        for (int t : path) mark[t] = Done;
        path.clear();
    }
    return true;
}

}  // namespace

struct CompiledDict::Parts {
    std::string image;
    std::vector<HyphenDict> dicts;
    std::vector<std::vector<HyphenState>> states;
    std::vector<std::vector<HyphenTrans>> trans;
};

CompiledDict::CompiledDict() : parts_(new Parts) {}
CompiledDict::~CompiledDict() = default;
HyphenDict* CompiledDict::dict() const { return &parts_->dicts.front(); }

std::string compile_image(const HyphenDict* head, const std::string& stamp) {
    Writer w;
    std::vector<const HyphenDict*> levels;
    for (const HyphenDict* d = head; d && int(levels.size()) < kMaxLevels; d = d->nextlevel) levels.push_back(d);
    w.put(uint32_t(levels.size()));
    for (const HyphenDict* d : levels) {
        w.put(d->lhmin), w.put(d->rhmin), w.put(d->clhmin), w.put(d->crhmin);
        w.put(int32_t(d->utf8));
        w.out.append(d->cset, MAX_NAME);
        // NOHYPHEN is nohyphenl + 1 NUL-terminated strings in one buffer.
        w.put(int32_t(d->nohyphenl));
        if (!d->nohyphen) {
            w.put(kNoString);
        } else {
            size_t n = 0;
            for (int k = 0; k <= d->nohyphenl; ++k) n += std::strlen(d->nohyphen + n) + 1;
            w.put_string(d->nohyphen, n);
        }
        w.put(int32_t(d->num_states));
        for (int s = 0; s < d->num_states; ++s) {
            const HyphenState& st = d->states[s];
            w.put(int32_t(st.fallback_state));
            w.put(st.replindex), w.put(st.replcut);
            w.put_cstr(st.match);
            w.put_cstr(st.repl);
            w.put(int32_t(st.num_trans));
            for (int t = 0; t < st.num_trans; ++t) {
                w.put(st.trans[t].ch);
                w.put(int32_t(st.trans[t].new_state));
            }
        }
    }
    const std::string sig = stamp + "\n" + abi_signature();
    Writer h;
    h.out.append(kMagic, sizeof kMagic);
    h.put_string(sig.data(), sig.size());
    h.put(uint64_t(w.out.size()));
    h.put(checksum(w.out.data(), w.out.size()));
    return h.out + w.out;
}

std::unique_ptr<CompiledDict> CompiledDict::from_image(std::string image, const std::string& stamp) {
    std::unique_ptr<CompiledDict> cd(new CompiledDict);
    Parts& parts = *cd->parts_;
    parts.image = std::move(image);
    std::string& img = parts.image;

    if (img.size() < sizeof kMagic || std::memcmp(img.data(), kMagic, sizeof kMagic) != 0) return nullptr;
    Reader head(img.data() + sizeof kMagic, img.size() - sizeof kMagic);
    uint32_t sig_len = 0;
    const char* sig = head.get_string(&sig_len);
    const uint64_t payload_size = head.get<uint64_t>();
    const uint64_t sum = head.get<uint64_t>();
    if (!head.ok || !sig || std::string_view(sig, sig_len) != stamp + "\n" + abi_signature()) return nullptr;
    const size_t payload_at = sizeof kMagic + sizeof(uint32_t) + sig_len + 1 + 2 * sizeof(uint64_t);
    if (img.size() - payload_at != payload_size || checksum(img.data() + payload_at, payload_size) != sum)
        return nullptr;

    Reader r(img.data() + payload_at, payload_size);
    const uint32_t levels = r.get<uint32_t>();
    if (!r.ok || levels == 0 || levels > kMaxLevels) return nullptr;
    parts.dicts.resize(levels);
    parts.states.resize(levels);
    parts.trans.resize(levels);
    for (uint32_t k = 0; k < levels; ++k) {
        HyphenDict& d = parts.dicts[k];
        d = HyphenDict{};
        d.lhmin = r.get<char>(), d.rhmin = r.get<char>(), d.clhmin = r.get<char>(), d.crhmin = r.get<char>();
        d.utf8 = r.get<int32_t>();
        for (char& c : d.cset) c = r.get<char>();
        d.nohyphenl = r.get<int32_t>();
        uint32_t nh_len = 0;
        d.nohyphen = r.get_string(&nh_len);
        if (!r.ok || d.nohyphenl < 0) return nullptr;
        if (d.nohyphen) {  // nohyphenl + 1 strings, each ending inside the buffer
            size_t at = 0;
            for (int i = 0; i <= d.nohyphenl; ++i) {
                if (at > nh_len) return nullptr;
                at += std::strlen(d.nohyphen + at) + 1;
            }
            if (at > nh_len + 1) return nullptr;
        }
        const int32_t n = r.get<int32_t>();
        if (!r.ok || n < 1 || n > kMaxStates) return nullptr;
        auto& states = parts.states[k];
        auto& trans = parts.trans[k];
        states.resize(size_t(n));
        trans.reserve(size_t(n));  // a trie: one transition into every state but the root
        std::vector<std::pair<size_t, int>> trans_at(states.size());  // (first, count) in `trans`
        for (int s = 0; s < n; ++s) {
            HyphenState& st = states[s];
            st.fallback_state = r.get<int32_t>();
            st.replindex = r.get<signed char>();
            st.replcut = r.get<signed char>();
            st.match = r.get_string();
            st.repl = r.get_string();
            const int32_t nt = r.get<int32_t>();
            if (!r.ok || st.fallback_state < -1 || st.fallback_state >= n || nt < 0 || nt > 256) return nullptr;
            trans_at[s] = {trans.size(), nt};
            for (int t = 0; t < nt; ++t) {
                HyphenTrans tr{};
                tr.ch = r.get<char>();
                tr.new_state = r.get<int32_t>();
                if (!r.ok || tr.new_state < 0 || tr.new_state >= n) return nullptr;
                trans.push_back(tr);
            }
        }
        // Pointers only once `trans` has stopped growing.
        for (int s = 0; s < n; ++s) {
            states[s].num_trans = trans_at[s].second;
            states[s].trans = trans_at[s].second ? trans.data() + trans_at[s].first : nullptr;
        }
        if (!fallbacks_terminate(states)) return nullptr;
        d.num_states = n;
        d.states = states.data();
    }
    if (!r.at_end()) return nullptr;
    for (uint32_t k = 0; k + 1 < levels; ++k) parts.dicts[k].nextlevel = &parts.dicts[k + 1];
    return cd;
}

std::string source_stamp(const fs::path& dic) {
    std::error_code ec;
    const fs::path canon = fs::canonical(dic, ec);
    if (ec) return {};
    const auto size = fs::file_size(canon, ec);
    if (ec) return {};
    const auto mtime = fs::last_write_time(canon, ec);
    if (ec) return {};
    return canon.string() + "\n" + std::to_string(size) + "\n" +
           std::to_string(mtime.time_since_epoch().count());
}

fs::path default_cache_dir() {
    if (const char* d = std::getenv("CVPDF_CACHE_DIR")) return d;  // "" disables caching
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return fs::path(x) / "cvpdf";
    if (const char* h = std::getenv("HOME"); h && *h == '/') return fs::path(h) / ".cache" / "cvpdf";
    return {};
}

fs::path cache_file(const fs::path& cache_dir, const fs::path& dic) {
    std::error_code ec;
    const std::string canon = fs::weakly_canonical(dic, ec).string();
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(checksum(canon.data(), canon.size())));
    return cache_dir / ("hyphen-" + dic.stem().string() + "-" + hex + ".bin");
}

bool store_image(const fs::path& file, const std::string& image) {
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) return false;
    fs::path tmp = file;
    tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(image.data(), std::streamsize(image.size()));
        out.close();
        if (!out) {
            fs::remove(tmp, ec);
            return false;
        }
    }
    fs::rename(tmp, file, ec);  // atomic: concurrent runs each install a complete image
    if (!ec) return true;
    fs::remove(tmp, ec);
    return false;
}

}  // namespace cvpdf::linebreak
