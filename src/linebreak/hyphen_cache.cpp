#include "linebreak/hyphen_cache.hpp"

#include "base/disk_cache.hpp"
#include "base/mapped_file.hpp"

#include <hyphen.h>
#include <libdeflate.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iterator>
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
constexpr char kMagic[8] = {'C', 'V', 'H', 'Y', 'P', 'H', '0', '4'};
constexpr uint32_t kNoString = std::numeric_limits<uint32_t>::max();
constexpr int kMaxLevels = 4;       // libhyphen builds two; anything longer is not ours
constexpr int kMaxStates = 1 << 24;

std::string abi_signature() {
    return std::to_string(sizeof(HyphenDict)) + "/" + std::to_string(sizeof(HyphenState)) + "/" +
           std::to_string(sizeof(HyphenTrans)) + "/" + std::to_string(MAX_NAME);
}

// The image's payload checksum: libdeflate's CRC-32 (carry-less multiply, ~0.05
// instructions a byte) instead of our FNV (0.54 a byte: 0.43 M instructions, 1.3 % of a cold
// render, for the 800 KB English image). It is there to catch a damaged file; the structure
// is checked field by field anyway.
uint64_t payload_checksum(const char* p, size_t n) { return libdeflate_crc32(0, p, n); }

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
    void align(size_t base) {  // to 8 bytes from `base`, so arrays can be used in place
        while ((out.size() - base) % 8) out.push_back('\0');
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
    // `count` records of `size` bytes, in place, after padding to 8 bytes from `base`.
    char* get_array(const char* base, size_t count, size_t size) {
        while ((p_ - base) % 8 && p_ < end_) ++p_;
        if (!ok || size_t(end_ - p_) / size < count) {
            ok = false;
            return nullptr;
        }
        char* a = p_;
        p_ += count * size;
        return a;
    }
    bool ok = true;

private:
    char* p_;
    char* end_;
};

// States numbered breadth-first from the root: libhyphen's automaton is a trie, so a
// state's fallback (its longest proper suffix that is a state) is shallower and numbered
// lower. Images keep that order, and that makes "every fallback chain ends" a check of one
// comparison per state: libhyphen would follow a loop forever. -1 for unreachable states.
std::vector<int> breadth_first(const HyphenDict* d) {
    std::vector<int> order(size_t(d->num_states), -1);
    std::vector<int> queue{0};
    order[0] = 0;
    for (size_t at = 0; at < queue.size(); ++at) {
        const HyphenState& st = d->states[queue[at]];
        for (int t = 0; t < st.num_trans; ++t) {
            const int next = st.trans[t].new_state;
            if (next >= 0 && next < d->num_states && order[next] < 0) {
                order[next] = int(queue.size());
                queue.push_back(next);
            }
        }
    }
    return order;
}

// The states of one level exactly as compile_image writes them, for the pool and the
// transition array where they lie: strings inside the pool (which ends in a NUL), each
// state's transitions right after the previous state's, links to existing states only.
bool states_consistent(const HyphenState* states, int n, const HyphenTrans* trans, uint32_t nt,
                       const char* pool, uint32_t pool_size) {
    uint32_t next_trans = 0;
    for (int s = 0; s < n; ++s) {
        const HyphenState& st = states[s];
        if (st.match && uintptr_t(st.match) - uintptr_t(pool) >= pool_size) return false;
        // Images never hold non-standard patterns (see compile_image).
        if (st.repl) return false;
        if (st.fallback_state < -1 || st.fallback_state >= s) return false;  // see breadth_first
        if (st.num_trans < 0 || uint32_t(st.num_trans) > nt - next_trans) return false;
        if (st.trans != (st.num_trans ? trans + next_trans : nullptr)) return false;
        next_trans += uint32_t(st.num_trans);
    }
    if (next_trans != nt) return false;
    for (uint32_t t = 0; t < nt; ++t)
        if (trans[t].new_state < 0 || trans[t].new_state >= n) return false;
    return true;
}

