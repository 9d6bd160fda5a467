// Knuth–Plass total-fit line breaking. Structure follows TeX's line_break (tex.web
// §813–890) with two simplifications: there is only one order of infinity (see
// kFilStretch), and the emergency pass keeps overfull candidates alive instead of TeX's
// "artificial demerits" trick, which can leave a spurious empty last line.
#include "linebreak/knuth_plass.hpp"

#include "linebreak/items.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace cvpdf::linebreak {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Widths are points; anything below a nanopoint is rounding noise from the cumulative
// sums (e.g. +rag then -rag in ragged-right spaces), not real stretch or shortfall.
constexpr double kEps = 1e-9;
// TeX's inf_bad: badness saturates here, meaning "as bad as it gets".
constexpr double kInfBad = 10000;
// Emergency pass only: cost per point an overfull line sticks out. One point must outweigh
// many maximally bad (underfull) lines — each costs about (10000+line_penalty)² ≈ 1e8 — so
// the optimiser first minimises the total overflow and only then looks at anything else.
constexpr double kOverfullDemeritsPerPt = 1e10;
constexpr uint32_t kNone = UINT32_MAX;

// A feasible breakpoint reached by some chain of lines (TeX's break node + active node).
struct Node {
    uint32_t pos;     // index of the break item; kNone for the paragraph start
    uint32_t start;   // first item of the line that follows this break
    uint32_t lines;   // lines before this break
    uint32_t prev;    // node this line started from (kNone for the paragraph start)
    int fitness;      // of the line ending here
    bool flagged;     // break at a flagged penalty
    bool forced;      // break at a forced penalty (or the paragraph start)
    double total;     // demerits of the whole chain
    double line_demerits;
    double badness;
};

struct Candidate {
    uint32_t key;  // line-count class; candidates only compete within the same class
    uint32_t lines;
    int fitness;
    uint32_t from;
    double total;
    double line_demerits;
    double badness;
};

// Per-thread scratch: a CV lays out ~50 paragraphs, and reusing capacity keeps
// break_lines free of allocations after the first call (except for its Result).
struct Workspace {
    std::vector<double> w, y, z;  // prefix sums of width, stretch, shrink: O(1) line measure
    std::vector<Node> nodes;      // arena; never shrinks during a pass, so indices stay valid
    std::vector<uint32_t> active;  // node indices still able to start a line
    std::vector<Candidate> cands;
};

struct PassConfig {
    double tolerance;
    double extra_stretch;
    bool emergency;  // accept anything, overfull lines at a price
};

struct PassResult {
    bool ok = false;
    uint32_t chosen = kNone;
    int looseness_got = 0;
};

class Breaker {
public:
    Breaker(const std::vector<Item>& items, const Params& p, Workspace& ws) : items_(items), p_(p), ws_(ws) {
        n_ = items.size();
        // A missing final forced break is supplied virtually at index n.
        const bool has_end = n_ > 0 && items[n_ - 1].type == Item::Type::Penalty && items[n_ - 1].penalty <= -kInfPenalty;
        last_ = has_end ? n_ - 1 : n_;
        ws_.w.resize(n_ + 1);
        ws_.y.resize(n_ + 1);
        ws_.z.resize(n_ + 1);
        double w = 0, y = 0, z = 0;
        for (size_t i = 0; i < n_; ++i) {
            ws_.w[i] = w;
            ws_.y[i] = y;
            ws_.z[i] = z;
            const Item& it = items[i];
            if (it.type == Item::Type::Box) {
                w += it.width;
            } else if (it.type == Item::Type::Glue) {
                w += it.width;
                y += it.stretch;
                z += it.shrink;
            }
        }
        ws_.w[n_] = w;
        ws_.y[n_] = y;
        ws_.z[n_] = z;
        // Ignore differing line numbers once all remaining lines have the same width —
        // unless looseness asks for a specific count, which needs every count kept apart.
        easy_key_ = p.looseness != 0 ? UINT32_MAX : uint32_t(p.line_widths.size() - 1);
    }

    PassResult run(const PassConfig& cfg) {
        cfg_ = cfg;
        ws_.nodes.clear();
        ws_.active.clear();
        ws_.nodes.push_back(Node{kNone, 0, 0, kNone, kDecent, false, true, 0, 0, 0});
        ws_.active.push_back(0);

        for (size_t i = 0; i <= last_; ++i) {
            double pen = 0;
            bool flagged = false, forced = false;
            if (i == n_) {  // virtual final break
                pen = -kInfPenalty;
                forced = true;
            } else {
                const Item& it = items_[i];
                switch (it.type) {
                    case Item::Type::Box: continue;
                    case Item::Type::Glue:
                        // TeX: glue is a breakpoint only right after a box, so a run of glue
                        // offers one break, and glue after a penalty never does.
                        if (i == 0 || items_[i - 1].type != Item::Type::Box) continue;
                        break;
                    case Item::Type::Penalty:
                        if (it.penalty >= kInfPenalty) continue;
                        pen = it.penalty;
                        flagged = it.flagged;
                        forced = it.penalty <= -kInfPenalty;
                        break;
                }
            }
            try_break(uint32_t(i), pen, flagged, forced);
            if (ws_.active.empty()) return {};
        }
        return choose();
    }

