// cvpdf_bench: measures cvpdf in-process and as child processes. Driven by bench/run, which
// builds Release and prints the table; see docs/performance.md. Subcommands:
//
//   stages [--runs N] [--layout L] DATA     per-stage times of one render (cold caches each run)
//   batch --jobs J [--count N] [--repeat R] [--out DIR] [--layouts DIR] SEED
//                                           N CVs (seed + generated variants, several layouts)
//                                           on J threads sharing one layout::Resources
//   gen --pages P -o OUT SEED               write a generated CV of at least P pages
//   once [--layout L] -o OUT DATA           one render, like `cvpdf DATA -o OUT` (for profiling)
//   cold [--runs N] [--label S] -- CMD...   run CMD N times: wall, CPU, peak RSS per child
//   side [--runs N] [--bases K] SPEC        the commands of SPEC (one per line: label, then
//                                           the arguments, tab-separated), N rounds, each
//                                           round in a new shuffled order (fixed seed);
//                                           each row as `cold`, plus every other command's
//                                           wall time ÷ each of the first K's, paired per
//                                           round. Before the arguments, ENV:NAME=VALUE sets
//                                           a variable for the command and CLEAR:DIR deletes
//                                           DIR's stores (shapes-, facts-, subset-, flate-,
//                                           hyphpoints- and paras-*.bin) before each run;
//                                           EDIT:SRC:DST writes SRC to DST with "@EDIT@"
//                                           replaced by a new number (in words); OUT:FILE sends
//                                           the command's standard output to FILE (truncated,
//                                           as a program writing its output file) instead of
//                                           /dev/null
//   watch [--runs N] --data FILE --pdf FILE -- CMD...
//                                           start CMD (a watcher), edit FILE, time until FILE's
//                                           PDF is renamed into place
//
// Rows are printed as Markdown table rows: | what | median | min | max | notes |.
// Nothing here asserts a duration; it only measures.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "stats.hpp"
#include "base/error.hpp"
#include "layout/context.hpp"
#include "layout/cv_layout.hpp"
#include "linebreak/hyphenate.hpp"
#include "linebreak/knuth_plass.hpp"
#include "model/cv.hpp"
#include "pdf/font_subset.hpp"
#include "pdf/pdf_writer.hpp"
#include "shape/shaper.hpp"
#include "style/layout_spec.hpp"

using namespace cvpdf;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

static double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// ───────────────────────────── link-time stage hooks ─────────────────────────────
// bench/CMakeLists.txt links with --wrap=<symbol>: calls from the engine to these four
// functions land in __wrap_<symbol>, which times the call and forwards to __real_<symbol>.
// Per-thread accumulators, so batch jobs do not contend. The __real_ references are weak:
// if a signature changes the hook never fires and its stage reads "n/a".

namespace {
struct StageClock {
    double shape_ms = 0, hyph_ms = 0, break_ms = 0, subset_ms = 0;
    size_t shape_calls = 0, hyph_calls = 0, break_calls = 0, subset_calls = 0;
};
thread_local StageClock tl_clock;
std::atomic<bool> g_hooks_timing{true};

struct HookTimer {
    double& ms;
    size_t& calls;
    bool on = g_hooks_timing.load(std::memory_order_relaxed);
    Clock::time_point t0 = on ? Clock::now() : Clock::time_point{};
    ~HookTimer() {
        ++calls;
        if (on) ms += ms_since(t0);
    }
};

[[noreturn]] void hook_missing(const char* what) {
    std::fprintf(stderr, "cvpdf_bench: hook %s has no real function (see bench/CMakeLists.txt)\n", what);
    std::abort();
}
}  // namespace

#define SYM_SHAPE _ZN5cvpdf5shape6Shaper12shape_cachedERKNS0_4FontESt17basic_string_viewIcSt11char_traitsIcEEfRKNS0_10FeatureSetES8_f
#define SYM_BREAK _ZN5cvpdf9linebreak11break_linesERKSt6vectorINS0_4ItemESaIS2_EERKNS0_6ParamsE
#define SYM_HYPH _ZNK5cvpdf9linebreak10Hyphenator6pointsESt17basic_string_viewIcSt11char_traitsIcEEii
#define SYM_SUBSET _ZN5cvpdf3pdf11subset_fontERKNS_4page12FontResourceERNS0_9FontUsageEPNS0_13PreparedFacesEPKNS0_11SubsetStoreE
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define REAL(s) CAT(__real_, s)
#define WRAP(s) CAT(__wrap_, s)