// Moves a pointer of an image compiled for one address to where the image lies.
template <class T>
void rebase(T*& p, uintptr_t delta) {
    if (p) p = reinterpret_cast<T*>(reinterpret_cast<uintptr_t>(p) + delta);
}

}  // namespace

// 1,024 slots of 4 GiB from 0x3a00'0000'0000: above where Linux puts the executable and
// its heap (0x55…), below its shared objects and mmaps (0x7f…), and in the part of the
// address space AddressSanitizer leaves to the program.
uintptr_t image_address(const std::string& source_stamp) {
    constexpr uint64_t kRegion = uint64_t(0x3a) << 40, kSlot = uint64_t(1) << 32;
    const uint64_t at = kRegion + (stable_hash(source_stamp) % 1024) * kSlot;
    return at <= UINTPTR_MAX ? uintptr_t(at) : 0;  // 0: no preferred address (32-bit)
}

struct CompiledDict::Parts {
    std::string image;  // from_image: the bytes, or
    MappedFile map;     // from_file: the file mapped copy-on-write
    std::vector<HyphenDict> dicts;
    std::vector<std::vector<HyphenState>> states;  // only when relocated: else in the image
    bool in_place = false;
};

CompiledDict::CompiledDict() : parts_(new Parts) {}
CompiledDict::~CompiledDict() = default;
HyphenDict* CompiledDict::dict() const { return &parts_->dicts.front(); }
bool CompiledDict::in_place() const { return parts_->in_place; }

std::string compile_image(const HyphenDict* head, const std::string& stamp) {
    std::vector<const HyphenDict*> levels;
    for (const HyphenDict* d = head; d && int(levels.size()) < kMaxLevels; d = d->nextlevel) levels.push_back(d);
    // Non-standard patterns ("Schiff-fahrt") make libhyphen index by their replindex and
    // replcut without bounds checks: a cache could not vouch for them, so dictionaries with
    // any stay uncached (they are German/Hungarian; points() skips such points anyway).
    for (const HyphenDict* d : levels)
        for (int s = 0; s < d->num_states; ++s)
            if (d->states[s].repl) return {};

    const uintptr_t base = image_address(stamp);
    const std::string sig = stamp + "\n" + abi_signature();
    Writer h;
    h.out.append(kMagic, sizeof kMagic);
    h.put_string(sig.data(), sig.size());
    h.put(uint64_t(base));
    const size_t payload_at = (h.out.size() + 2 * sizeof(uint64_t) + 7) / 8 * 8;
    // Where a payload offset will be in memory when the image is mapped at `base`.
    auto address = [&](size_t pos) { return base + payload_at + pos; };

    Writer w;
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
        const int n = d->num_states;
        const std::vector<int> id = breadth_first(d);
        std::vector<int> old(static_cast<size_t>(n));
        for (int s = 0; s < n; ++s) {
            if (id[s] < 0) return {};  // a state no word can reach: not libhyphen's
            old[id[s]] = s;
        }
        std::string pool;
        std::vector<int32_t> match(size_t(n), -1);  // by new number
        uint32_t nt = 0;
        for (int s = 0; s < n; ++s) {
            const HyphenState& src = d->states[old[s]];
            if (src.fallback_state >= 0 ? id[src.fallback_state] >= s : src.fallback_state != -1) return {};
            if (src.match) {
                match[s] = int32_t(pool.size());
                pool.append(src.match).push_back('\0');
            }
            nt += uint32_t(src.num_trans);
        }
        w.put(int32_t(n));
        w.put(nt);
        w.put(uint32_t(pool.size()));
        w.align(0);
        const size_t trans_at = w.out.size() + size_t(n) * sizeof(HyphenState);
        const size_t pool_at = trans_at + nt * sizeof(HyphenTrans);
        uint32_t next_trans = 0;
        for (int s = 0; s < n; ++s) {
            const HyphenState& src = d->states[old[s]];
            HyphenState st;
            std::memset(&st, 0, sizeof st);  // padding too: the image is deterministic
            st.match = match[s] < 0 ? nullptr : reinterpret_cast<char*>(address(pool_at + size_t(match[s])));
            st.replindex = src.replindex, st.replcut = src.replcut;
            st.fallback_state = src.fallback_state < 0 ? -1 : id[src.fallback_state];
            st.num_trans = src.num_trans;
            st.trans = src.num_trans ? reinterpret_cast<HyphenTrans*>(address(trans_at + next_trans * sizeof(HyphenTrans)))
                                     : nullptr;
            next_trans += uint32_t(src.num_trans);
            w.put(st);
        }
        for (int s = 0; s < n; ++s) {
            const HyphenState& src = d->states[old[s]];
            for (int t = 0; t < src.num_trans; ++t) {
                HyphenTrans tr;
                std::memset(&tr, 0, sizeof tr);
                tr.ch = src.trans[t].ch;
                tr.new_state = id[src.trans[t].new_state];
                w.put(tr);
            }
        }
        w.out.append(pool);
    }
    h.put(uint64_t(0)), h.put(uint64_t(0));  // size and checksum: seal_image
    h.align(0);  // the payload starts 8-aligned, so its arrays are aligned in memory
    std::string image = h.out + w.out;
    seal_image(image);
    return image;
}

