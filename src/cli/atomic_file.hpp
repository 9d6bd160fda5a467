// Write a file so that readers see either the old contents or the new, never a part:
// a temporary file in the same folder, fsync, then rename over the target.
#pragma once
#include <span>
#include <string>

namespace cvpdf::cli {

// Throws cvpdf::Error naming the path on failure; the target is then untouched and the
// temporary file removed.
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes);

}  // namespace cvpdf::cli
