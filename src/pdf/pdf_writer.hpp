// Positioned pages → PDF bytes through libharu. Knows nothing about CVs.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "page/page.hpp"

namespace cvpdf::pdf {

class PreparedFaces;

struct WriteOptions {
    bool compress = true;
    PreparedFaces* prepared = nullptr;  // batches: fonts prepared once for repeated subsetting
    // Where subset font programs and small deflated streams are kept between runs
    // (subset_store.hpp, flate_store.hpp); empty: nowhere.
    std::filesystem::path subset_store;
};

// Render `doc` to a complete PDF in memory. Deterministic: the same document gives the same
// bytes (no wall-clock time, no random IDs: dates come from doc.meta.timestamp, the /ID
// and subset tags from a hash of the content). Throws cvpdf::Error on failure (e.g. a
// font that cannot be subset or embedded).
std::vector<unsigned char> write_pdf(const page::Document& doc, const WriteOptions& opts = {});

}  // namespace cvpdf::pdf
