#include "cli/convert_cmd.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "cli/atomic_file.hpp"
#include "import/import.hpp"

namespace cvpdf::cli {

namespace {

const char* kUsage =
    "Usage: cvpdf convert DATA [-o OUT.toml] [-q]\n"
    "Writes the CV in DATA (JSON Resume .json, or cvpdf TOML) as commented cvpdf TOML.\n"
    "  -o, --output FILE   where to write ('-' = standard output); default: DATA.toml\n"
    "  -q, --quiet         no warnings\n";

int usage(const std::string& msg) {
    std::cerr << "cvpdf convert: " << msg << "\n" << kUsage;
    return 2;
}

}  // namespace

int convert_main(int argc, char** argv) {
    std::string in, out;
    bool quiet = false;
    for (int i = 2; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "-h" || a == "--help") {
            std::cout << kUsage;
            return 0;
        } else if (a == "-q" || a == "--quiet") {
            quiet = true;
        } else if (a == "-o" || a == "--output") {
            if (i + 1 >= argc) return usage("option " + std::string(a) + " needs a file name");
            out = argv[++i];
        } else if (a.rfind("--output=", 0) == 0) {
            out = std::string(a.substr(9));
        } else if (a.size() > 1 && a[0] == '-') {
            return usage("unknown option " + std::string(a));
        } else if (in.empty()) {
            in = std::string(a);
        } else {
            return usage("more than one input file");
        }
    }
    if (in.empty()) return usage("no input file");
    if (out.empty()) out = std::filesystem::path(in).replace_extension(".toml").string();
    if (out.empty()) return usage("empty output file name");
    std::error_code ec;
    if (out != "-" && std::filesystem::equivalent(in, out, ec))
        return usage("the output " + out + " is the input; give another with -o");
    try {
        std::vector<std::string> warnings;
        model::Cv cv = import::load_cv_any(in, &warnings);
        if (!quiet)
            for (const auto& w : warnings) std::cerr << in << ": warning: " << w << '\n';
        std::string toml = import::to_toml(cv);
        // The TOML must load again (it is what the user will edit); a failure here is a bug.
        try {
            model::load_cv_string(toml, out);
        } catch (const Error& e) {
            throw Error(std::string("internal error: the converted TOML does not load: ") + e.what());
        }
        if (out == "-") {
            std::cout << toml << std::flush;
            if (!std::cout) throw Error("cannot write to standard output");
        } else {
            write_file_atomically(out, {reinterpret_cast<const unsigned char*>(toml.data()), toml.size()});
        }
    } catch (const Error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "cvpdf: error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

}  // namespace cvpdf::cli
