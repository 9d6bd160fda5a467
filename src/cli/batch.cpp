// Batches: jobs from arguments or a manifest, run on threads sharing one font/shaping cache.
#include "cli/batch.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "cli/atomic_file.hpp"
#include "cli/process_exit.hpp"
#include "import/import.hpp"
#include "linebreak/hyphenate.hpp"

namespace cvpdf::cli {
namespace fs = std::filesystem;

void write_output(const std::string& path, const std::vector<unsigned char>& pdf) {
    if (path != "-") {
        write_file_atomically(path, pdf);
        return;
    }
    size_t off = 0;
    while (off < pdf.size()) {
        ssize_t n = ::write(STDOUT_FILENO, pdf.data() + off, pdf.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Error("cannot write to standard output");
        off += size_t(n);
    }
}

std::string default_output(const std::string& data, const std::string& variant, const std::string& output_dir) {
    fs::path p(data);
    std::string name = p.stem().string() + (variant.empty() ? "" : "-" + variant) + ".pdf";
    return (output_dir.empty() ? p.parent_path() / name : fs::path(output_dir) / name).string();
}

bool split_manifest_line(const std::string& line, std::vector<std::string>& fields, std::string& error) {
    fields.clear();
    size_t i = 0, n = line.size();
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (true) {
        while (i < n && blank(line[i])) ++i;
        if (i >= n) break;
        if (fields.empty() && line[i] == '#') break;
        std::string f;
        if (line[i] == '"') {
            size_t start = i++;
            bool closed = false;
            while (i < n) {
                char c = line[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\' && i < n && (line[i] == '"' || line[i] == '\\')) c = line[i++];
                f += c;
            }
            if (!closed) {
                error = "unclosed quote (the field starts at column " + std::to_string(start + 1) + ")";
                return false;
            }
            if (i < n && !blank(line[i])) {
                error = "a blank must follow the closing quote at column " + std::to_string(i);
                return false;
            }
        } else {
            while (i < n && !blank(line[i])) f += line[i++];
        }
        fields.push_back(std::move(f));
    }
    return true;
}

std::vector<Job> read_manifest(std::istream& in, const std::string& name, const Options& opt) {
    std::vector<Job> jobs;
    std::string line, error;
    std::vector<std::string> f;
    for (size_t lineno = 1; std::getline(in, line); ++lineno) {
        std::string where = name + ":" + std::to_string(lineno);
        if (!split_manifest_line(line, f, error)) throw UsageError{where + ": " + error};
        if (f.empty()) continue;
        if (f.size() > 4)
            throw UsageError{where + ": " + std::to_string(f.size()) +
                             " fields; a job is DATA [LAYOUT [VARIANT [OUTPUT]]] (quote a path with blanks)"};
        auto field = [&](size_t k) { return k < f.size() && f[k] != "-" ? f[k] : std::string(); };
        if (field(0).empty()) throw UsageError{where + ": the data file must be given (not \"-\")"};
        Job j;
        j.label = where;
        j.req.data_path = field(0);
        j.req.layout = field(1).empty() ? opt.layout : field(1);
        j.req.variant = field(2).empty() && opt.variants.size() == 1 ? opt.variants[0] : field(2);
        j.req.sets = opt.sets;
        j.output = field(3).empty() ? default_output(j.req.data_path, j.req.variant, opt.output_dir) : field(3);
        jobs.push_back(std::move(j));
    }
    if (in.bad()) throw Error("cannot read the manifest", {name});
    return jobs;
}

std::vector<Job> plan_jobs(const Options& opt) {
    std::vector<Job> jobs;
    if (!opt.manifest.empty()) {
        if (opt.all_variants || opt.variants.size() > 1)
            throw UsageError{"with --manifest, name the variant of each job in the manifest"};
        if (opt.manifest == "-") {
            jobs = read_manifest(std::cin, "<stdin>", opt);
        } else {
            std::error_code ec;
            std::ifstream in(opt.manifest);
            if (!in || fs::is_directory(opt.manifest, ec))
                throw Error(std::string("cannot read manifest: ") + (in ? "it is a directory" : std::strerror(errno)),
                            {opt.manifest});
            jobs = read_manifest(in, opt.manifest, opt);
        }
    } else {
        for (const auto& data : opt.inputs) {
            std::vector<std::string> variants = opt.variants;
            std::string error;
            if (opt.all_variants) {
                try {
                    model::Cv cv = import::load_cv_any(data);
                    for (const auto& v : cv.variants) variants.push_back(v.name);
                    if (variants.empty())
                        error = format_diagnostic({data}, "error", "--all-variants: the file defines no [variants.NAME]");
                } catch (const Error& e) {
                    error = e.what();
                }
            }
            if (variants.empty()) variants.push_back("");
            for (const auto& v : variants) {
                Job j;
                j.label = data;
                j.req.data_path = data;
                j.req.layout = opt.layout;
                j.req.variant = v;
                j.req.sets = opt.sets;
                j.output = default_output(data, v, opt.output_dir);
                j.error = error;
                jobs.push_back(std::move(j));
                if (!error.empty()) break;
            }
        }
    }
    if (!opt.output.empty()) {
        if (jobs.size() > 1)
            throw UsageError{"-o names one file, but there are " + std::to_string(jobs.size()) +
                             " jobs; use -d DIR to write them into a folder"};
        for (auto& j : jobs) j.output = opt.output;
    }
    if (opt.command == Command::Render) {
        std::map<std::string, std::string> seen;
        for (const auto& j : jobs) {
            if (!j.error.empty() || j.output == "-") continue;
            std::string key = fs::absolute(j.output).lexically_normal().string();
            auto [it, fresh] = seen.emplace(key, j.label);
            if (!fresh)
                throw UsageError{it->second + " and " + j.label + " would both write " + j.output +
                                 " (give the jobs distinct outputs)"};
        }
    }
    return jobs;
}

namespace {

std::string job_error(const std::exception& ex, const Job& j) {
    if (const auto* e = dynamic_cast<const Error*>(&ex)) {
        if (!e->pos().file.empty()) return e->with_source();
        return format_diagnostic({j.label}, "error", e->message());
    }
    return format_diagnostic({j.label}, "error", ex.what());
}

}  // namespace

int run_jobs(std::vector<Job>& jobs, const Options& opt) {
    const size_t n = jobs.size();
    const bool check = opt.command == Command::Check;
    if (n == 0) {
        if (opt.verbose) std::cerr << "cvpdf: no jobs\n";
        return kOk;
    }
    if (!check && !opt.output_dir.empty()) {
        std::error_code ec;
        fs::create_directories(opt.output_dir, ec);
        if (ec && !fs::is_directory(opt.output_dir)) {
            std::cerr << format_diagnostic({opt.output_dir}, "error", "cannot create folder: " + ec.message()) << '\n';
            return kInputError;
        }
    }
    // (One job needs no count of the CPUs: that reads a file in /sys.)
    unsigned threads = opt.jobs ? opt.jobs : n == 1 ? 1u : std::max(1u, std::thread::hardware_concurrency());
    if (threads > n) threads = unsigned(n);
    const bool progress = !opt.quiet && n > 1 && ::isatty(STDERR_FILENO);

    // One font cache and shaping cache for every job and, in large batches, one prepared face
    // per font for subsetting; left to the process's end (process_exit.hpp).
    // Laid-out paragraphs are stored for a single render (a CV re-rendered after an edit), as
    // subset programs are, not for a batch of CVs, whose paragraphs would only grow the store.
    auto res_owner = make_resources(n == 1);
    layout::Resources& res = *res_owner;
    auto faces_owner = std::make_unique<pdf::PreparedFaces>();
    pdf::PreparedFaces& faces = *faces_owner;
    const bool prepare_fonts = !check && pdf::PreparedFaces::worth_it(n);
    std::mutex out_mu, write_mu;
    std::atomic<size_t> next{0};
    size_t done = 0, failed = 0;

    auto worker = [&] {
        for (;;) {
            size_t i = next++;
            if (i >= n) return;
            Job& j = jobs[i];
            std::string msg;
            bool ok = false;
            if (!j.error.empty()) {
                msg = j.error + "\n";
            } else {
                try {
                    RenderRequest req = j.req;
                    req.check_only = check;
                    if (prepare_fonts) req.fonts = &faces;
                    req.store_subsets = n == 1;
                    auto t0 = std::chrono::steady_clock::now();
                    RenderOutput out = render(req, res);
                    if (!opt.quiet)
                        for (const auto& w : out.warnings) msg += w + "\n";
                    if (!check) {
                        std::lock_guard lock(write_mu);  // one temp file at a time (its signal cleanup is global)
                        write_output(j.output, out.pdf);
                    }
                    ok = true;
                    if (opt.verbose) {
                        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                        char t[32];
                        std::snprintf(t, sizeof t, "%.1f ms", ms);
                        std::string pages = std::to_string(out.pages) + (out.pages == 1 ? " page" : " pages");
                        if (check)
                            msg += j.label + (j.req.variant.empty() ? "" : " (variant " + j.req.variant + ")") +
                                   ": ok (" + pages + ")\n";
                        else
                            msg += "cvpdf: wrote " + j.output + " (" + pages + ", " + std::to_string(out.pdf.size()) +
                                   " bytes, " + t + ")\n";
                    }
                } catch (const std::exception& e) {
                    msg += job_error(e, j) + "\n";
                }
            }
            std::lock_guard lock(out_mu);
            ++done;
            if (!ok) ++failed;
            if (progress) std::cerr << "\r\033[K";
            std::cerr << msg;
            if (progress && done < n) std::cerr << "[" << done << "/" << n << "] " << (!ok ? "" : check ? j.label : j.output);
            std::cerr.flush();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    res.save_stores();  // after the PDFs: what the next run need not shape or hyphenate again
    linebreak::Hyphenator::save_stores();
    leave_to_exit(res_owner);
    leave_to_exit(faces_owner);

    if (progress) std::cerr << "\r\033[K";
    if (n > 1 && (failed || opt.verbose || progress)) {
        std::cerr << "cvpdf: " << (n - failed) << (check ? " ok" : " written");
        if (failed) std::cerr << ", " << failed << " failed";
        std::cerr << '\n';
    }
    return failed ? kInputError : kOk;
}

}  // namespace cvpdf::cli
