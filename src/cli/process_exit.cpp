#include "cli/process_exit.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/args.hpp"

namespace cvpdf::cli {

void exit_process(int code) {
    std::cout.flush();
    std::cerr.flush();
    if (std::fflush(nullptr) != 0 || !std::cout) {
        std::cerr << "cvpdf: cannot write to standard output\n";
        if (code == kOk) code = kInputError;
    }
    if constexpr (kFullTeardown) std::exit(code);
    ::_exit(code);
}

}  // namespace cvpdf::cli