extern "C" {
// Member functions take `this` first (Itanium C++ ABI), so they can be declared as plain
// functions here.
const shape::Shaped& REAL(SYM_SHAPE)(shape::Shaper*, const shape::Font&, std::string_view, float,
                                     const shape::FeatureSet&, std::string_view, float) __attribute__((weak));
linebreak::Result REAL(SYM_BREAK)(const std::vector<linebreak::Item>&, const linebreak::Params&)
    __attribute__((weak));
std::vector<size_t> REAL(SYM_HYPH)(const linebreak::Hyphenator*, std::string_view, int, int) __attribute__((weak));
pdf::SubsetFont REAL(SYM_SUBSET)(const page::FontResource&, pdf::FontUsage&, pdf::PreparedFaces*,
                                 const pdf::SubsetStore*) __attribute__((weak));

const shape::Shaped& WRAP(SYM_SHAPE)(shape::Shaper* self, const shape::Font& font, std::string_view text, float size,
                                     const shape::FeatureSet& f, std::string_view lang, float ls) {
    if (!REAL(SYM_SHAPE)) hook_missing("Shaper::shape_cached");
    HookTimer t{tl_clock.shape_ms, tl_clock.shape_calls};
    return REAL(SYM_SHAPE)(self, font, text, size, f, lang, ls);
}
linebreak::Result WRAP(SYM_BREAK)(const std::vector<linebreak::Item>& items, const linebreak::Params& p) {
    if (!REAL(SYM_BREAK)) hook_missing("break_lines");
    HookTimer t{tl_clock.break_ms, tl_clock.break_calls};
    return REAL(SYM_BREAK)(items, p);
}
std::vector<size_t> WRAP(SYM_HYPH)(const linebreak::Hyphenator* self, std::string_view w, int l, int r) {
    if (!REAL(SYM_HYPH)) hook_missing("Hyphenator::points");
    HookTimer t{tl_clock.hyph_ms, tl_clock.hyph_calls};
    return REAL(SYM_HYPH)(self, w, l, r);
}
pdf::SubsetFont WRAP(SYM_SUBSET)(const page::FontResource& font, pdf::FontUsage& usage, pdf::PreparedFaces* prep,
                                 const pdf::SubsetStore* store) {
    if (!REAL(SYM_SUBSET)) hook_missing("subset_font");
    HookTimer t{tl_clock.subset_ms, tl_clock.subset_calls};
    return REAL(SYM_SUBSET)(font, usage, prep, store);
}
}

// ───────────────────────────── helpers ─────────────────────────────
namespace {

using bench::median_ci95;
using bench::stats;
using bench::Stats;

std::string fmt(double v, int prec) {
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", prec, v);
    return b;
}

void row(const std::string& what, const std::vector<double>& v, const std::string& unit, int prec,
         const std::string& notes = "") {
    Stats s = stats(v);
    std::cout << "| " << what << " | " << fmt(s.median, prec) << ' ' << unit << " | " << fmt(s.min, prec) << ' '
              << unit << " | " << fmt(s.max, prec) << ' ' << unit << " | " << notes << " |\n";
}
void row_na(const std::string& what, const std::string& notes) {
    std::cout << "| " << what << " | n/a | n/a | n/a | " << notes << " |\n";
}

double peak_rss_mib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_maxrss) / 1024.0;
}
double current_rss_mib() {
    std::ifstream f("/proc/self/statm");
    long pages = 0, resident = 0;
    f >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}
double cpu_ms_self() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}
void write_file(const std::string& path, const void* data, size_t n) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw std::runtime_error("cannot write " + path);
    std::fwrite(data, 1, n, f);
    std::fclose(f);
}

// ───────────────────────────── generated CVs ─────────────────────────────
// The seed TOML is cut at `[[sections]]` lines into a header (person) and section blocks,
// and each section at `[[sections.entries]]` / `[[sections.publications]]` lines into its
// head and sub-blocks. Variants permute sections and sub-blocks, rename the person
// (consistently, so author-list highlighting still applies), add contact details and swap
// vocabulary in the prose: different words to shape, different lines to break.

struct Section {
    std::string head;
    std::vector<std::string> blocks;
};
struct SeedDoc {
    std::string header;
    std::vector<Section> sections;
    std::string name;  // person.name
};

bool starts_with(const std::string& s, size_t pos, std::string_view p) { return s.compare(pos, p.size(), p) == 0; }

