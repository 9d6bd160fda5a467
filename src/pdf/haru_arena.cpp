#include "pdf/haru_arena.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define CVPDF_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define CVPDF_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define CVPDF_POISON(p, n) ((void)(p), (void)(n))
#define CVPDF_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace cvpdf::pdf {

// Before every block: its size and state, and the next free block while it is free.
struct HaruArena::Header {
    uint32_t size;  // usable bytes, a multiple of kAlign
    uint32_t state;
    Header* next;
};

namespace {
constexpr uint32_t kLive = 0x4556494c, kFree = 0x45455246, kLarge = 0x4752414c;  // LIVE, FREE, LARG
}

HaruArena::HaruArena() : free_(kMaxPooled / kAlign + 1, nullptr) {}

HaruArena::~HaruArena() {
    for (auto& c : chunks_) CVPDF_UNPOISON(c.get(), kChunk);
}

size_t HaruArena::chunk_bytes() const { return chunks_.size() * kChunk; }

void* HaruArena::allocate(size_t size) {
    static_assert(sizeof(Header) == kAlign);
    const size_t rounded = (std::max<size_t>(size, 1) + kAlign - 1) / kAlign * kAlign;
    Header* h = nullptr;
    if (rounded > kMaxPooled) {
        if (rounded > UINT32_MAX) return nullptr;
        h = static_cast<Header*>(std::malloc(sizeof(Header) + rounded));
        if (!h) return nullptr;
        h->state = kLarge;
    } else if (Header*& head = free_[rounded / kAlign]; head) {
        h = head;
        head = h->next;
        h->state = kLive;
    } else {
        if (size_t(end_ - next_) < sizeof(Header) + rounded) {
            chunks_.emplace_back(new (std::nothrow) unsigned char[kChunk]);
            if (!chunks_.back()) {
                chunks_.pop_back();
                return nullptr;
            }
            next_ = chunks_.back().get();
            end_ = next_ + kChunk;
            CVPDF_POISON(next_, kChunk);
        }
        h = reinterpret_cast<Header*>(next_);
        next_ += sizeof(Header) + rounded;
        CVPDF_UNPOISON(h, sizeof(Header));
        h->state = kLive;
    }
    h->size = uint32_t(rounded);
    h->next = nullptr;
    ++live_;
    CVPDF_UNPOISON(h + 1, rounded);
    return h + 1;
}

void HaruArena::release(void* block) {
    if (!block) return;
    Header* h = static_cast<Header*>(block) - 1;
    --live_;
    if (h->state == kLarge) {
        h->state = kFree;
        std::free(h);
        return;
    }
    if (h->state != kLive || h->size > kMaxPooled) std::abort();  // not ours, or freed twice
    h->state = kFree;
    h->next = free_[h->size / kAlign];
    free_[h->size / kAlign] = h;
    CVPDF_POISON(h + 1, h->size);
}

namespace {
struct ThreadArena {
    std::unique_ptr<HaruArena> arena;
    int users = 0;
};
thread_local ThreadArena tl_arena;
}  // namespace

HaruArena& HaruArena::acquire() {
    if (!tl_arena.arena) tl_arena.arena = std::make_unique<HaruArena>();
    ++tl_arena.users;
    return *tl_arena.arena;
}

void HaruArena::unacquire() {
    if (--tl_arena.users == 0) tl_arena.arena.reset();
}

void* HaruArena::hook_alloc(unsigned size) { return tl_arena.arena ? tl_arena.arena->allocate(size) : nullptr; }

void HaruArena::hook_free(void* block) {
    if (!tl_arena.arena) std::abort();  // a document freed on a thread that did not make it
    tl_arena.arena->release(block);
}

}  // namespace cvpdf::pdf