void seal_image(std::string& image) {
    uint32_t sig_len = 0;
    if (image.size() < sizeof kMagic + sizeof sig_len) return;
    std::memcpy(&sig_len, image.data() + sizeof kMagic, sizeof sig_len);
    const size_t fields = sizeof kMagic + sizeof sig_len + size_t(sig_len) + 1 + sizeof(uint64_t);
    const size_t payload_at = (fields + 2 * sizeof(uint64_t) + 7) / 8 * 8;
    if (payload_at > image.size()) return;
    const uint64_t size = image.size() - payload_at, sum = payload_checksum(image.data() + payload_at, size);
    std::memcpy(image.data() + fields, &size, sizeof size);
    std::memcpy(image.data() + fields + sizeof size, &sum, sizeof sum);
}

std::unique_ptr<CompiledDict> CompiledDict::from_image(std::string image, const std::string& stamp) {
    std::unique_ptr<CompiledDict> cd(new CompiledDict);
    cd->parts_->image = std::move(image);
    std::string& img = cd->parts_->image;
    if (!cd->adopt(img.data(), img.size(), stamp)) return nullptr;
    return cd;
}

// Mapped, not read, and where its pointers expect it when that address is free: then the
// automaton is used where it lies, and a run only reads the pages it checks and uses.
// Private and writable, so that even a stray write by libhyphen stays in this process.
std::unique_ptr<CompiledDict> CompiledDict::from_file(const std::filesystem::path& file, const std::string& stamp) {
    std::unique_ptr<CompiledDict> cd(new CompiledDict);
    MappedFile& m = cd->parts_->map;
    void* at = reinterpret_cast<void*>(image_address(stamp));
    if (m.open(file.string(), /*writable=*/true, at) != 0 || m.size() == 0 || m.size() > (size_t(1) << 30))
        return nullptr;
    if (!cd->adopt(reinterpret_cast<char*>(m.data()), m.size(), stamp)) return nullptr;
    return cd;
}

