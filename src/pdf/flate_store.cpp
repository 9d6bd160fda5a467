#include "pdf/flate_store.hpp"

#include <libdeflate.h>

#include <string>

#include "base/kv_store.hpp"
#include "pdf/flate.hpp"

namespace cvpdf::pdf {
namespace {
// A stored value is used only if it inflates to exactly `in`: a damaged file (past its
// CRC-32) can cost the compression, never a stream that reads back wrong. Inflating a few
// hundred bytes costs a tenth of deflating them.
bool inflates_to(libdeflate_decompressor* d, std::string_view v, std::string_view in) {
    thread_local std::string out;
    out.resize(in.size());
    size_t n = 0;
    return libdeflate_zlib_decompress(d, v.data(), v.size(), out.data(), out.size(), &n) == LIBDEFLATE_SUCCESS &&
           n == in.size() && out == in;
}

struct DecompressorDeleter {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};
}  // namespace

FlateStore::FlateStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
FlateStore::~FlateStore() = default;

std::vector<unsigned char> FlateStore::flate(const void* data, size_t size) {
    if (dir_.empty() || size > kMaxInput) return pdf::flate(data, size);
    // The stamp's first line names the file; a new libdeflate or level makes a new file,
    // and the first save removes the old one.
    if (!file_) file_ = std::make_unique<KvFile>(dir_, "flate", kMagic, stamp());
    const std::string_view in(static_cast<const char*>(data), size);
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> d(libdeflate_alloc_decompressor());
    if (auto v = file_->find(in); v && d && inflates_to(d.get(), *v, in)) {
        ++hits_;
        return std::vector<unsigned char>(v->begin(), v->end());
    }
    std::vector<unsigned char> out = pdf::flate(data, size);
    file_->add(std::string(in), std::string(out.begin(), out.end()));
    return out;
}

std::string FlateStore::stamp() { return std::string("deflate\n") + flate_method(); }

bool FlateStore::save() { return file_ && file_->save(kMaxEntries); }

}  // namespace cvpdf::pdf
