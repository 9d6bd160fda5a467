// A whole file mapped into memory (MAP_PRIVATE): read straight from the page cache, never
// copied. Fonts and the compiled hyphenation patterns are used this way.
#pragma once
#include <cstddef>
#include <string>

namespace cvpdf {

class MappedFile {
public:
    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) { o.data_ = nullptr, o.size_ = 0; }
    MappedFile& operator=(MappedFile&& o) noexcept;
    ~MappedFile();

    // Maps `path`; 0, or an errno value (ENODEV for something that is not a regular file).
    // `writable` maps copy-on-write: writes stay in this process, the file never changes.
    // An empty file maps to data() == nullptr, size() == 0. `at` asks for the mapping to
    // start there if nothing else is mapped there; data() says where it went.
    int open(const std::string& path, bool writable = false, void* at = nullptr);

    unsigned char* data() const { return data_; }
    size_t size() const { return size_; }

private:
    unsigned char* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace cvpdf
