// Memory for libharu's objects. libharu allocates every name, number, dictionary entry and
// stream buffer on its own (30,900 blocks for a 20-page CV, 2,400 for one page) and frees
// them one by one when the document is freed; through malloc that was 5 % of a render.
// Here blocks are carved from 64 KiB chunks, freed blocks are reused by size, and the
// chunks are released together.
//
// libharu's allocation hooks take no user data, so the arena is per thread: every HaruDoc
// alive on a thread shares it, and it is emptied when the last one is destroyed. A HaruDoc
// must therefore be created and destroyed on the same thread (write_pdf's is a local).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace cvpdf::pdf {

class HaruArena {
public:
    HaruArena();
    ~HaruArena();
    HaruArena(const HaruArena&) = delete;
    HaruArena& operator=(const HaruArena&) = delete;

    // 16-byte aligned; nullptr only when the system is out of memory.
    void* allocate(size_t size);
    // A block from allocate(); aborts on a block that is not live (a double free).
    void release(void* block);

    size_t chunk_bytes() const;  // held in chunks, for tests
    size_t live_blocks() const { return live_; }

    // The arena of this thread, held while a HaruDoc uses it (see above).
    static HaruArena& acquire();
    static void unacquire();
    // libharu's hooks: the calling thread's arena.
    static void* hook_alloc(unsigned size);
    static void hook_free(void* block);

private:
    struct Header;
    static constexpr size_t kAlign = 16;
    static constexpr size_t kChunk = 64 * 1024;
    static constexpr size_t kMaxPooled = 8 * 1024;  // larger blocks go to malloc

    std::vector<std::unique_ptr<unsigned char[]>> chunks_;
    unsigned char* next_ = nullptr;  // free space in the newest chunk
    unsigned char* end_ = nullptr;
    std::vector<Header*> free_;  // per size class (size / kAlign): a linked list of freed blocks
    size_t live_ = 0;
};

}  // namespace cvpdf::pdf