    Result build(uint32_t chosen, int pass) const {
        Result res;
        res.pass = pass;
        res.overfull = pass == 3;
        const auto& nodes = ws_.nodes;
        res.demerits = nodes[chosen].total;
        res.lines.resize(nodes[chosen].lines);
        size_t k = res.lines.size();
        for (uint32_t cur = chosen; nodes[cur].prev != kNone; cur = nodes[cur].prev) {
            const Node& b = nodes[cur];
            const Node& a = nodes[b.prev];
            Line& ln = res.lines[--k];
            ln.start = a.start;
            ln.end = b.pos;
            ln.width = line_width(a.lines);
            ln.badness = b.badness;
            ln.demerits = b.line_demerits;
            ln.fitness = b.fitness;
            ln.hyphenated = b.flagged;
            double nat, st, sh;
            measure(a.start, b.pos, nat, st, sh);
            ln.natural = nat;
            const double shortfall = ln.width - nat;
            // The ratio the layout applies must be the real one, without emergency stretch,
            // and must never over-shrink glue (TeX sets overfull boxes at full shrink).
            if (shortfall > kEps)
                ln.ratio = st > kEps ? shortfall / st : 0;
            else if (shortfall < -kEps)
                ln.ratio = sh > kEps ? std::max(shortfall / sh, -1.0) : 0;
            ln.overfull = nat - std::max(sh, 0.0) > ln.width + 1e-6;
        }
        return res;
    }

private:
    double line_width(uint32_t line_index) const {
        const auto& lw = p_.line_widths;
        return lw[std::min<size_t>(line_index, lw.size() - 1)];
    }

    // Natural width, stretch and shrink of the line [start, b) broken at b.
    void measure(uint32_t start, uint32_t b, double& nat, double& st, double& sh) const {
        nat = ws_.w[b] - ws_.w[start];
        st = ws_.y[b] - ws_.y[start];
        sh = ws_.z[b] - ws_.z[start];
        if (b < n_ && items_[b].type == Item::Type::Penalty) nat += items_[b].width;
    }

    // First item kept on the line after a break at b: discardables (glue, penalties) go,
    // but a forced break stops the scan so that consecutive forced breaks give blank lines.
    uint32_t next_start(uint32_t b) const {
        size_t j = size_t(b) + 1;
        while (j < n_) {
            const Item& it = items_[j];
            if (it.type == Item::Type::Box) break;
            if (it.type == Item::Type::Penalty && it.penalty <= -kInfPenalty) break;
            ++j;
        }
        return uint32_t(std::min(j, last_));
    }

    static int fitness_of(double r) {
        if (r > 1) return kVeryLoose;
        if (r > 0.5) return kLoose;
        if (r >= -0.5) return kDecent;
        return kTight;
    }

    // Rate every active node's line ending at b; retire nodes that can no longer reach
    // anything; record the best new nodes at b (TeX's try_break, §829).
    void try_break(uint32_t b, double pen, bool flagged, bool forced) {
        auto& nodes = ws_.nodes;
        auto& cands = ws_.cands;
        cands.clear();
        const bool final_break = b == last_;
        uint32_t keep = 0;
        for (uint32_t k = 0; k < ws_.active.size(); ++k) {
            const uint32_t ai = ws_.active[k];
            const Node& a = nodes[ai];
            if (b < a.start) {
                // b lies among the discardables right after a's break: no line to rate.
                ws_.active[keep++] = ai;
                continue;
            }
            double nat, st, sh;
            measure(a.start, b, nat, st, sh);
            const double width = line_width(a.lines);
            const double shortfall = width - nat;
            double r, excess = 0;
            if (a.start == b && a.forced) {
                r = 0;  // a deliberate blank line between two forced breaks
            } else if (shortfall > kEps) {
                const double s = st + cfg_.extra_stretch;
                r = s > kEps ? shortfall / s : kInf;
            } else if (shortfall < -kEps) {
                r = sh > kEps ? shortfall / sh : -kInf;
                if (r < -1) excess = -shortfall - std::max(sh, 0.0);
            } else {
                r = 0;
            }

            bool stays_active = !forced;
            bool feasible;
            double badness;
            if (r < -1) {
                // Overfull. Normally fatal for this node: later breaks only add material.
                // The emergency pass keeps it, since overflowing may be the only way out.
                badness = kInfBad;
                feasible = cfg_.emergency;
                if (!cfg_.emergency) stays_active = false;
            } else {
                const double ar = std::fabs(r);
                badness = ar > 4.65 ? kInfBad : std::min(kInfBad, 100 * ar * ar * ar);
                feasible = cfg_.emergency || r <= cfg_.tolerance;
            }
            if (stays_active) ws_.active[keep++] = ai;
            if (!feasible) continue;

            const int fit = r < -1 ? kTight : fitness_of(r);
            double d = p_.line_penalty + badness;
            d *= d;
            if (!forced) d += pen >= 0 ? pen * pen : -pen * pen;
            if (a.flagged) {
                // TeX treats the final break as flagged (tex.web §859), so a hyphen ending the
                // next-to-last line pays \finalhyphendemerits instead of the double-hyphen price.
                if (final_break)
                    d += p_.final_hyphen_demerits;
                else if (flagged)
                    d += p_.flagged_demerits;
            }
            if (std::abs(fit - a.fitness) > 1) d += p_.fitness_demerits;
            d += excess * kOverfullDemeritsPerPt;

            const uint32_t lines = a.lines + 1;
            const uint32_t key = std::min(lines, easy_key_);
            const double total = a.total + d;
            bool merged = false;
            for (auto& c : cands) {
                if (c.key == key && c.fitness == fit) {
                    if (total < c.total) c = Candidate{key, lines, fit, ai, total, d, badness};
                    merged = true;
                    break;
                }
            }
            if (!merged) cands.push_back(Candidate{key, lines, fit, ai, total, d, badness});
        }
        ws_.active.resize(keep);
        if (cands.empty()) return;

        const uint32_t start = next_start(b);
        for (const auto& c : cands) {
            // TeX §836: a node more than fitness_demerits worse than the best one for the same
            // line count can never win — whatever follows, switching to the best node costs
            // at most fitness_demerits more (flags are equal: same break item).
            double best = kInf;
            for (const auto& o : cands)
                if (o.key == c.key) best = std::min(best, o.total);
            if (c.total > best + p_.fitness_demerits) continue;
            nodes.push_back(Node{b, start, c.lines, c.from, c.fitness, flagged, forced, c.total, c.line_demerits,
                                 c.badness});
            ws_.active.push_back(uint32_t(nodes.size() - 1));
        }
    }

