#include "dynload/dynload.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <mutex>
#include <string>

namespace cvpdf::dynload {
namespace {

// Debian 12's sonames: the ones the -dev packages' libraries link against.
constexpr const char* kSonames[kLibraryCount] = {"libharfbuzz.so.0", "libharfbuzz-subset.so.0", "libfreetype.so.6"};

std::once_flag g_once[kLibraryCount];
void* g_handle[kLibraryCount] = {};

[[noreturn]] void die(const char* what, const char* detail) {
    // Not stdio: this may run while another thread holds stdout's lock.
    std::string msg = std::string("cvpdf: ") + what + (detail ? std::string(": ") + detail : std::string()) +
                      " (is the package installed? cvpdf needs it for this document)\n";
    (void)!::write(STDERR_FILENO, msg.data(), msg.size());
    ::_exit(70);  // EX_SOFTWARE; no output file has been started while fonts are being read
}

}  // namespace

void* symbol(Library lib, const char* name) {
    std::call_once(g_once[lib], [lib] {
        g_handle[lib] = ::dlopen(kSonames[lib], RTLD_LAZY | RTLD_LOCAL);
        if (!g_handle[lib]) die((std::string("cannot load ") + kSonames[lib]).c_str(), ::dlerror());
    });
    void* fn = ::dlsym(g_handle[lib], name);
    if (!fn) die((std::string("no function ") + name + " in " + kSonames[lib]).c_str(), ::dlerror());
    return fn;
}

}  // namespace cvpdf::dynload