SeedDoc split_seed(const std::string& text) {
    SeedDoc d;
    std::string* cur = &d.header;
    size_t i = 0;
    while (i < text.size()) {
        size_t e = text.find('\n', i);
        e = e == std::string::npos ? text.size() : e + 1;
        if (starts_with(text, i, "[[sections]]")) {
            d.sections.push_back({});
            cur = &d.sections.back().head;
        } else if (!d.sections.empty() &&
                   (starts_with(text, i, "[[sections.entries]]") || starts_with(text, i, "[[sections.publications]]") ||
                    starts_with(text, i, "[[sections.items]]"))) {
            d.sections.back().blocks.push_back({});
            cur = &d.sections.back().blocks.back();
        }
        cur->append(text, i, e - i);
        i = e;
    }
    size_t p = d.header.find("\nname = \"");
    if (p != std::string::npos) {
        size_t b = p + 9, q = d.header.find('"', b);
        d.name = d.header.substr(b, q - b);
    }
    return d;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    if (from.empty()) return;
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

const char* kFirst[] = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Robin", "Leslie", "Tony",
                        "Niklaus", "Radia", "Shafi", "Silvio", "Judea", "Yoshua", "Fei-Fei", "Kristen", "Butler", "Ken"};
const char* kLast[] = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Milner", "Lamport",
                       "Hoare", "Wirth", "Perlman", "Goldwasser", "Micali", "Pearl", "Bengio", "Li", "Nygaard",
                       "Lampson", "Thompson", "Ritchie", "Kahan", "Backus", "McCarthy", "Sutherland", "Engelbart",
                       "Hamming", "Rabin", "Scott", "Cerf", "Kay", "Hellman", "Diffie", "Rivest", "Shamir",
                       "Adleman", "Valiant", "Karp", "Cook", "Hartmanis", "Stearns", "Tarjan", "Hopcroft", "Floyd",
                       "Kildall", "Iverson", "Corbato", "Feigenbaum", "Reddy", "Yao"};
const std::pair<const char*, const char*> kSwaps[] = {
    {"Deep Learning", "Machine Learning"}, {"accelerators", "coprocessors"}, {"compiler", "toolchain"},
    {"efficient", "economical"},           {"algorithm", "procedure"},        {"Seattle", "Pittsburgh"},
    {"memory", "storage"},                 {"training", "fitting"},           {"verifiable", "checkable"},
    {"Research Assistant", "Graduate Researcher"}, {"Teaching Assistant", "Course Assistant"},
    {"models", "networks"},                {"interface", "contract"},         {"approaches", "methods"},
    {"Formal Verification", "Program Synthesis"}, {"University of Washington", "Carnegie Mellon University"},
};

std::string make_variant(const SeedDoc& d, size_t index) {
    if (index == 0) {
        std::string s = d.header;
        for (auto& sec : d.sections) {
            s += sec.head;
            for (auto& b : sec.blocks) s += b;
        }
        return s;
    }
    std::mt19937 rng(uint32_t(index * 2654435761u + 12345));
    std::string first = kFirst[index % std::size(kFirst)];
    std::string last = kLast[(index / std::size(kFirst)) % std::size(kLast)];
    std::string name = first + " " + last;
    std::vector<const Section*> order;
    for (auto& s : d.sections) order.push_back(&s);
    std::shuffle(order.begin(), order.end(), rng);
    std::string out = d.header;
    for (const Section* s : order) {
        out += s->head;
        std::vector<std::string> blocks = s->blocks;
        std::shuffle(blocks.begin(), blocks.end(), rng);
        for (auto& b : blocks) out += b;
    }
    for (auto& [from, to] : kSwaps)
        if (rng() & 1) replace_all(out, from, to);
    if (!d.name.empty()) replace_all(out, d.name, name);
    // Contact details (distinct per variant) after the name line, unless the seed has them.
    std::string lower_first = first, lower_last = last;
    for (auto& c : lower_first) c = char(std::tolower(uint8_t(c)));
    for (auto& c : lower_last) c = char(std::tolower(uint8_t(c)));
    std::string contact;
    if (out.find("\nemail = ") == std::string::npos)
        contact += "email = \"" + lower_first + "." + lower_last + std::to_string(index) + "@example.org\"\n";
    if (out.find("\nphone = ") == std::string::npos && (rng() & 1))
        contact += "phone = \"+1 206 555 " + std::to_string(1000 + index % 9000) + "\"\n";
    size_t p = out.find("\nname = \"");
    if (p != std::string::npos) {
        size_t eol = out.find('\n', p + 1);
        out.insert(eol + 1, contact);
    }
    return out;
}

// Layout variants for the batch: the built-in classic and three files extending it.
std::vector<std::string> make_layouts(const std::string& dir) {
    fs::create_directories(dir);
    auto put = [&](const char* name, const char* body) {
        std::string p = dir + "/" + name;
        std::ofstream(p) << body;
        return p;
    };
    return {
        "classic",
        put("bench-a4.toml",
            "extends = \"classic\"\n[page]\nsize = \"a4\"\nmargin = \"2cm\"\n[text]\nsize = \"10.5pt\"\n"
            "leading = \"12.8pt\"\n[heading]\ncolor = \"#1f4e79\"\nrule_color = \"#1f4e79\"\n"),
        put("bench-compact.toml",
            "extends = \"classic\"\n[page]\nmargin = \"0.6in\"\n[text]\nsize = \"9.5pt\"\nleading = \"11.4pt\"\n"),
        put("bench-ragged.toml",
            "extends = \"classic\"\n[page]\nsize = \"a4\"\n[text]\njustify = false\nhyphenate = false\n"),
    };
}

