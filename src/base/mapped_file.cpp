#include "base/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace cvpdf {

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
    if (this != &o) {
        this->~MappedFile();
        data_ = o.data_, size_ = o.size_;
        o.data_ = nullptr, o.size_ = 0;
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(data_, size_);
}

int MappedFile::open(const std::string& path, bool writable, void* at) {
    *this = MappedFile();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    struct stat st {};
    int err = 0;
    if (::fstat(fd, &st) != 0) err = errno;
    else if (!S_ISREG(st.st_mode)) err = ENODEV;
    else if (st.st_size > 0) {
        const int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ;
        void* p = MAP_FAILED;
        // MAP_FIXED_NOREPLACE fails rather than replace a mapping; kernels before 4.17 take
        // `at` as a hint and may map elsewhere.
        if (at) p = ::mmap(at, size_t(st.st_size), prot, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
        if (p == MAP_FAILED) p = ::mmap(nullptr, size_t(st.st_size), prot, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) err = errno;
        else data_ = static_cast<unsigned char*>(p), size_ = size_t(st.st_size);
    }
    ::close(fd);
    return err;
}

}  // namespace cvpdf
