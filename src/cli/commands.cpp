// `cvpdf init`, `cvpdf layouts`, and the dispatch of every command.
#include "cli/commands.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/atomic_file.hpp"
#include "cli/batch.hpp"
#include "style/builtin_layouts.hpp"

namespace cvpdf::cli {
namespace fs = std::filesystem;

const char* starter_data() {
    return R"toml(# A CV for cvpdf. Render it with:   cvpdf cv.toml        (writes cv.pdf)
# Re-render on every save with:      cvpdf --watch cv.toml
# Every field is described in docs/data-schema.md. Text fields take a little
# Markdown: **bold**, *italic*, [a link](https://example.org), $math$, and ~ for a
# non-breaking space.

[person]
name = "Ada Lovelace"                       # the only required field
aliases = ["A. Lovelace"]                   # also set in bold in author lists
headline = "Analyst of *engines*"
email = "ada@example.org"
website = "https://example.org/ada"
location = "London"
links = [ { label = "GitHub", url = "https://github.com/ada" } ]

# Sections print in the order written. Each holds one of: entries, publications,
# items (a list) or text (a paragraph).

[[sections]]
title = "Education"

[[sections.entries]]
title = "University of London"
role = "Private tuition in mathematics"
location = "London"
start = "1840"                              # YYYY, YYYY-MM, YYYY-MM-DD or "present"
end = "1842"
bullets = [
  "Studied with Augustus De Morgan",
  { text = "Topics:", items = ["Calculus", "Logic"] },   # a nested list
]

[[sections]]
title = "Experience"

[[sections.entries]]
title = "Analytical Engine"
role = "Translator and author of the *Notes*"
start = "1842-10"
end = "1843-09"
summary = "Wrote what is often called the first published program."
bullets = ["An algorithm for the Bernoulli numbers, $B_n$"]

[[sections.entries]]
title = "Difference Engine demonstrations"
role = "Guest"
date = "1833"
tags = ["full"]                             # only in variants that include "full"

[[sections]]
title = "Publications"

[[sections.publications]]
authors = ["Luigi Menabrea", "A. Lovelace"]
title = "Sketch of the Analytical Engine, with notes by the translator"
venue = "Scientific Memoirs"
year = 1843
tags = ["academic"]

[[sections]]
title = "Skills"
items = ["Mathematics, logic", "French, Italian", "Music"]

[[sections]]
title = "Interests"
text = "Poetical science, flying machines and horses."
tags = ["full"]

# Variants: one data file, several CVs. `cvpdf cv.toml --variant academic` keeps
# everything untagged plus what is tagged "academic"; `--all-variants -d out/`
# writes one PDF per variant. A variant may pick a layout and set layout values.
[variants.academic]
tags = ["academic"]

[variants.full]
tags = ["academic", "full"]
set = { "page.size" = "a4" }
)toml";
}

int cmd_init(const Options& opt) {
    std::string path = opt.inputs.empty() ? "cv.toml" : opt.inputs[0];
    std::string_view text = starter_data();
    try {
        if (path == "-") {
            write_output("-", std::vector<unsigned char>(text.begin(), text.end()));
            return kOk;
        }
        std::error_code ec;
        if (fs::exists(path, ec) && !opt.force) {
            std::cerr << format_diagnostic({path}, "error", "already exists; not overwritten (use --force)") << '\n';
            return kInputError;
        }
        write_file_atomically(path, {reinterpret_cast<const unsigned char*>(text.data()), text.size()});
    } catch (const Error& e) {
        std::cerr << e.what() << '\n';
        return kInputError;
    }
    if (opt.verbose) std::cerr << "cvpdf: wrote " << path << "; render it with: cvpdf " << path << '\n';
    return kOk;
}

int cmd_layouts(const Options& opt) {
    size_t width = 0;
    for (const auto& b : style::builtin_layouts()) width = std::max(width, b.name.size());
    for (const auto& b : style::builtin_layouts()) {
        std::string desc;
        try {
            desc = style::load_layout(std::string(b.name)).description;
        } catch (const Error& e) {
            desc = std::string("(broken: ") + e.what() + ")";
        }
        std::cout << b.name << std::string(width + 2 - b.name.size(), ' ') << desc << '\n';
    }
    (void)opt;
    return kOk;
}

int run(int argc, char** argv) {
    Options opt;
    try {
        opt = parse_args(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "cvpdf: " << e.message << "\nTry 'cvpdf --help'.\n";
        return kUsageError;
    }
    if (opt.help) {
        std::cout << help_text();
        return kOk;
    }
    if (opt.version) {
        std::cout << "cvpdf " CVPDF_VERSION "\n";
        return kOk;
    }
    if (opt.man) {
        std::cout << man_page();
        return kOk;
    }
    if (opt.command == Command::Init) return cmd_init(opt);
    if (opt.command == Command::Layouts) return cmd_layouts(opt);
    try {
        if (opt.command == Command::Check && opt.inputs.empty() && opt.manifest.empty()) {
            style::load_layout_with_overrides(opt.layout, opt.sets);  // the layout alone
            if (opt.verbose) std::cerr << opt.layout << ": ok\n";
            return kOk;
        }
        std::vector<Job> jobs;
        try {
            jobs = plan_jobs(opt);
        } catch (const UsageError& e) {
            std::cerr << "cvpdf: " << e.message << '\n';
            return kUsageError;
        }
        if (opt.watch) return watch(jobs.at(0), opt);
        return run_jobs(jobs, opt);
    } catch (const Error& e) {
        std::cerr << e.what() << '\n';
        return kInputError;
    } catch (const std::exception& e) {
        std::cerr << "cvpdf: error: " << e.what() << '\n';
        return kInputError;
    }
}

}  // namespace cvpdf::cli
