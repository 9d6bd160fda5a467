// How a cvpdf process ends.
#pragma once
#include <memory>

namespace cvpdf::cli {

#if defined(__SANITIZE_ADDRESS__) || defined(CVPDF_FULL_TEARDOWN)
inline constexpr bool kFullTeardown = true;
#else
inline constexpr bool kFullTeardown = false;
#endif

// The last step of main(): flushes standard output and error and ends the process with
// `code` (1 instead of 0 when standard output could not be written).
//
// Release builds end with _exit, as compilers do (clang's -disable-free): the kernel takes
// back a process's memory and mappings in one sweep, while unmapping every font and freeing
// the caches object by object first was about 3 % of a cold re-render's time (perf: munmap
// 2.6 %, the shaping cache's destructor 0.4 %). Sanitizer builds return normally, so
// LeakSanitizer still checks that everything is freed.
[[noreturn]] void exit_process(int code);

// For an object whose last task would be to free itself just before exit_process: release
// builds leave it to the kernel, sanitizer builds destroy it here.
template <class T>
void leave_to_exit(std::unique_ptr<T>& p) {
    if constexpr (kFullTeardown) p.reset();
    else (void)p.release();
}

}  // namespace cvpdf::cli
