// Which build of the program is running, for caches of results its code computes.
#pragma once
#include <string>

namespace cvpdf {

// The running executable's GNU build ID (a hash the linker puts over the linked code, read
// from its program headers in memory: the same under valgrind or a renamed file), as hex;
// empty when the executable has none.
const std::string& program_build_id();

}  // namespace cvpdf