// ───────────────────────────── one render, timed by stage ─────────────────────────────
struct StageTimes {
    double parse = 0, spec = 0, layout = 0, pdf = 0, total = 0;
    StageClock hooks;
    size_t pages = 0, bytes = 0;
};

StageTimes render_timed(const std::string& toml, const std::string& name, const std::string& layout_name,
                        layout::Resources& res, std::vector<unsigned char>* pdf_out = nullptr) {
    StageTimes t;
    tl_clock = {};
    auto t0 = Clock::now();
    model::Cv cv = model::load_cv_string(toml, name);
    t.parse = ms_since(t0);
    auto t1 = Clock::now();
    style::LayoutSpec spec = style::load_layout(layout_name);
    t.spec = ms_since(t1);
    auto t2 = Clock::now();
    layout::LayoutResult lr = layout::layout_cv(cv, spec, res);
    t.layout = ms_since(t2);
    lr.doc.meta.timestamp = -1;
    auto t3 = Clock::now();
    std::vector<unsigned char> pdf = pdf::write_pdf(lr.doc);
    t.pdf = ms_since(t3);
    t.total = ms_since(t0);
    t.hooks = tl_clock;
    t.pages = lr.doc.pages.size();
    t.bytes = pdf.size();
    if (pdf_out) *pdf_out = std::move(pdf);
    return t;
}

// ───────────────────────────── subcommands ─────────────────────────────
struct Args {
    std::map<std::string, std::string> opt;
    std::vector<std::string> pos;
    std::vector<std::string> cmd;  // after "--"
};
Args parse(int argc, char** argv, int from) {
    Args a;
    for (int i = from; i < argc; ++i) {
        std::string s = argv[i];
        if (s == "--") {
            for (++i; i < argc; ++i) a.cmd.push_back(argv[i]);
            break;
        }
        if (s.size() > 1 && s[0] == '-' && i + 1 < argc) {
            a.opt[s] = argv[++i];
        } else {
            a.pos.push_back(s);
        }
    }
    return a;
}
std::string get(const Args& a, const std::string& k, const std::string& def) {
    auto it = a.opt.find(k);
    return it == a.opt.end() ? def : it->second;
}

int cmd_stages(const Args& a) {
    if (a.pos.empty()) throw std::runtime_error("stages: DATA.toml required");
    int runs = std::stoi(get(a, "--runs", "50"));
    std::string layout_name = get(a, "--layout", "classic");
    std::string toml = read_file(a.pos[0]);
    std::vector<double> parse, spec, shape, hyph, brk, lay_rest, lay, pdf_rest, subset, pdf, total, warm;
    StageTimes last;
    size_t cache = 0, hb_calls = 0;
    for (int i = 0; i < runs; ++i) {
        layout::Resources res;  // cold caches every run: fonts mapped, words shaped afresh
        StageTimes t = render_timed(toml, a.pos[0], layout_name, res);
        parse.push_back(t.parse);
        spec.push_back(t.spec);
        shape.push_back(t.hooks.shape_ms);
        hyph.push_back(t.hooks.hyph_ms);
        brk.push_back(t.hooks.break_ms);
        lay_rest.push_back(t.layout - t.hooks.shape_ms - t.hooks.hyph_ms - t.hooks.break_ms);
        lay.push_back(t.layout);
        subset.push_back(t.hooks.subset_ms);
        pdf_rest.push_back(t.pdf - t.hooks.subset_ms);
        pdf.push_back(t.pdf);
        total.push_back(t.total);
        cache = res.shaper.cache_size();
        hb_calls = res.shaper.shape_calls();
        // The same CV again with the caches warm (as every job after the first in a batch).
        StageTimes w = render_timed(toml, a.pos[0], layout_name, res);
        warm.push_back(w.total);
        last = t;
    }
    auto n = [](size_t v) { return std::to_string(v); };
    row("parse (TOML → model)", parse, "ms", 3);
    row("layout spec (load + extends)", spec, "ms", 3);
    row("shape (HarfBuzz, word cache)", shape, "ms", 3,
        last.hooks.shape_calls ? n(last.hooks.shape_calls) + " lookups, " + n(hb_calls) + " hb_shape, " + n(cache) +
                                     " cached"
                               : "hook not linked");
    row("hyphenate (Liang patterns)", hyph, "ms", 3, n(last.hooks.hyph_calls) + " words");
    row("break (Knuth–Plass)", brk, "ms", 3, n(last.hooks.break_calls) + " paragraphs");
    row("layout (rest: fonts, markup, boxes, pages)", lay_rest, "ms", 3);
    row("layout total", lay, "ms", 3);
    row("font subsetting (hb-subset)", subset, "ms", 3, n(last.hooks.subset_calls) + " fonts");
    row("PDF write (rest: libharu, streams)", pdf_rest, "ms", 3);
    row("PDF write total", pdf, "ms", 3, n(last.bytes) + " bytes");
    row("**in-process total, cold caches**", total, "ms", 3, n(last.pages) + " pages");
    row("in-process total, warm caches", warm, "ms", 3, "fonts mapped, words shaped");
    return 0;
}

