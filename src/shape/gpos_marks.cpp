#include "shape/gpos_marks.hpp"

#include <set>

namespace cvpdf::shape {
namespace {

// Big-endian reads that turn any access past the table into a failure, never a crash: the
// table is whatever the font file holds. Work is metered as HarfBuzz's sanitizer meters
// it: a crafted table can make every lookup and subtable offset point at the same huge
// coverage, and reading it once per reference would take minutes (the fuzzer found one
// taking seconds). A real font needs a few thousand steps; past the budget the table is
// refused, which only keeps the features on.
class Reader {
public:
    explicit Reader(std::span<const unsigned char> t) : t_(t) {}
    bool ok() const { return ok_; }
    void fail() { ok_ = false; }
    bool spend(uint64_t steps) {
        if (steps > budget_) {
            budget_ = 0;
            ok_ = false;
        } else {
            budget_ -= steps;
        }
        return ok_;
    }
    uint32_t u16(uint64_t at) {
        if (at + 2 > t_.size() || !spend(1)) return fail(), 0;
        return uint32_t(t_[at]) << 8 | t_[at + 1];
    }
    uint64_t u32(uint64_t at) { return uint64_t(u16(at)) << 16 | u16(at + 2); }
    uint32_t tag(uint64_t at) { return u32(at) & 0xFFFFFFFF; }

private:
    std::span<const unsigned char> t_;
    uint64_t budget_ = uint64_t(1) << 20;
    bool ok_ = true;
};

constexpr uint32_t kTagMark = 0x6D61726B;  // 'mark'
constexpr uint32_t kTagMkmk = 0x6D6B6D6B;  // 'mkmk'
constexpr uint32_t kSingle = 1, kPair = 2, kCursive = 3, kMarkMark = 6, kContext = 7, kChainContext = 8,
                   kExtension = 9;

// Calls f(glyph, coverage index) for every glyph of the coverage table at `at`.
template <typename F>
void each_covered(Reader& r, uint64_t at, F&& f) {
    const uint32_t format = r.u16(at);
    const uint32_t count = r.u16(at + 2);
    if (format == 1) {
        for (uint32_t i = 0; i < count && r.ok(); ++i) f(r.u16(at + 4 + 2 * uint64_t(i)), i);
    } else if (format == 2) {
        for (uint32_t i = 0; i < count && r.ok(); ++i) {
            const uint64_t rec = at + 4 + 6 * uint64_t(i);
            const uint32_t first = r.u16(rec), last = r.u16(rec + 2), index = r.u16(rec + 4);
            if (last >= first && !r.spend(last - first + 1)) return;
            for (uint32_t g = first; g <= last && r.ok(); ++g) f(g, index + (g - first));
        }
    } else {
        r.fail();
    }
}

// One subtable of a positioning lookup that acts at a single glyph: single and pair
// adjustment (formats 1 and 2), cursive, mark-to-base, mark-to-ligature and mark-to-mark
// attachment (format 1). Each starts with the offset of the coverage that the glyph at hand
// must be in (the first of a pair; the mark, or mark1, being attached) and does nothing
// otherwise. Cursive attachment joins a glyph with an entry anchor to the one before it, so
// only glyphs with an entry anchor count (Gentium's exit anchors are on 944 letters, its
// entry anchors on 4 modifier letters). Contextual lookups (7, 8) call other lookups: not
// handled.
void add_subtable(Reader& r, uint32_t type, uint64_t at, std::vector<bool>& out) {
    if (type < kSingle || type > kMarkMark) return r.fail();
    const uint32_t format = r.u16(at);
    if (format != 1 && !(format == 2 && (type == kSingle || type == kPair))) return r.fail();
    const uint64_t coverage = at + r.u16(at + 2);
    if (type == kCursive) {
        const uint32_t records = r.u16(at + 4);
        each_covered(r, coverage, [&](uint32_t g, uint32_t i) {
            // An index past the records reads as a record without anchors (HarfBuzz's Null).
            if (i < records && r.u16(at + 6 + 4 * uint64_t(i)) != 0 && g < out.size()) out[g] = true;
        });
        return;
    }
    each_covered(r, coverage, [&](uint32_t g, uint32_t) {
        if (g < out.size()) out[g] = true;
    });
}

void add_lookup(Reader& r, uint64_t at, std::vector<bool>& out) {
    const uint32_t type = r.u16(at);
    const uint32_t subtables = r.u16(at + 4);
    for (uint32_t i = 0; i < subtables && r.ok(); ++i) {
        const uint64_t sub = at + r.u16(at + 6 + 2 * uint64_t(i));
        if (type != kExtension) {
            add_subtable(r, type, sub, out);
        } else {
            if (r.u16(sub) != 1) return r.fail();
            add_subtable(r, r.u16(sub + 2), sub + r.u32(sub + 4), out);
        }
    }
}

bool is_mark_feature(uint32_t tag) { return tag == kTagMark || tag == kTagMkmk; }

// Lookup indices named by the feature records that `pick` selects.
template <typename Pick>
std::set<uint32_t> feature_lookups(Reader& r, uint64_t features, Pick pick) {
    std::set<uint32_t> out;
    const uint32_t feature_count = r.u16(features);
    for (uint32_t i = 0; i < feature_count && r.ok(); ++i) {
        const uint64_t rec = features + 2 + 6 * uint64_t(i);
        if (!pick(r.tag(rec))) continue;
        const uint64_t feature = features + r.u16(rec + 4);
        const uint32_t n = r.u16(feature + 2);
        for (uint32_t k = 0; k < n && r.ok(); ++k) out.insert(r.u16(feature + 4 + 2 * uint64_t(k)));
    }
    return out;
}

bool header_ok(Reader& r, uint64_t& features, uint64_t& lookups) {
    const uint32_t major = r.u16(0), minor = r.u16(2);
    if (!r.ok() || major != 1) return false;
    if (minor >= 1 && r.u32(10) != 0) return false;  // FeatureVariations
    features = r.u16(6);
    lookups = r.u16(8);
    return r.ok();
}

}  // namespace

std::vector<uint32_t> mark_only_lookup_counts(std::span<const unsigned char> gpos) {
    Reader r(gpos);
    uint64_t features = 0, lookups = 0;
    if (!header_ok(r, features, lookups)) return {};
    const std::set<uint32_t> marks = feature_lookups(r, features, is_mark_feature);
    const std::set<uint32_t> others = feature_lookups(r, features, [](uint32_t t) { return !is_mark_feature(t); });
    const uint32_t count = r.u16(lookups);
    std::vector<uint64_t> at(count);
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        at[i] = lookups + r.u16(lookups + 2 + 2 * uint64_t(i));
        const uint32_t type = r.u16(at[i]);
        if (type == kContext || type == kChainContext) return {};
        if (type != kExtension) continue;
        const uint32_t subtables = r.u16(at[i] + 4);  // each extension names its own type
        for (uint32_t k = 0; k < subtables && r.ok(); ++k) {
            const uint32_t inner = r.u16(at[i] + r.u16(at[i] + 6 + 2 * uint64_t(k)) + 2);
            if (inner == kContext || inner == kChainContext) return {};
        }
    }
    if (!r.ok()) return {};
    std::set<uint64_t> kept;  // lookup tables some other index also points to stay whole
    for (uint32_t i = 0; i < count; ++i)
        if (!marks.count(i) || others.count(i)) kept.insert(at[i]);
    std::vector<uint32_t> out;
    for (uint32_t i : marks)
        if (i < count && !others.count(i) && !kept.count(at[i]) && at[i] + 6 <= gpos.size())
            out.push_back(uint32_t(at[i] + 4));
    return out;
}

std::optional<std::vector<bool>> mark_feature_coverage(std::span<const unsigned char> gpos, uint32_t num_glyphs) {
    Reader r(gpos);
    uint64_t features = 0, lookups = 0;
    if (!header_ok(r, features, lookups)) return std::nullopt;
    const std::set<uint32_t> wanted = feature_lookups(r, features, is_mark_feature);
    const uint32_t lookup_count = r.u16(lookups);
    std::vector<bool> out(num_glyphs, false);
    for (uint32_t index : wanted) {
        if (!r.ok()) break;
        if (index >= lookup_count) continue;  // HarfBuzz ignores such references too
        add_lookup(r, lookups + r.u16(lookups + 2 + 2 * uint64_t(index)), out);
    }
    if (!r.ok()) return std::nullopt;
    return out;
}

}  // namespace cvpdf::shape
