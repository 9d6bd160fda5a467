// Bounds-checked reading of little-endian cache images (shape store, subset store): a read
// past the end yields zeros and leaves ok() false for good, so a parser checks once at the end.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace cvpdf {

class ByteReader {
public:
    explicit ByteReader(std::string_view bytes) : p_(bytes.data()), n_(bytes.size()) {}
    bool ok() const { return ok_; }
    size_t at() const { return at_; }
    size_t left() const { return n_ - at_; }
    bool has(size_t k) {
        if (!ok_ || k > n_ - at_) ok_ = false;
        return ok_;
    }
    uint32_t u32() { return read<uint32_t>(); }
    uint16_t u16() { return read<uint16_t>(); }
    uint8_t u8() { return read<uint8_t>(); }
    std::string_view bytes(size_t k) {
        if (!has(k)) return {};
        std::string_view v(p_ + at_, k);
        at_ += k;
        return v;
    }
    void skip(size_t k) { bytes(k); }

private:
    template <class T>
    T read() {
        T v = 0;
        if (has(sizeof v)) std::memcpy(&v, p_ + at_, sizeof v), at_ += sizeof v;
        return v;
    }
    const char* p_;
    size_t n_, at_ = 0;
    bool ok_ = true;
};

// Appends `v` as little-endian bytes (the images' byte order; big-endian hosts keep no images).
inline void put_u32(std::string& s, uint32_t v) {
    char b[4];
    std::memcpy(b, &v, 4);
    s.append(b, 4);
}

}  // namespace cvpdf
