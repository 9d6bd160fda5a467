#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "pdf/flate.hpp"
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

namespace {

// The document libharu itself saves into its memory stream, read back with its own reader.
std::vector<unsigned char> libharu_saved(const HaruDoc& doc) {
    REQUIRE(HPDF_SaveToStream(doc.get()) == HPDF_OK);
    std::vector<unsigned char> bytes(HPDF_GetStreamSize(doc.get()));
    HPDF_UINT32 got = HPDF_UINT32(bytes.size());
    HPDF_ReadFromStream(doc.get(), bytes.data(), &got);
    REQUIRE(got == bytes.size());
    return bytes;
}

void add_pages(HaruDoc& doc, int pages) {
    for (int i = 0; i < pages; ++i) {
        HPDF_Page page = HPDF_AddPage(doc.get());
        REQUIRE(page);
        HPDF_Page_SetWidth(page, HPDF_REAL(300 + i));
    }
}

std::vector<unsigned char> pattern(size_t size) {
    std::vector<unsigned char> v(size);
    for (size_t i = 0; i < size; ++i) v[i] = static_cast<unsigned char>((i * 7 + i / 251) & 0xFF);
    return v;
}

}  // namespace

TEST_CASE("save_document: the same bytes as libharu's own memory stream") {
    for (int pages : {1, 3, 40}) {  // one 4 KiB block, a few, many
        HaruDoc a, b;
        add_pages(a, pages);
        add_pages(b, pages);
        const std::vector<unsigned char> direct = cvpdf::pdf::save_document(a);
        CHECK(direct == libharu_saved(b));
        CHECK(std::string(direct.begin(), direct.begin() + 5) == "%PDF-");
        CHECK(cvpdf::pdf::save_document(a) == direct);  // saving again: the same bytes
        MESSAGE(pages << " pages: " << direct.size() << " bytes");
    }
}

TEST_CASE("stream objects: their bytes are written as libharu writes its own streams, at every size") {
    // Sizes around libharu's 4 KiB copy buffer: its loop must see the end exactly once.
    for (size_t size : {size_t(0), size_t(1), size_t(4095), size_t(4096), size_t(4097), size_t(8192),
                        size_t(100000)}) {
        CAPTURE(size);
        const std::vector<unsigned char> data = pattern(size);
        HaruDoc ours, theirs;
        add_pages(ours, 1);
        add_pages(theirs, 1);
        HPDF_Dict s1 = cvpdf::pdf::new_stream(ours, data.data(), data.size(), false);
        HPDF_Dict s2 = HPDF_DictStream_New(theirs.mmgr(), theirs.xref());
        REQUIRE(s1);
        REQUIRE(s2);
        s2->filter = HPDF_STREAM_FILTER_NONE;
        if (size) REQUIRE(HPDF_Stream_Write(s2->stream, data.data(), HPDF_UINT(size)) == HPDF_OK);
        const std::vector<unsigned char> direct = cvpdf::pdf::save_document(ours);
        CHECK(direct == libharu_saved(theirs));
        CHECK(cvpdf::pdf::save_document(ours) == direct);  // the stream is read from its start again
    }
}

TEST_CASE("stream objects: compressed bytes follow their /Filter, and a stream is written once") {
    const std::vector<unsigned char> data = pattern(30000);
    HaruDoc doc;
    add_pages(doc, 1);
    HPDF_Dict s = cvpdf::pdf::new_stream(doc, data.data(), data.size(), true);
    const std::vector<unsigned char> pdf = cvpdf::pdf::save_document(doc);
    const std::string text(pdf.begin(), pdf.end());
    const std::vector<unsigned char> z = cvpdf::pdf::flate(data.data(), data.size());
    const std::string body = "/Filter /FlateDecode\012>>\012stream\015\012" + std::string(z.begin(), z.end()) + "\012endstream";
    CHECK(text.find(body) != std::string::npos);
    CHECK_THROWS_AS(cvpdf::pdf::write_stream(doc, s, "x", 1, false), cvpdf::Error);  // has a /Filter hook
    HPDF_Dict plain = cvpdf::pdf::new_stream(doc, "abc", 3, false);
    CHECK_THROWS_AS(cvpdf::pdf::write_stream(doc, plain, "x", 1, false), cvpdf::Error);  // holds its bytes
    CHECK(doc.stream_bytes() == z.size() + 3);
}

TEST_CASE("raw entries: written verbatim after a dictionary's own, once per dictionary") {
    HaruDoc doc;
    add_pages(doc, 1);
    HPDF_Dict d = cvpdf::pdf::new_indirect_dict(doc, "Font");
    REQUIRE(HPDF_Dict_AddNumber(d, "DW", 1000) == HPDF_OK);
    std::string w = "/W [";
    for (double v : {500.0, 250.125, 333.3, -12.5}) {
        cvpdf::pdf::append_eighths(w, v);
        w += ' ';
    }
    w += "]\012";
    CHECK(w == "/W [500 250.125 333.25 -12.5 ]\012");  // multiples of 1/8, as array_add_num
    cvpdf::pdf::add_raw_entries(doc, d, w);
    const std::vector<unsigned char> pdf = cvpdf::pdf::save_document(doc);
    const std::string text(pdf.begin(), pdf.end());
    CHECK(text.find("/DW 1000\012/W [500 250.125 333.25 -12.5 ]\012>>") != std::string::npos);
    CHECK_THROWS_AS(cvpdf::pdf::add_raw_entries(doc, d, "/X 1\012"), cvpdf::Error);
}
