// cvpdf: CV data (TOML) → PDF. Argument handling, files and exit codes live here only.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "base/error.hpp"
#include "cli/args.hpp"
#include "cli/atomic_file.hpp"
#include "cli/render.hpp"

using namespace cvpdf;

static std::string default_output(const std::string& input) {
    std::filesystem::path p(input);
    p.replace_extension(".pdf");
    return p.string();
}

static bool write_stdout(const std::vector<unsigned char>& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
        ssize_t n = ::write(STDOUT_FILENO, bytes.data() + off, bytes.size() - off);
        if (n <= 0) return false;
        off += size_t(n);
    }
    return true;
}

int main(int argc, char** argv) {
    cli::Options opt;
    try {
        opt = cli::parse_args(argc, argv);
    } catch (const cli::UsageError& e) {
        std::cerr << "cvpdf: " << e.message << "\nTry 'cvpdf --help'.\n";
        return cli::kUsageError;
    }
    if (opt.help) {
        std::cout << cli::help_text();
        return cli::kOk;
    }
    if (opt.version) {
        std::cout << "cvpdf " CVPDF_VERSION "\n";
        return cli::kOk;
    }
    try {
        layout::Resources res;
        cli::RenderOutput out = cli::render({opt.inputs[0], opt.layout}, res);
        if (!opt.quiet)
            for (const auto& w : out.warnings) std::cerr << opt.inputs[0] << ": warning: " << w << '\n';
        std::string path = opt.output.empty() ? default_output(opt.inputs[0]) : opt.output;
        if (path == "-") {
            if (!write_stdout(out.pdf)) throw Error("cannot write to standard output");
        } else {
            cli::write_file_atomically(path, out.pdf);
        }
        if (opt.verbose)
            std::cerr << "cvpdf: wrote " << path << " (" << out.pages << (out.pages == 1 ? " page, " : " pages, ")
                      << out.pdf.size() << " bytes)\n";
    } catch (const Error& e) {
        std::cerr << e.what() << '\n';
        return cli::kInputError;
    } catch (const std::exception& e) {
        std::cerr << "cvpdf: error: " << e.what() << '\n';
        return cli::kInputError;
    }
    return cli::kOk;
}
