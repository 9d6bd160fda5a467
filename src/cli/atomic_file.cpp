#include "cli/atomic_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "base/error.hpp"

namespace cvpdf::cli {

namespace {

// The temporary file being written, for the signal handler: on SIGINT/SIGTERM/SIGHUP it is
// unlinked (async-signal-safe) and the signal re-raised with its default action, so an
// interrupted run leaves neither a stray temp file nor a changed target.
char g_temp_path[PATH_MAX];
volatile sig_atomic_t g_temp_active = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temp_and_reraise(int sig) {
    if (g_temp_active) {
        ::unlink(g_temp_path);
        g_temp_active = 0;
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

// Installs the handler for the duration of one write (signals the user chose to ignore
// stay ignored) and restores the previous actions afterwards.
class SignalGuard {
public:
    SignalGuard() {
        for (size_t i = 0; i < std::size(kSignals); ++i) {
            struct sigaction sa {};
            sa.sa_handler = remove_temp_and_reraise;
            sigemptyset(&sa.sa_mask);
            installed_[i] = sigaction(kSignals[i], nullptr, &old_[i]) == 0 && old_[i].sa_handler != SIG_IGN &&
                            sigaction(kSignals[i], &sa, nullptr) == 0;
        }
    }
    ~SignalGuard() {
        g_temp_active = 0;
        for (size_t i = 0; i < std::size(kSignals); ++i)
            if (installed_[i]) sigaction(kSignals[i], &old_[i], nullptr);
    }
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

private:
    struct sigaction old_[std::size(kSignals)];
    bool installed_[std::size(kSignals)] = {};
};

// Blocks the handled signals while the temp path is being published to the handler.
class BlockSignals {
public:
    BlockSignals() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : kSignals) sigaddset(&set, s);
        sigprocmask(SIG_BLOCK, &set, &old_);
    }
    ~BlockSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

private:
    sigset_t old_;
};

[[noreturn]] void fail_write(const std::string& path, const char* what, int err) {
    throw Error(std::string("cannot write the PDF: ") + (what ? std::string(what) + ": " : "") + std::strerror(err), {path});
}

bool write_all(int fd, std::span<const unsigned char> bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        off += size_t(n);
    }
    return true;
}

// The temporary name in the target's folder: "<folder>/.<name>." + `suffix`.
std::string temp_name(const std::string& path, std::string_view suffix) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    fs::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    return (dir / std::string(1, '.').append(target.filename().string()).append(".")).string().append(suffix);
}

}  // namespace

namespace detail {

bool replace_via_unnamed_file(const std::string& path, std::span<const unsigned char> bytes) {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    // Created with 0666 so that the kernel applies the umask (or the folder's default ACL)
    // as it does for any new file.
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) return false;  // no O_TMPFILE here
        fail_write(path, nullptr, errno);
    }
    auto fail = [&](const char* what) {
        const int err = errno;
        ::close(fd);
        fail_write(path, what, err);
    };
    // Until it is linked the file has no name: a signal or a crash before then leaves
    // nothing behind.
    if (!write_all(fd, bytes)) fail("write");
    if (::fsync(fd) != 0) fail("fsync");
    char self[32];
    std::snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    // Linked under a temporary name, then renamed over the target. The handler removes
    // the name if a signal comes in between (held back on this thread, but another thread
    // of a batch may take it).
    SignalGuard guard;
    BlockSignals block;
    std::string tmp;
    for (unsigned attempt = 0;; ++attempt) {
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, "%x%x", unsigned(::getpid()), attempt);
        tmp = temp_name(path, suffix);
        if (tmp.size() >= sizeof g_temp_path) {
            errno = ENAMETOOLONG;
            fail(nullptr);
        }
        std::memcpy(g_temp_path, tmp.c_str(), tmp.size() + 1);
        if (::linkat(AT_FDCWD, self, AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
        if (errno == EEXIST && attempt < 100) continue;
        if (errno == ENOENT && ::access(self, F_OK) != 0) {  // no /proc
            ::close(fd);
            return false;
        }
        fail("link");
    }
    g_temp_active = 1;
    auto fail_linked = [&](const char* what, int err) {
        ::unlink(tmp.c_str());
        g_temp_active = 0;
        fail_write(path, what, err);
    };
    if (::close(fd) != 0) fail_linked("close", errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail_linked(nullptr, errno);
    g_temp_active = 0;
    return true;
}

void replace_via_named_file(const std::string& path, std::span<const unsigned char> bytes) {
    std::string tmpl = temp_name(path, "XXXXXX");
    if (tmpl.size() >= sizeof g_temp_path) fail_write(path, nullptr, ENAMETOOLONG);
    SignalGuard guard;
    int fd;
    {
        BlockSignals block;
        fd = mkstemp(tmpl.data());
        if (fd < 0) fail_write(path, nullptr, errno);
        std::memcpy(g_temp_path, tmpl.c_str(), tmpl.size() + 1);
        g_temp_active = 1;
    }
    auto fail = [&](const char* what) {
        int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        g_temp_active = 0;
        fail_write(path, what, err);
    };
    if (!write_all(fd, bytes)) fail("write");
    // mkstemp creates 0600; a PDF is an ordinary document, readable as umask allows.
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) fail("chmod");
    if (fsync(fd) != 0) fail("fsync");
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        g_temp_active = 0;
        fail_write(path, "close", err);
    }
    BlockSignals block;  // rename and un-publish together
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmpl.c_str());
        g_temp_active = 0;
        fail_write(path, nullptr, err);
    }
    g_temp_active = 0;
}

}  // namespace detail

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes) {
    // A target that exists but is not a regular file (/dev/full, a FIFO, /dev/stdout) can
    // not be replaced by renaming: write to it directly and report any failure.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) fail_write(path, nullptr, EISDIR);
        if (!S_ISREG(st.st_mode)) {
            int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
            if (fd < 0) fail_write(path, nullptr, errno);
            if (!write_all(fd, bytes)) {
                int err = errno;
                ::close(fd);
                fail_write(path, "write", err);
            }
            if (::close(fd) != 0) fail_write(path, "close", errno);
            return;
        }
    }
    // An unnamed file (O_TMPFILE) where the file system has them: nothing shows in the
    // folder until the data is on disk, and fsync has no new folder entry to write.
    if (!detail::replace_via_unnamed_file(path, bytes)) detail::replace_via_named_file(path, bytes);
}

}  // namespace cvpdf::cli