int cmd_batch(const Args& a) {
    if (a.pos.empty()) throw std::runtime_error("batch: SEED.toml required");
    int jobs = std::max(1, std::stoi(get(a, "--jobs", "1")));
    size_t count = std::stoul(get(a, "--count", "1000"));
    int repeat = std::max(1, std::stoi(get(a, "--repeat", "3")));
    std::string out = get(a, "--out", "");
    std::string layouts_dir = get(a, "--layouts", (fs::temp_directory_path() / "cvpdf-bench-layouts").string());
    g_hooks_timing = false;  // plain forwarding: no clock reads in the batch

    SeedDoc seed = split_seed(read_file(a.pos[0]));
    std::vector<std::string> cvs(count);
    for (size_t i = 0; i < count; ++i) cvs[i] = make_variant(seed, i);
    {
        std::vector<std::string> sorted = cvs;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
            throw std::runtime_error("batch: generated CVs are not all distinct");
    }
    std::vector<std::string> layouts = make_layouts(layouts_dir);
    if (!out.empty()) fs::create_directories(out);

    std::vector<double> rate, ms_per_cv, cpu_per_cv;
    // Growth per job is read within the first run (one cache for the whole batch, as the CLI
    // has); later runs start again with fresh caches, and glibc's per-thread arenas keep some
    // of what the earlier runs freed, so their RSS is reported apart.
    double rss_start = current_rss_mib(), rss_10 = 0, rss_first = 0, rss_end = 0;
    size_t pages = 0, failures = 0, cache = 0;
    std::string first_error;
    for (int r = 0; r < repeat; ++r) {
        layout::Resources res;  // one per batch, shared by all jobs (as the CLI's batch mode)
        pdf::PreparedFaces faces;
        pdf::WriteOptions wo;
        if (pdf::PreparedFaces::worth_it(count)) wo.prepared = &faces;  // as the CLI's batch mode
        std::atomic<size_t> next{0}, done{0}, page_sum{0}, fails{0};
        std::mutex err_mu;
        double cpu0 = cpu_ms_self();
        auto t0 = Clock::now();
        auto worker = [&] {
            for (size_t i; (i = next.fetch_add(1)) < count;) {
                try {
                    const std::string& layout = layouts[i % layouts.size()];
                    model::Cv cv = model::load_cv_string(cvs[i], "variant-" + std::to_string(i) + ".toml");
                    style::LayoutSpec spec = style::load_layout(layout);
                    layout::LayoutResult lr = layout::layout_cv(cv, spec, res);
                    lr.doc.meta.timestamp = -1;
                    std::vector<unsigned char> pdf = pdf::write_pdf(lr.doc, wo);
                    if (!out.empty()) write_file(out + "/cv-" + std::to_string(i) + ".pdf", pdf.data(), pdf.size());
                    page_sum += lr.doc.pages.size();
                } catch (const std::exception& e) {
                    ++fails;
                    std::lock_guard l(err_mu);
                    if (first_error.empty()) first_error = "CV " + std::to_string(i) + ": " + e.what();
                }
                if (++done == count / 10 && r == 0) rss_10 = current_rss_mib();
            }
        };
        std::vector<std::thread> pool;
        for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
        for (auto& t : pool) t.join();
        double wall = ms_since(t0);
        double cpu = cpu_ms_self() - cpu0;
        rate.push_back(double(count) / (wall / 1e3));
        ms_per_cv.push_back(wall / double(count));
        cpu_per_cv.push_back(cpu / double(count));
        pages = page_sum;
        failures += fails;
        cache = res.shaper.cache_size();
        if (r == 0) rss_first = current_rss_mib();
        rss_end = std::max(rss_end, current_rss_mib());
    }
    std::string j = "--jobs " + std::to_string(jobs);
    row("batch " + std::to_string(count) + " CVs, " + j + ": throughput", rate, "CV/s", 0,
        std::to_string(layouts.size()) + " layouts, " + std::to_string(pages) + " pages, " + std::to_string(repeat) +
            " runs" + (out.empty() ? ", PDFs kept in memory" : ", PDFs written (no fsync)"));
    row("batch " + j + ": wall per CV", ms_per_cv, "ms", 3);
    row("batch " + j + ": CPU per CV", cpu_per_cv, "ms", 3);
    std::cout << "| batch " << j << ": peak RSS | " << fmt(peak_rss_mib(), 1) << " MiB | | | RSS " << fmt(rss_start, 1)
              << " MiB before, " << fmt(rss_10, 1) << " after " << count / 10 << " CVs, " << fmt(rss_first, 1)
              << " after " << count << "; " << cache << " words cached";
    if (repeat > 1) std::cout << "; after each later run (fresh caches) at most " << fmt(rss_end, 1);
    std::cout << " |\n";
    if (failures) {
        std::cerr << "cvpdf_bench: " << failures << " CVs failed; first: " << first_error << '\n';
        return 1;
    }
    return 0;
}

