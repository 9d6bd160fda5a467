#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "pdf/haru.hpp"
#include "pdf/haru_arena.hpp"

using cvpdf::pdf::HaruArena;
using cvpdf::pdf::HaruDoc;

TEST_CASE("HaruArena: aligned, distinct, writable blocks of every size") {
    HaruArena a;
    std::vector<std::pair<unsigned char*, size_t>> blocks;
    for (size_t size : {size_t(0), size_t(1), size_t(15), size_t(16), size_t(17), size_t(4096), size_t(8192),
                        size_t(8193), size_t(100000)}) {
        auto* p = static_cast<unsigned char*>(a.allocate(size));
        REQUIRE(p);
        CHECK(reinterpret_cast<uintptr_t>(p) % 16 == 0);
        std::memset(p, int(size & 0xFF), size);
        blocks.push_back({p, size});
    }
    CHECK(a.live_blocks() == blocks.size());
    for (auto [p, size] : blocks)  // nothing overlapped: every block still holds its own byte
        for (size_t i = 0; i < size; ++i) REQUIRE(p[i] == (size & 0xFF));
    for (auto [p, size] : blocks) a.release(p);
    CHECK(a.live_blocks() == 0);
    a.release(nullptr);  // as free(NULL)
}

TEST_CASE("HaruArena: a freed block is reused for the next block of its size class") {
    HaruArena a;
    void* p = a.allocate(40);
    void* q = a.allocate(40);
    a.release(p);
    CHECK(a.allocate(33) == p);  // 33 and 40 both take 48 bytes
    CHECK(a.allocate(40) != q);
    // Thousands of short-lived blocks of one size stay in one chunk.
    for (int i = 0; i < 10000; ++i) a.release(a.allocate(24));
    CHECK(a.chunk_bytes() == 64 * 1024);
    // Many live blocks take more chunks; large ones take none.
    std::set<void*> live;
    for (int i = 0; i < 5000; ++i) live.insert(a.allocate(100));
    CHECK(live.size() == 5000);
    CHECK(a.chunk_bytes() >= 5000 * 112);
    const size_t before = a.chunk_bytes();
    void* big = a.allocate(1 << 20);
    CHECK(a.chunk_bytes() == before);
    a.release(big);
}

TEST_CASE("HaruArena: documents on one thread share the arena until the last is freed") {
    auto first = std::make_unique<HaruDoc>();
    HaruDoc second;
    HaruArena& shared = HaruArena::acquire();  // the same arena both documents allocate from
    CHECK(shared.live_blocks() > 0);
    const size_t with_both = shared.live_blocks();
    HPDF_AddPage(first->get());
    first.reset();  // the second document's objects stay valid
    CHECK(shared.live_blocks() < with_both);
    CHECK(HPDF_AddPage(second.get()) != nullptr);
    CHECK(HPDF_SaveToStream(second.get()) == HPDF_OK);
    CHECK(HPDF_GetStreamSize(second.get()) > 100);
    HaruArena::unacquire();
}

TEST_CASE("saved_document: the same bytes as libharu's own stream reader") {
    for (int pages : {1, 3, 40}) {  // one buffer, a few, many
        HaruDoc doc;
        for (int i = 0; i < pages; ++i) {
            HPDF_Page page = HPDF_AddPage(doc.get());
            REQUIRE(page);
            HPDF_Page_SetWidth(page, 300 + i);
        }
        REQUIRE(HPDF_SaveToStream(doc.get()) == HPDF_OK);
        const std::vector<unsigned char> fast = cvpdf::pdf::saved_document(doc);
        REQUIRE(HPDF_ResetStream(doc.get()) == HPDF_OK);
        std::vector<unsigned char> slow(HPDF_GetStreamSize(doc.get()));
        HPDF_UINT32 got = HPDF_UINT32(slow.size());
        HPDF_ReadFromStream(doc.get(), slow.data(), &got);
        CHECK(got == slow.size());
        CHECK(fast == slow);
        CHECK(std::string(fast.begin(), fast.begin() + 5) == "%PDF-");
        MESSAGE(pages << " pages: " << fast.size() << " bytes");
    }
}
