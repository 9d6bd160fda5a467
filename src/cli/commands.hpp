// The cvpdf command line as a function, so main() stays a dispatcher.
#pragma once
#include "cli/args.hpp"

namespace cvpdf::cli {

// Parses the arguments and runs the command; returns the exit status (see Exit).
int run(int argc, char** argv);

int cmd_init(const Options& opt);
int cmd_layouts(const Options& opt);
// The commented starter data file `cvpdf init` writes.
const char* starter_data();

}  // namespace cvpdf::cli
