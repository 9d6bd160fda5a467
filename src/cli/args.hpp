// Command-line arguments → options. The only place that reads argv.
#pragma once
#include <string>
#include <vector>

#include "style/layout_spec.hpp"

namespace cvpdf::cli {

enum class Command { Render, Check, Init, Layouts };

struct Options {
    Command command = Command::Render;
    std::vector<std::string> inputs;   // data files (init: the file to write)
    std::string output;                // -o: "" = next to the input (or in output_dir), "-" = stdout
    std::string output_dir;            // -d
    std::string layout;                // -l: "" = the variant's layout, else classic
    std::vector<std::string> variants; // --variant (repeatable)
    bool all_variants = false;
    std::vector<style::Override> sets; // --set KEY=VALUE, in order
    std::string manifest;              // --manifest FILE, "-" = stdin
    unsigned jobs = 0;                 // -j: 0 = one per CPU
    bool watch = false;
    bool force = false;                // init: overwrite
    bool help = false, version = false, man = false, quiet = false, verbose = false;
};

// Exit statuses, documented in --help and README.
enum Exit { kOk = 0, kInputError = 1, kUsageError = 2 };

struct UsageError {
    std::string message;
};

// Throws UsageError on bad arguments.
Options parse_args(int argc, char** argv);
const char* help_text();
// The man page (roff), generated from help_text().
std::string man_page();

}  // namespace cvpdf::cli
