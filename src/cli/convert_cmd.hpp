// `cvpdf convert IN [-o OUT]`: a CV data file (JSON Resume or TOML) → cvpdf TOML.
#pragma once

namespace cvpdf::cli {

// Runs the convert subcommand; argv[1] is "convert". Returns the exit status
// (0 ok, 1 bad input, 2 bad usage) after printing any message to stderr.
int convert_main(int argc, char** argv);

}  // namespace cvpdf::cli
