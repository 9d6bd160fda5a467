// --watch: inotify on the folders of the data, layout and font files (editors often save
// by writing a new file and renaming it over the old, so files are matched by name).
// Latency from a save to the renamed PDF is one warm render (~10 ms for the seed).
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "cli/batch.hpp"
#include "linebreak/hyphenate.hpp"

namespace cvpdf::cli {
namespace fs = std::filesystem;

namespace {

class Watcher {
public:
    Watcher() : fd_(inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) {
        if (fd_ < 0) throw Error(std::string("cannot watch files: inotify: ") + std::strerror(errno));
    }
    ~Watcher() { ::close(fd_); }
    int fd() const { return fd_; }

    // Watch `file` (by name, in its folder). Returns false if the folder cannot be watched.
    bool add(const std::string& file) {
        fs::path p = fs::absolute(file).lexically_normal();
        std::string dir = p.parent_path().string(), name = p.filename().string();
        auto it = dirs_.find(dir);
        if (it == dirs_.end()) {
            int wd = inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR);
            if (wd < 0) return false;
            it = dirs_.emplace(dir, wd).first;
            by_wd_[wd] = dir;
        }
        names_.insert(dir + "/" + name);
        return true;
    }
    // Reads pending events; returns the names of watched files that changed.
    std::set<std::string> read() {
        std::set<std::string> changed;
        alignas(inotify_event) char buf[16384];
        for (;;) {
            ssize_t len = ::read(fd_, buf, sizeof buf);
            if (len <= 0) break;
            for (char* p = buf; p < buf + len;) {
                auto* ev = reinterpret_cast<inotify_event*>(p);
                p += sizeof(inotify_event) + ev->len;
                if (!ev->len) continue;
                auto d = by_wd_.find(ev->wd);
                if (d == by_wd_.end()) continue;
                std::string full = d->second + "/" + ev->name;
                if (names_.count(full)) changed.insert(full);
            }
        }
        return changed;
    }

private:
    int fd_;
    std::map<std::string, int> dirs_;
    std::map<int, std::string> by_wd_;
    std::set<std::string> names_;
};

}  // namespace

int watch(const Job& job, const Options& opt) {
    // SIGINT/SIGTERM/SIGHUP end the loop between renders, never in the middle of a write.
    sigset_t sigs;
    sigemptyset(&sigs);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&sigs, s);
    sigprocmask(SIG_BLOCK, &sigs, nullptr);
    int sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);

    Watcher w;
    std::set<std::string> fonts;  // absolute paths of font files: a change there needs a fresh cache
    auto res = make_resources(true);
    auto watch_inputs = [&](const std::vector<std::string>& files) {
        for (const auto& f : files)
            if (!w.add(f) && !opt.quiet) std::cerr << "cvpdf: warning: cannot watch " << f << '\n';
    };
    watch_inputs({job.req.data_path});
    if (!job.req.layout.empty() && fs::exists(job.req.layout)) watch_inputs({job.req.layout});

    auto render_once = [&] {
        auto t0 = std::chrono::steady_clock::now();
        try {
            RenderRequest req = job.req;
            req.store_subsets = true;
            RenderOutput out = render(req, *res);
            write_output(job.output, out.pdf);
            res->save_stores();
            linebreak::Hyphenator::save_stores();
            double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (!opt.quiet) {
                for (const auto& w : out.warnings) std::cerr << w << '\n';
                char t[32];
                std::snprintf(t, sizeof t, "%.1f", ms);
                std::cerr << "rendered " << job.output << " in " << t << " ms";
                if (opt.verbose) std::cerr << " (" << out.pages << (out.pages == 1 ? " page)" : " pages)");
                std::cerr << '\n';
            }
            watch_inputs(out.inputs);
            for (size_t i = 0; i < out.inputs.size(); ++i)
                if (out.inputs[i] != job.req.layout) fonts.insert(fs::absolute(out.inputs[i]).lexically_normal().string());
        } catch (const std::exception& e) {
            const auto* err = dynamic_cast<const Error*>(&e);
            std::cerr << (err && !err->pos().file.empty() ? err->with_source()
                                                           : format_diagnostic({job.req.data_path}, "error",
                                                                               err ? err->message() : e.what()))
                      << '\n';
            std::error_code ec;
            if (fs::exists(job.output, ec)) std::cerr << "cvpdf: kept the last good " << job.output << '\n';
        }
        std::cerr.flush();
    };

    render_once();
    if (opt.verbose) std::cerr << "cvpdf: watching for changes; Ctrl-C stops\n";
    for (;;) {
        pollfd fds[2] = {{w.fd(), POLLIN, 0}, {sfd, POLLIN, 0}};
        if (poll(fds, sfd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (sfd >= 0 && (fds[1].revents & POLLIN)) break;
        std::set<std::string> changed = w.read();
        if (changed.empty()) continue;
        // No debounce: only completed writes (close after writing, rename into place) are
        // watched, so the file is whole now. Events that arrive while rendering are read on
        // the next turn and render once more, so the last save always wins.
        for (const auto& c : changed)
            if (fonts.count(c)) {
                res = make_resources(true);  // reload fonts from disk
                break;
            }
        if (opt.verbose)
            for (const auto& c : changed) std::cerr << "cvpdf: changed: " << c << '\n';
        render_once();
    }
    if (sfd >= 0) ::close(sfd);
    return kOk;
}

}  // namespace cvpdf::cli
