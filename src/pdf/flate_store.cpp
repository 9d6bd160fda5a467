#include "pdf/flate_store.hpp"

#include <libdeflate.h>

#include <string>

#include "base/kv_store.hpp"
#include "pdf/flate.hpp"

namespace cvpdf::pdf {
namespace {
constexpr std::string_view kMagic = "CVFLATE1";

// A stored value must at least be a zlib stream of `in`: its header, and a trailer holding
// the Adler-32 of `in` (what a reader checks after inflating).
bool zlib_of(std::string_view v, std::string_view in) {
    if (v.size() < 6 || static_cast<unsigned char>(v[0]) != 0x78) return false;
    const uint32_t sum = libdeflate_adler32(1, in.data(), in.size());
    const auto* t = reinterpret_cast<const unsigned char*>(v.data() + v.size() - 4);
    return (uint32_t(t[0]) << 24 | uint32_t(t[1]) << 16 | uint32_t(t[2]) << 8 | t[3]) == sum;
}
}  // namespace

FlateStore::FlateStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
FlateStore::~FlateStore() = default;

std::vector<unsigned char> FlateStore::flate(const void* data, size_t size) {
    if (dir_.empty() || size > kMaxInput) return pdf::flate(data, size);
    // The stamp's first line names the file; a new libdeflate or level makes a new file,
    // and the first save removes the old one.
    if (!file_) file_ = std::make_unique<KvFile>(dir_, "flate", kMagic, std::string("deflate\n") + flate_method());
    const std::string_view in(static_cast<const char*>(data), size);
    if (auto v = file_->find(in); v && zlib_of(*v, in)) {
        ++hits_;
        return std::vector<unsigned char>(v->begin(), v->end());
    }
    std::vector<unsigned char> out = pdf::flate(data, size);
    file_->add(std::string(in), std::string(out.begin(), out.end()));
    return out;
}

bool FlateStore::save() { return file_ && file_->save(kMaxEntries); }

}  // namespace cvpdf::pdf
