#include "cli/args.hpp"

#include <charconv>
#include <cstring>
#include <sstream>

namespace cvpdf::cli {

// The one description of the command line: `--help` prints it and `--man` turns it into
// the man page (share/man/cvpdf.1), so the two cannot drift apart. Layout rules for
// man_page(): "Header:" lines start sections; "  TAG  text" lines are items; lines
// indented deeper continue the item above.
const char* help_text() {
    return R"(Usage: cvpdf [OPTIONS] DATA.toml...
       cvpdf [OPTIONS] --manifest FILE
       cvpdf --watch [OPTIONS] DATA.toml
       cvpdf check [OPTIONS] [DATA.toml...]
       cvpdf init [--force] [FILE]
       cvpdf layouts
       cvpdf convert DATA [-o OUT.toml]

Typeset CVs kept as TOML data into PDFs: one file, many at once (on several
threads), every variant of a CV, or again and again while you edit.

Commands:
  (none)                render each DATA.toml to a PDF
  check                 validate data and layout (everything a render checks)
                        without writing a PDF; with only -l, check that layout
  init [FILE]           write a commented starter data file (default cv.toml,
                        "-" for standard output); overwrites only with --force
  layouts               list the built-in layouts
  convert DATA          write a JSON Resume (.json) or TOML CV as commented
                        cvpdf TOML (see cvpdf convert --help)

Options:
  -o, --output FILE     write the PDF to FILE ("-" for standard output); one
                        job only; default: DATA.pdf, or DATA-VARIANT.pdf
  -d, --output-dir DIR  write PDFs into DIR (created if missing)
  -l, --layout LAYOUT   a built-in layout name (classic) or a layout TOML file;
                        default: the variant's layout, else classic
      --variant NAME    keep what is tagged NAME (and everything untagged), with
                        [variants.NAME]'s layout and settings; repeatable
      --all-variants    one PDF for each [variants.NAME] of each data file
  -s, --set KEY=VALUE   set a layout value, as if in the layout file, e.g.
                        --set page.size=a4 --set text.size=10.5pt; VALUE is
                        TOML (10.5, true, [...]) or else a string; repeatable
  -m, --manifest FILE   read jobs from FILE ("-" for standard input), one a line
  -j, --jobs N          render N jobs at a time (default: one per CPU); all
                        threads share one font and shaping cache
  -w, --watch           render, then render again whenever the data, layout or
                        a font file changes; stop with Ctrl-C
      --force           init: overwrite an existing file
  -q, --quiet           print no warnings and no progress
  -v, --verbose         say what was written, with page count and size
  -h, --help            show this help and exit
  -V, --version         show the version and exit

Manifest:
  One job per line: DATA [LAYOUT [VARIANT [OUTPUT]]], separated by blanks;
  "-" leaves a field at its default (--layout, the whole CV, the default file
  name); double quotes enclose a field with blanks; blank lines and lines
  starting with # are ignored. Paths are relative to the current folder. A
  manifest can be split by any job runner (split, xargs, GNU parallel, a job
  array) and each part piped to cvpdf --manifest -.

Batches:
  Every job runs even if others fail; a failed job leaves its old PDF untouched.
  With several jobs cvpdf ends with a summary ("3 written, 1 failed") when a
  job failed, with -v, or on a terminal (where it also shows progress).

Examples:
  cvpdf cv.toml         write cv.pdf next to cv.toml
  cvpdf *.toml -d out/  render many CVs into out/, in parallel
  cvpdf cv.toml --variant academic -s page.size=a4 -o academic.pdf
                        one variant, on A4 paper
  cvpdf cv.toml --all-variants -d out/
                        out/cv-VARIANT.pdf for every variant
  cvpdf --manifest jobs.txt -j 8
                        run the jobs listed in jobs.txt, eight at a time
  cvpdf --watch cv.toml -o cv.pdf
                        re-render on every save; the PDF is always complete

Environment:
  SOURCE_DATE_EPOCH     creation date written into the PDF (seconds since
                        1970); unset: the PDF carries no dates (reproducible)
  CVPDF_FONTS_DIR       folder searched for fonts named without a path
  CVPDF_CACHE_DIR       where compiled hyphenation patterns and the paragraph,
                        shape, facts, subset, flate and points stores are kept
                        between runs (they make a re-render skip setting the
                        paragraphs that did not change, shaping, font reading,
                        subsetting, deflating and hyphenation it has done
                        before; never a different PDF); default
                        $XDG_CACHE_HOME/cvpdf, else
                        ~/.cache/cvpdf; empty: no caching. Safe to delete.

Exit status:
  0                     success
  1                     bad input (data, layout or font), or a job of a batch
                        failed; messages read file:line:col: error: ...
  2                     bad command-line usage (also: a malformed manifest line,
                        two jobs writing one file)

A PDF is written to a temporary file and renamed into place, so a failed run
leaves an existing PDF untouched and a viewer never sees half a file.
)";
}