int cmd_gen(const Args& a) {
    if (a.pos.empty()) throw std::runtime_error("gen: SEED.toml required");
    int want = std::stoi(get(a, "--pages", "20"));
    std::string out = get(a, "-o", "");
    if (out.empty()) throw std::runtime_error("gen: -o OUT required");
    SeedDoc seed = split_seed(read_file(a.pos[0]));
    layout::Resources res;
    // Append renamed copies of the seed's sections (variants' orders and words) until the CV
    // reaches `want` pages; trim by single sections to land on it.
    std::string text = make_variant(seed, 0);
    size_t pages = 0;
    for (size_t copy = 1; copy < 1000; ++copy) {
        SeedDoc v = split_seed(make_variant(seed, copy));
        for (auto& sec : v.sections) {
            // Section titles must stay distinct: "Publications" again becomes "Publications (2)".
            std::string s = sec.head;
            size_t t = s.find("\ntitle = \"");
            if (t != std::string::npos) s.insert(s.find('"', t + 10), " (" + std::to_string(copy + 1) + ")");
            for (auto& b : sec.blocks) s += b;
            text += s;
            model::Cv cv = model::load_cv_string(text, out);
            auto lr = layout::layout_cv(cv, style::load_layout("classic"), res);
            pages = lr.doc.pages.size();
            if (int(pages) >= want) {
                std::ofstream(out) << text;
                std::cout << pages << '\n';
                return 0;
            }
        }
    }
    throw std::runtime_error("gen: could not reach the page count");
}

int cmd_once(const Args& a) {
    if (a.pos.empty()) throw std::runtime_error("once: DATA.toml required");
    layout::Resources res;
    std::vector<unsigned char> pdf;
    StageTimes t = render_timed(read_file(a.pos[0]), a.pos[0], get(a, "--layout", "classic"), res, &pdf);
    std::string out = get(a, "-o", "");
    if (!out.empty()) write_file(out, pdf.data(), pdf.size());
    std::cerr << "cvpdf_bench once: " << t.pages << " pages, " << pdf.size() << " bytes, " << fmt(t.total, 2)
              << " ms\n";
    return 0;
}

