#include "base/build_id.hpp"

#include <cstdint>
#include <cstring>
#include <elf.h>
#include <link.h>

namespace cvpdf {
namespace {

// NT_GNU_BUILD_ID in the first object dl_iterate_phdr reports: the executable.
int find_build_id(dl_phdr_info* info, size_t, void* out_ptr) {
    auto& out = *static_cast<std::string*>(out_ptr);
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_NOTE) continue;
        const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
        size_t left = ph.p_memsz;
        while (left >= sizeof(ElfW(Nhdr))) {
            ElfW(Nhdr) nh;
            std::memcpy(&nh, p, sizeof nh);
            const size_t name_len = (nh.n_namesz + 3) & ~size_t(3), desc_len = (nh.n_descsz + 3) & ~size_t(3);
            const size_t total = sizeof nh + name_len + desc_len;
            if (total > left) break;
            const auto* name = p + sizeof nh;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
                static const char kHex[] = "0123456789abcdef";
                for (size_t k = 0; k < nh.n_descsz; ++k) {
                    const unsigned char b = name[name_len + k];
                    out += kHex[b >> 4];
                    out += kHex[b & 15];
                }
                return 1;
            }
            p += total;
            left -= total;
        }
    }
    return 1;  // only the executable, the first object, is looked at
}

}  // namespace

const std::string& program_build_id() {
    static const std::string id = [] {
        std::string s;
        dl_iterate_phdr(find_build_id, &s);
        return s;
    }();
    return id;
}

}  // namespace cvpdf
