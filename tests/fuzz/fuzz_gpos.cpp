// Fuzz the GPOS reader behind the mark-attachment shortcut (src/shape/gpos_marks.*) on raw
// table bytes: a user's font file is untrusted input, and a count offset outside the table
// would make Font patch memory it does not own.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "shape/gpos_marks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const unsigned char> table(data, size);
    const auto coverage = cvpdf::shape::mark_feature_coverage(table, 4096);
    if (coverage && coverage->size() != 4096) abort();
    for (uint32_t at : cvpdf::shape::mark_only_lookup_counts(table))
        if (size_t(at) + 2 > size) abort();
    return 0;
}