bool CompiledDict::adopt(char* data, size_t size, const std::string& stamp) {
    Parts& parts = *parts_;
    const std::string_view img(data, size);

    if (img.size() < sizeof kMagic || std::memcmp(img.data(), kMagic, sizeof kMagic) != 0) return false;
    Reader head(data + sizeof kMagic, img.size() - sizeof kMagic);
    uint32_t sig_len = 0;
    const char* sig = head.get_string(&sig_len);
    const uint64_t base = head.get<uint64_t>();
    const uint64_t payload_size = head.get<uint64_t>();
    const uint64_t sum = head.get<uint64_t>();
    if (!head.ok || !sig || std::string_view(sig, sig_len) != stamp + "\n" + abi_signature()) return false;
    size_t payload_at = sizeof kMagic + sizeof(uint32_t) + sig_len + 1 + 3 * sizeof(uint64_t);
    payload_at = (payload_at + 7) / 8 * 8;
    if (payload_at > img.size()) return false;
    if (img.size() - payload_at != payload_size || payload_checksum(img.data() + payload_at, payload_size) != sum)
        return false;
    const uintptr_t delta = reinterpret_cast<uintptr_t>(data) - uintptr_t(base);
    parts.in_place = delta == 0;

    Reader r(data + payload_at, payload_size);
    const uint32_t levels = r.get<uint32_t>();
    if (!r.ok || levels == 0 || levels > kMaxLevels) return false;
    parts.dicts.resize(levels);
    parts.states.resize(levels);
    for (uint32_t k = 0; k < levels; ++k) {
        HyphenDict& d = parts.dicts[k];
        d = HyphenDict{};
        d.lhmin = r.get<char>(), d.rhmin = r.get<char>(), d.clhmin = r.get<char>(), d.crhmin = r.get<char>();
        d.utf8 = r.get<int32_t>();
        for (char& c : d.cset) c = r.get<char>();
        d.nohyphenl = r.get<int32_t>();
        uint32_t nh_len = 0;
        d.nohyphen = r.get_string(&nh_len);
        if (!r.ok || d.nohyphenl < 0) return false;
        // cset is read as a C string.
        if (std::find(std::begin(d.cset), std::end(d.cset), '\0') == std::end(d.cset)) return false;
        if (d.nohyphen) {
            // Exactly nohyphenl + 1 non-empty strings filling the buffer: libhyphen searches
            // the word for each, and an empty one would walk it off the end (strstr(w, "")).
            size_t at = 0;
            for (int i = 0; i <= d.nohyphenl; ++i) {
                if (at >= nh_len) return false;
                const size_t len = std::strlen(d.nohyphen + at);
                if (len == 0) return false;
                at += len + 1;
            }
            if (at != nh_len) return false;
        }
        const int32_t n = r.get<int32_t>();
        const uint32_t nt = r.get<uint32_t>(), pool_size = r.get<uint32_t>();
        if (!r.ok || n < 1 || n > kMaxStates || nt > uint32_t(kMaxStates)) return false;
        const char* payload = data + payload_at;
        auto* states = reinterpret_cast<HyphenState*>(r.get_array(payload, size_t(n), sizeof(HyphenState)));
        const auto* trans = reinterpret_cast<const HyphenTrans*>(r.get_array(payload, nt, sizeof(HyphenTrans)));
        const char* pool = r.get_array(payload, pool_size, 1);
        if (!r.ok || (pool_size && pool[pool_size - 1] != '\0')) return false;
        if (delta != 0) {
            // Not where it was compiled for (the address was taken, or an image in memory):
            // a copy of the states with their pointers moved; transitions and strings stay.
            auto& copy = parts.states[k];
            copy.assign(states, states + n);
            for (HyphenState& st : copy) rebase(st.match, delta), rebase(st.trans, delta);
            states = copy.data();
        }
        if (!states_consistent(states, n, trans, nt, pool, pool_size)) return false;
        d.num_states = n;
        d.states = states;
    }
    if (!r.at_end()) return false;
    for (uint32_t k = 0; k + 1 < levels; ++k) parts.dicts[k].nextlevel = &parts.dicts[k + 1];
    return true;
}

fs::path cache_file(const fs::path& cache_dir, const fs::path& dic) {
    std::error_code ec;
    const std::string canon = fs::weakly_canonical(dic, ec).string();
    return cache_dir / ("hyphen-" + dic.stem().string() + "-" + hex16(stable_hash(canon)) + ".bin");
}

size_t remove_obsolete_images(const fs::path& cache_dir) {
    size_t removed = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cache_dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("hyphen-", 0) != 0 || e.path().extension() != ".bin" || !e.is_regular_file(ec)) continue;
        char magic[sizeof kMagic] = {};
        std::ifstream in(e.path(), std::ios::binary);
        if (!in.read(magic, sizeof magic)) continue;
        // Ours (the first six bytes) but another version of the format: never read again.
        if (std::memcmp(magic, kMagic, 6) != 0 || std::memcmp(magic, kMagic, sizeof kMagic) == 0) continue;
        in.close();
        if (fs::remove(e.path(), ec)) ++removed;
    }
    return removed;
}

}  // namespace cvpdf::linebreak
