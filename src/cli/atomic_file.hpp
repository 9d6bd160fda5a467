// Write a file so that readers see either the old contents or the new, never a part:
// a temporary file in the same folder, fsync, then rename over the target.
#pragma once
#include <span>
#include <string>

namespace cvpdf::cli {

// Throws cvpdf::Error naming the path on failure; the target is then untouched and the
// temporary file removed.
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes);

namespace detail {
// The two ways write_file_atomically replaces a regular file (public for the tests).
// An unnamed file (O_TMPFILE) in the target's folder, written and fsynced, then linked
// under a temporary name and renamed over the target; false, with nothing changed, where
// the file system has no O_TMPFILE or /proc is missing (linkat needs /proc/self/fd).
bool replace_via_unnamed_file(const std::string& path, std::span<const unsigned char> bytes);
// A named temporary file (mkstemp), removed by a signal handler if SIGINT, SIGTERM or
// SIGHUP arrive before the rename.
void replace_via_named_file(const std::string& path, std::span<const unsigned char> bytes);
}  // namespace detail

}  // namespace cvpdf::cli
