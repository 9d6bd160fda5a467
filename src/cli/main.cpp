// cvpdf: CV data (TOML) → PDF. Argument handling, files and exit codes live in src/cli.
#include <string_view>

#include "cli/commands.hpp"
#include "cli/convert_cmd.hpp"
#include "cli/process_exit.hpp"

using namespace cvpdf;

int main(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == "convert") cli::exit_process(cli::convert_main(argc, argv));
    cli::exit_process(cli::run(argc, argv));
}