struct ChildResult {
    double wall_ms = 0, cpu_ms = 0, rss_mib = 0;
    int status = 0;
};
// `cmd` may start with ENV:NAME=VALUE, CLEAR:DIR, EDIT:SRC:DST and OUT:FILE fields (see
// `side`); clearing and editing are done before the clock starts.
ChildResult run_child(const std::vector<std::string>& cmd) {
    std::vector<char*> argv;
    std::vector<std::string> env;
    std::string out = "/dev/null";
    for (auto& s : cmd) {
        if (argv.empty() && s.rfind("ENV:", 0) == 0) {
            env.push_back(s.substr(4));
        } else if (argv.empty() && s.rfind("OUT:", 0) == 0) {
            out = s.substr(4);
        } else if (argv.empty() && s.rfind("EDIT:", 0) == 0) {
            // EDIT:SRC:DST writes SRC to DST with its first "@EDIT@" replaced by a number never
            // used before, spelled in binary as the words "one" and "zero": the data file
            // edited since the last run (one paragraph changed), with no word that is new
            // after the first few runs (a new word would add HarfBuzz's start-up).
            static unsigned edits = 0;
            const std::string spec = s.substr(5);
            const size_t colon = spec.find(':');
            if (colon == std::string::npos) throw std::runtime_error("EDIT: needs SRC:DST");
            std::string text = read_file(spec.substr(0, colon));
            const size_t at = text.find("@EDIT@");
            if (at == std::string::npos) throw std::runtime_error("EDIT: no @EDIT@ in " + spec.substr(0, colon));
            std::string words;
            for (unsigned v = ++edits; v; v >>= 1) words.insert(0, v & 1 ? "one " : "zero ");
            words.pop_back();
            text.replace(at, 6, words);
            std::ofstream(spec.substr(colon + 1), std::ios::binary | std::ios::trunc) << text;
        } else if (argv.empty() && s.rfind("CLEAR:", 0) == 0) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(s.substr(6), ec))
                for (const char* store : {"shapes-", "facts-", "subset-", "flate-", "hyphpoints-", "paras-"})
                    if (e.path().filename().string().rfind(store, 0) == 0) fs::remove(e.path(), ec);
        } else {
            argv.push_back(const_cast<char*>(s.c_str()));
        }
    }
    argv.push_back(nullptr);
    // The child's environment: ours, with the ENV: fields replacing same-named variables.
    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e) {
        const std::string_view var(*e);
        const std::string_view name = var.substr(0, var.find('=') + 1);
        if (std::none_of(env.begin(), env.end(), [&](const std::string& o) { return o.rfind(name, 0) == 0; }))
            env_store.emplace_back(var);
    }
    env_store.insert(env_store.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // posix_spawn (vfork-like: the child shares our memory until it execs) rather than fork:
    // fork copies this process's page tables and takes copy-on-write faults in the child,
    // a cost that grows with the harness's own memory and belongs to no measured program
    // (0.13-0.40 ms per child here, 1 ms with 20 MiB resident). It is the same for every
    // command timed, so it narrows the ratios between a 5 ms and a 170 ms program.
    auto t0 = Clock::now();
    pid_t pid = 0;
    const int err = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0) throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(err));
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    ChildResult r;
    r.wall_ms = ms_since(t0);
    r.cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    r.rss_mib = double(ru.ru_maxrss) / 1024.0;
    r.status = status;
    return r;
}

int cmd_cold(const Args& a) {
    if (a.cmd.empty()) throw std::runtime_error("cold: -- CMD required");
    int runs = std::stoi(get(a, "--runs", "30"));
    std::string label = get(a, "--label", a.cmd[0]);
    std::vector<double> wall, cpu, rss;
    run_child(a.cmd);  // warm the page cache; not counted
    for (int i = 0; i < runs; ++i) {
        ChildResult r = run_child(a.cmd);
        if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0) {
            std::cerr << "cvpdf_bench cold: command failed (status " << r.status << ")\n";
            return 1;
        }
        wall.push_back(r.wall_ms);
        cpu.push_back(r.cpu_ms);
        rss.push_back(r.rss_mib);
    }
    std::string n = std::to_string(runs) + " runs";
    row(label + ": wall", wall, "ms", 2, n);
    row(label + ": CPU (user+sys)", cpu, "ms", 2);
    row(label + ": peak RSS", rss, "MiB", 1);
    return 0;
}

// Round-robin, so that a shared machine speeding up or slowing down during the run affects
// every command alike; a ratio is taken within each round, and its median reported.
int cmd_side(const Args& a) {
    if (a.pos.size() != 1) throw std::runtime_error("side: SPEC file required");
    std::ifstream in(a.pos[0]);
    std::vector<std::string> labels;
    std::vector<std::vector<std::string>> cmds;
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> f;
        for (size_t i = 0;;) {
            size_t j = line.find('\t', i);
            f.push_back(line.substr(i, j == std::string::npos ? std::string::npos : j - i));
            if (j == std::string::npos) break;
            i = j + 1;
        }
        if (f.size() < 2) continue;
        labels.push_back(f[0]);
        cmds.emplace_back(f.begin() + 1, f.end());
    }
    if (cmds.empty()) throw std::runtime_error("side: no commands in " + a.pos[0]);
    const int runs = std::stoi(get(a, "--runs", "30"));
    const size_t n = cmds.size();
    const size_t bases = std::min(n, size_t(std::max(1, std::stoi(get(a, "--bases", "1")))));
    std::vector<std::vector<double>> wall(n), cpu(n), rss(n);
    for (const auto& c : cmds) run_child(c);  // warm the page cache; not counted
    // Each round takes the commands in a new random order (fixed seed: every run of the
    // benchmark uses the same orders). A program started right after another one finds the
    // CPU caches, TLBs and free memory as that one left them, which costs a 5 ms program up
    // to 0.8 ms (measured: cvpdf after Typst 6.97 ms, after pdfLaTeX 6.77, after itself
    // 6.14); a fixed order would give one command the same neighbour every round.
    std::vector<size_t> order(n);
    for (size_t k = 0; k < n; ++k) order[k] = k;
    std::mt19937 rng(20261126);
    for (int r = 0; r < runs; ++r) {
        std::shuffle(order.begin(), order.end(), rng);
        for (size_t k : order) {
            ChildResult c = run_child(cmds[k]);
            if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0) {
                std::cerr << "cvpdf_bench side: " << labels[k] << " failed (status " << c.status << ")\n";
                return 1;
            }
            wall[k].push_back(c.wall_ms);
            cpu[k].push_back(c.cpu_ms);
            rss[k].push_back(c.rss_mib);
        }
    }
    const std::string note = std::to_string(runs) + " rounds, shuffled";
    for (size_t k = 0; k < n; ++k) {
        row(labels[k] + ": wall", wall[k], "ms", 2, note);
        row(labels[k] + ": CPU (user+sys)", cpu[k], "ms", 2);
        row(labels[k] + ": peak RSS", rss[k], "MiB", 1);
        if (k < bases) continue;
        for (size_t b = 0; b < bases; ++b) {
            std::vector<double> ratio;
            for (int r = 0; r < runs; ++r) ratio.push_back(wall[k][r] / wall[b][r]);
            const std::string base = bases == 1 ? "cvpdf" : "cvpdf (" + labels[b].substr(0, labels[b].find('.')) + ")";
            const auto [lo, hi] = median_ci95(ratio);
            row(labels[k] + " ÷ " + base + " (wall, per round)", ratio, "×", 1,
                "median of " + std::to_string(runs) + " paired ratios; 95 % CI of the median " + fmt(lo, 1) +
                    "–" + fmt(hi, 1));
        }
    }
    return 0;
}

