#include "cli/args.hpp"

#include <cstring>

namespace cvpdf::cli {

const char* help_text() {
    return R"(Usage: cvpdf [OPTIONS] DATA.toml

Typeset a CV kept as TOML data into a PDF.

Options:
  -o, --output FILE     write the PDF to FILE ("-" for standard output);
                        default: DATA with the extension .pdf
  -l, --layout LAYOUT   a built-in layout name (classic) or a layout TOML file
  -q, --quiet           print no warnings
  -v, --verbose         say what was written, with page count and size
  -h, --help            show this help and exit
  -V, --version         show the version and exit

Environment:
  SOURCE_DATE_EPOCH     creation date written into the PDF (seconds since 1970);
                        unset: the PDF carries no dates, so output is reproducible
  CVPDF_FONTS_DIR       folder searched for fonts named without a path

Exit status:
  0  success
  1  bad input (data, layout or font); the message reads file:line:col: error: ...
  2  bad command-line usage

The output is written to a temporary file and renamed into place, so a failed run
leaves an existing PDF untouched.
)";
}

Options parse_args(int argc, char** argv) {
    Options o;
    auto value = [&](int& i, const char* opt) -> std::string {
        const char* a = argv[i];
        if (const char* eq = std::strchr(a, '='); eq && a[1] == '-') return eq + 1;
        if (i + 1 >= argc) throw UsageError{std::string("option ") + opt + " needs a value"};
        return argv[++i];
    };
    bool only_files = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto is = [&](const char* s, const char* l) { return a == s || a == l || a.rfind(std::string(l) + "=", 0) == 0; };
        if (only_files || a.empty() || a[0] != '-' || a == "-") {
            o.inputs.push_back(a);
        } else if (a == "--") {
            only_files = true;
        } else if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "-V" || a == "--version") {
            o.version = true;
        } else if (a == "-q" || a == "--quiet") {
            o.quiet = true;
        } else if (a == "-v" || a == "--verbose") {
            o.verbose = true;
        } else if (is("-o", "--output")) {
            o.output = value(i, "--output");
        } else if (is("-l", "--layout")) {
            o.layout = value(i, "--layout");
        } else {
            throw UsageError{"unknown option '" + a + "'"};
        }
    }
    if (o.help || o.version) return o;
    if (o.inputs.empty()) throw UsageError{"no data file given"};
    if (o.inputs.size() > 1) throw UsageError{"one data file at a time (got " + std::to_string(o.inputs.size()) + ")"};
    return o;
}

}  // namespace cvpdf::cli