    PassResult choose() const {
        // After the final forced break the active list holds exactly the final nodes.
        const auto& nodes = ws_.nodes;
        PassResult pr;
        uint32_t best = kNone;
        for (uint32_t ai : ws_.active)
            if (nodes[ai].pos == last_ && (best == kNone || nodes[ai].total < nodes[best].total)) best = ai;
        if (best == kNone) return pr;
        pr.ok = true;
        pr.chosen = best;
        if (p_.looseness == 0) return pr;
        // TeX §875: move towards best_line + looseness as far as solutions exist; among
        // equal line counts take the fewest demerits.
        const int best_line = int(nodes[best].lines);
        int actual = 0;
        double fewest = nodes[best].total;
        for (uint32_t ai : ws_.active) {
            const Node& nd = nodes[ai];
            if (nd.pos != last_) continue;
            const int diff = int(nd.lines) - best_line;
            if ((diff < actual && p_.looseness <= diff) || (diff > actual && p_.looseness >= diff)) {
                pr.chosen = ai;
                actual = diff;
                fewest = nd.total;
            } else if (diff == actual && nd.total < fewest) {
                pr.chosen = ai;
                fewest = nd.total;
            }
        }
        pr.looseness_got = actual;
        return pr;
    }

    const std::vector<Item>& items_;
    const Params& p_;
    Workspace& ws_;
    PassConfig cfg_{};
    size_t n_ = 0;
    size_t last_ = 0;  // index of the final (forced) break; n_ if virtual
    uint32_t easy_key_ = 0;
};

}  // namespace

Result break_lines(const std::vector<Item>& items, const Params& params) {
    if (params.line_widths.empty()) throw std::invalid_argument("break_lines: Params::line_widths is empty");
    if (std::none_of(items.begin(), items.end(), [](const Item& it) { return it.type == Item::Type::Box; }))
        return {};

    thread_local Workspace ws;
    Breaker br(items, params, ws);

    PassResult first = br.run({params.tolerance, 0, false});
    if (first.ok && first.looseness_got == params.looseness) return br.build(first.chosen, 1);

    // TeX moves on to the \tolerance pass both when nothing fits and when \looseness is not
    // met; a looser pass has more line counts on offer.
    const bool has_second = params.retry_tolerance > params.tolerance || params.emergency_stretch > 0;
    if (has_second) {
        PassResult second = br.run({std::max(params.retry_tolerance, params.tolerance), params.emergency_stretch, false});
        if (second.ok && (!first.ok || std::abs(params.looseness - second.looseness_got) <
                                           std::abs(params.looseness - first.looseness_got)))
            return br.build(second.chosen, 2);
        // Looseness unmet either way: the first pass had the better lines, but its nodes
        // were overwritten. Rare and cheap enough to redo.
        if (first.ok) first = br.run({params.tolerance, 0, false});
    }
    if (first.ok) return br.build(first.chosen, 1);

    PassResult last = br.run({kInf, params.emergency_stretch, true});
    return br.build(last.chosen, 3);
}

void finish_paragraph(std::vector<Item>& items) {
    // Same items as a forced break: TeX's \penalty10000 \hskip\parfillskip \penalty-10000.
    append_forced_break(items);
}

}  // namespace cvpdf::linebreak