namespace {

// "-" → "\-", and backslashes escaped, for roff.
std::string roff(std::string_view s, bool bold_tag = false) {
    std::string out;
    for (char c : s) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return bold_tag ? "\\fB" + out + "\\fR" : out;
}

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(' ');
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(' ') - b + 1));
}

}  // namespace

std::string man_page() {
    std::istringstream in(help_text());
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    std::string out = ".\\\" Generated by `cvpdf --man` from the --help text (src/cli/args.cpp). Do not edit.\n";
    out += ".TH CVPDF 1 \"\" \"cvpdf " CVPDF_VERSION "\" \"User Commands\"\n";
    out += ".SH NAME\ncvpdf \\- typeset CVs kept as TOML data into PDFs\n.SH SYNOPSIS\n.nf\n";
    size_t i = 0;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        std::string l = lines[i];
        if (l.rfind("Usage: ", 0) == 0) l = l.substr(7);
        out += roff(trim(l)) + "\n";
    }
    out += ".fi\n.SH DESCRIPTION\n";
    bool in_item = false, para_open = false;
    for (++i; i < lines.size(); ++i) {
        const std::string& l = lines[i];
        if (l.empty()) {
            if (in_item || para_open) out += ".PP\n";
            in_item = para_open = false;
            continue;
        }
        if (l[0] != ' ' && l.back() == ':') {
            std::string h = l.substr(0, l.size() - 1);
            for (auto& c : h) c = char(std::toupper(static_cast<unsigned char>(c)));
            out += ".SH " + roff(h) + "\n";
            in_item = para_open = false;
            continue;
        }
        size_t indent = l.find_first_not_of(' ');
        if (indent >= 8 && in_item) {
            out += roff(trim(l)) + "\n";
            continue;
        }
        if (indent > 0 && indent < 8) {
            // "  TAG  text": the tag ends at the first run of two or more blanks; a tag alone
            // on its line is an item when the next line continues it.
            size_t gap = l.find("  ", indent);
            bool continued = i + 1 < lines.size() && !lines[i + 1].empty() &&
                             lines[i + 1].find_first_not_of(' ') >= 8;
            if (gap != std::string::npos || continued) {
                out += ".TP\n" + roff(trim(l.substr(indent, gap == std::string::npos ? gap : gap - indent)), true) + "\n";
                if (gap != std::string::npos) out += roff(trim(l.substr(gap))) + "\n";
                in_item = true;
                para_open = false;
                continue;
            }
        }
        out += roff(trim(l)) + "\n";
        para_open = true;
    }
    return out;
}

namespace {

unsigned parse_jobs(const std::string& v) {
    unsigned n = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n == 0 || n > 1024)
        throw UsageError{"--jobs needs a whole number from 1 to 1024, not '" + v + "'"};
    return n;
}

}  // namespace

