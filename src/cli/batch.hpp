// Jobs: what to render (from arguments or a manifest), and running them on threads.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/render.hpp"

namespace cvpdf::cli {

struct Job {
    RenderRequest req;
    std::string output;  // path, or "-" for standard output
    std::string label;   // names the job in messages: "jobs.txt:3" or the data file
    std::string error;   // set when the job is known bad before it runs (formatted message)
};

// One manifest line split into fields (blank-separated, "double quotes" group, `\"` and
// `\\` inside quotes). Returns false with `error` set on a malformed line. A blank or
// #comment line gives no fields.
bool split_manifest_line(const std::string& line, std::vector<std::string>& fields, std::string& error);

// Jobs from a manifest (`name` is for messages). Throws UsageError at a malformed line.
std::vector<Job> read_manifest(std::istream& in, const std::string& name, const Options& opt);

// The default output of a job: DIR/STEM[-VARIANT].pdf, DIR = output_dir or the data's folder.
std::string default_output(const std::string& data, const std::string& variant, const std::string& output_dir);

// All jobs the options ask for. Throws UsageError (-o with several jobs, two jobs writing
// one file, an unreadable manifest).
std::vector<Job> plan_jobs(const Options& opt);

// Runs the jobs on opt.jobs threads sharing one layout::Resources; returns the exit status.
int run_jobs(std::vector<Job>& jobs, const Options& opt);

// --watch: render, then again on every change of the data, layout or font files.
int watch(const Job& job, const Options& opt);

// Writes a PDF to `path` ("-" = standard output) atomically. Throws cvpdf::Error.
void write_output(const std::string& path, const std::vector<unsigned char>& pdf);

}  // namespace cvpdf::cli