int cmd_watch(const Args& a) {
    if (a.cmd.empty()) throw std::runtime_error("watch: -- CMD required");
    int runs = std::stoi(get(a, "--runs", "20"));
    std::string data = get(a, "--data", ""), pdf = get(a, "--pdf", "");
    if (data.empty() || pdf.empty()) throw std::runtime_error("watch: --data and --pdf required");
    std::string original = read_file(data);
    fs::remove(pdf);
    int in = inotify_init1(IN_CLOEXEC);
    std::string dir = fs::path(pdf).parent_path().string();
    std::string base = fs::path(pdf).filename().string();
    inotify_add_watch(in, dir.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE);
    // Waits for `base` to be renamed (or written) into place; false after 5 s.
    auto wait_pdf = [&]() -> bool {
        auto t0 = Clock::now();
        alignas(inotify_event) char buf[4096];
        while (ms_since(t0) < 5000) {
            fd_set fds;
            FD_ZERO(&fds);
            FD_SET(in, &fds);
            timeval tv{0, 100000};
            if (select(in + 1, &fds, nullptr, nullptr, &tv) <= 0) continue;
            ssize_t n = read(in, buf, sizeof buf);
            for (ssize_t off = 0; off < n;) {
                auto* ev = reinterpret_cast<inotify_event*>(buf + off);
                if (ev->len && base == ev->name) return true;
                off += ssize_t(sizeof(inotify_event) + ev->len);
            }
        }
        return false;
    };
    std::vector<char*> argv;
    for (auto& s : a.cmd) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    std::vector<double> lat;
    bool ok = wait_pdf();  // the first render
    for (int i = 0; ok && i < runs; ++i) {
        usleep(150000);  // let the watcher settle (and any debounce expire)
        std::string edited = original + "\n# edit " + std::to_string(i) + "\n";
        auto t0 = Clock::now();
        {
            std::ofstream f(data, std::ios::binary | std::ios::trunc);
            f << edited;
        }
        if (!wait_pdf()) {
            ok = false;
            break;
        }
        lat.push_back(ms_since(t0));
    }
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    close(in);
    std::ofstream(data, std::ios::binary | std::ios::trunc) << original;
    if (!ok || lat.empty()) {
        row_na("watch latency (save → renamed PDF)", "watcher produced no PDF within 5 s");
        return 0;
    }
    row("watch latency (save → renamed PDF)", lat, "ms", 2, std::to_string(lat.size()) + " edits, inotify");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: cvpdf_bench stages|batch|gen|once|cold|side|watch ... (see bench/cvpdf_bench.cpp)\n";
        return 2;
    }
    std::string sub = argv[1];
    Args a = parse(argc, argv, 2);
    try {
        if (sub == "stages") return cmd_stages(a);
        if (sub == "batch") return cmd_batch(a);
        if (sub == "gen") return cmd_gen(a);
        if (sub == "once") return cmd_once(a);
        if (sub == "cold") return cmd_cold(a);
        if (sub == "side") return cmd_side(a);
        if (sub == "watch") return cmd_watch(a);
    } catch (const std::exception& e) {
        std::cerr << "cvpdf_bench " << sub << ": " << e.what() << '\n';
        return 1;
    }
    std::cerr << "cvpdf_bench: unknown subcommand " << sub << '\n';
    return 2;
}
