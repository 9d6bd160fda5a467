// Command-line arguments → options. The only place that reads argv.
#pragma once
#include <string>
#include <vector>

namespace cvpdf::cli {

struct Options {
    std::vector<std::string> inputs;
    std::string output;            // "" = next to the input, "-" = stdout
    std::string layout = "classic";
    bool help = false, version = false, quiet = false, verbose = false;
};

// Exit statuses, documented in --help and README.
enum Exit { kOk = 0, kInputError = 1, kUsageError = 2 };

struct UsageError {
    std::string message;
};

// Throws UsageError on bad arguments.
Options parse_args(int argc, char** argv);
const char* help_text();

}  // namespace cvpdf::cli