Options parse_args(int argc, char** argv) {
    Options o;
    int first = 1;
    if (argc > 1) {
        std::string c = argv[1];
        if (c == "check") o.command = Command::Check, first = 2;
        else if (c == "init") o.command = Command::Init, first = 2;
        else if (c == "layouts") o.command = Command::Layouts, first = 2;
    }
    bool only_files = false;
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        // An option taking a value: "-o FILE", "-oFILE", "--output FILE", "--output=FILE".
        auto is = [&](const char* s, const char* l) {
            return a == l || a.rfind(std::string(l) + "=", 0) == 0 || (s && (a == s || (a.rfind(s, 0) == 0 && a.size() > 2)));
        };
        auto value = [&](const char* opt) -> std::string {
            if (a[1] == '-') {
                if (size_t eq = a.find('='); eq != std::string::npos) return a.substr(eq + 1);
            } else if (a.size() > 2) {
                return a.substr(2);
            }
            if (i + 1 >= argc) throw UsageError{std::string("option ") + opt + " needs a value"};
            return argv[++i];
        };
        if (only_files || a.empty() || a[0] != '-' || a == "-") {
            o.inputs.push_back(a);
        } else if (a == "--") {
            only_files = true;
        } else if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "-V" || a == "--version") {
            o.version = true;
        } else if (a == "--man") {
            o.man = true;
        } else if (a == "-q" || a == "--quiet") {
            o.quiet = true;
        } else if (a == "-v" || a == "--verbose") {
            o.verbose = true;
        } else if (a == "-w" || a == "--watch") {
            o.watch = true;
        } else if (a == "--all-variants") {
            o.all_variants = true;
        } else if (a == "--force") {
            o.force = true;
        } else if (is("-o", "--output")) {
            o.output = value("--output");
        } else if (is("-d", "--output-dir")) {
            o.output_dir = value("--output-dir");
            if (o.output_dir.empty()) throw UsageError{"--output-dir needs a folder"};
        } else if (is("-l", "--layout")) {
            o.layout = value("--layout");
        } else if (is(nullptr, "--variant")) {
            std::string v = value("--variant");
            if (v.empty()) throw UsageError{"--variant needs a name"};
            o.variants.push_back(v);
        } else if (is("-s", "--set")) {
            std::string v = value("--set");
            try {
                o.sets.push_back(style::parse_override(v));
            } catch (const Error& e) {
                throw UsageError{"--set " + v + ": " + e.message()};
            }
        } else if (is("-m", "--manifest")) {
            o.manifest = value("--manifest");
        } else if (is("-j", "--jobs")) {
            o.jobs = parse_jobs(value("--jobs"));
        } else {
            throw UsageError{"unknown option '" + a + "'"};
        }
    }
    if (o.help || o.version || o.man) return o;

    auto only = [&](bool bad, const char* what) {
        if (bad) throw UsageError{what};
    };
    switch (o.command) {
        case Command::Layouts:
            only(!o.inputs.empty(), "'layouts' takes no files");
            break;
        case Command::Init:
            only(o.inputs.size() > 1, "'init' writes one file");
            only(o.watch || !o.manifest.empty() || !o.sets.empty() || !o.variants.empty() || o.all_variants ||
                     !o.output_dir.empty() || !o.layout.empty() || !o.output.empty(),
                 "'init' takes only [--force] [FILE]");
            break;
        case Command::Check:
            only(o.watch, "'check' cannot --watch");
            only(!o.output.empty() || !o.output_dir.empty(), "'check' writes no PDF (no -o or -d)");
            only(o.inputs.empty() && o.manifest.empty() && o.layout.empty(),
                 "nothing to check (give data files, a --manifest, or a --layout)");
            break;
        case Command::Render:
            only(o.force, "--force only applies to 'init'");
            only(o.inputs.empty() && o.manifest.empty(), "no data file given");
            if (o.watch) {
                only(!o.manifest.empty(), "--watch takes one data file, not a --manifest");
                only(o.inputs.size() != 1, "--watch takes one data file");
                only(o.all_variants || o.variants.size() > 1, "--watch renders one variant");
                only(o.output == "-", "--watch cannot write to standard output");
            }
            break;
    }
    if (!o.manifest.empty()) only(!o.inputs.empty(), "give data files or a --manifest, not both");
    only(o.all_variants && !o.variants.empty(), "give --variant or --all-variants, not both");
    only(!o.output.empty() && !o.output_dir.empty(), "give -o or -d, not both");
    return o;
}

}  // namespace cvpdf::cli
