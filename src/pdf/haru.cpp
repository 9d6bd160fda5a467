#include "pdf/haru.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "base/error.hpp"
#include "pdf/flate.hpp"
#include "pdf/haru_arena.hpp"
#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {

void HaruDoc::on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) noexcept {
    auto* self = static_cast<HaruDoc*>(user_data);
    if (self->error_ == HPDF_OK) {
        self->error_ = error_no;
        self->detail_ = detail_no;
    }
}

HaruDoc::HaruDoc() {
    // Not libharu 2.3.0's own memory pool: it hands out unaligned blocks (UBSan: misaligned
    // struct access). The thread's HaruArena instead (see haru_arena.hpp).
    HaruArena::acquire();
    doc_ = HPDF_NewEx(&HaruDoc::on_error, &HaruArena::hook_alloc, &HaruArena::hook_free, 0, this);
    if (!doc_) {
        HaruArena::unacquire();
        throw Error("PDF: libharu could not create a document (out of memory)");
    }
}

HaruDoc::~HaruDoc() {
    HPDF_Free(doc_);
    HaruArena::unacquire();
}

void HaruDoc::check(const char* what, HPDF_STATUS status) const {
    if (status == HPDF_OK && ok()) return;
    HPDF_STATUS code = error_ != HPDF_OK ? error_ : HPDF_GetError(doc_);
    if (code == HPDF_OK) code = status;
    char buf[96];
    std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u)", unsigned(code),
                  unsigned(error_ != HPDF_OK ? detail_ : HPDF_GetErrorDetail(doc_)));
    throw Error(std::string("PDF: ") + what + " failed: " + buf);
}

namespace {

// The document's bytes as libharu writes them. libharu's own memory stream copies byte by
// byte into 4 KiB blocks that then had to be copied out again.
struct Output {
    std::vector<unsigned char> bytes;
    bool failed = false;
};

HPDF_STATUS append_output(HPDF_Stream s, const HPDF_BYTE* p, HPDF_UINT n) noexcept {
    auto* out = static_cast<Output*>(s->attr);
    try {
        out->bytes.insert(out->bytes.end(), p, p + n);
        return HPDF_OK;
    } catch (...) {  // never through libharu's C frames
        out->failed = true;
        return HPDF_SetError(s->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
    }
}

// A stream object's data, read by libharu when it writes the object: held as it was made
// (libdeflate's output is moved in, not copied into libharu's memory stream byte by byte).
struct StreamBytes {
    std::vector<unsigned char> bytes;
    size_t pos = 0;
};

StreamBytes& bytes_of(HPDF_Stream s) { return *static_cast<StreamBytes*>(s->attr); }

HPDF_STATUS read_bytes(HPDF_Stream s, HPDF_BYTE* buf, HPDF_UINT* size) noexcept {
    StreamBytes& b = bytes_of(s);
    const size_t n = std::min<size_t>(*size, b.bytes.size() - b.pos);
    if (n) std::memcpy(buf, b.bytes.data() + b.pos, n);
    b.pos += n;
    *size = HPDF_UINT(n);
    // libharu's copy loop stops at HPDF_STREAM_EOF, after writing what came with it.
    return b.pos == b.bytes.size() ? HPDF_STREAM_EOF : HPDF_OK;
}

HPDF_STATUS seek_bytes(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode) noexcept {
    StreamBytes& b = bytes_of(s);
    int64_t to = pos;
    if (mode == HPDF_SEEK_CUR) to += int64_t(b.pos);
    if (mode == HPDF_SEEK_END) to = int64_t(b.bytes.size()) - pos;
    if (to < 0 || to > int64_t(b.bytes.size())) return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    b.pos = size_t(to);
    return HPDF_OK;
}

HPDF_INT32 tell_bytes(HPDF_Stream s) noexcept { return HPDF_INT32(bytes_of(s).pos); }
HPDF_UINT32 size_bytes(HPDF_Stream s) noexcept { return HPDF_UINT32(bytes_of(s).bytes.size()); }

void free_bytes(HPDF_Stream s) noexcept {
    delete static_cast<StreamBytes*>(s->attr);
    s->attr = nullptr;
}

}  // namespace

std::vector<unsigned char> save_document(const HaruDoc& doc) {
    HPDF_Doc pdf = doc.get();
    if (pdf->stream) {  // a memory stream from an earlier HPDF_SaveToStream
        HPDF_Stream_Free(pdf->stream);
        pdf->stream = nullptr;
    }
    Output out;
    // Streams plus the objects around them (up to as much again for a long tagged CV);
    // growing by doubling instead would touch (and, past malloc's mmap threshold, fault in)
    // twice the memory. Pages reserved and never written are never touched.
    out.bytes.reserve(2 * doc.stream_bytes() + 64 * 1024);
    // HPDF_SaveToStream writes into the document's stream, making a memory stream only
    // when there is none: given a writer, it writes there.
    pdf->stream = doc.need(HPDF_CallbackWriter_New(doc.mmgr(), append_output, &out), "creating the output stream");
    const HPDF_STATUS st = HPDF_SaveToStream(pdf);
    HPDF_Stream_Free(pdf->stream);  // it points at `out`
    pdf->stream = nullptr;
    if (out.failed) throw Error("PDF: out of memory while saving the document");
    doc.check("saving the PDF", st);
    return std::move(out.bytes);
}

HPDF_Dict new_indirect_dict(const HaruDoc& doc, const char* type) {
    HPDF_Dict d = doc.need(HPDF_Dict_New(doc.mmgr()), "creating a dictionary");
    doc.check("registering an object", HPDF_Xref_Add(doc.xref(), d));
    if (type) doc.check("writing /Type", HPDF_Dict_AddName(d, "Type", type));
    return d;
}

// libharu drops a /Filter entry from streams it does not filter itself, but calls a dict's
// write_fn just before closing it: that is where the entry for our own compression goes.
static HPDF_STATUS write_flate_filter(HPDF_Dict, HPDF_Stream out) {
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

// The stream object's libharu memory stream (empty) becomes a reader of `bytes` in place:
// the object keeps its HPDF_Stream, which a page also points to (its content stream).
static void attach_bytes(const HaruDoc& doc, HPDF_Dict stream, std::vector<unsigned char> bytes) {
    HPDF_Stream s = stream->stream;
    if (!s || s->type != HPDF_STREAM_MEMORY || s->size != 0 || !s->free_fn)
        throw Error("PDF: a stream object was written twice");
    auto holder = std::make_unique<StreamBytes>();
    holder->bytes = std::move(bytes);
    doc.add_stream_bytes(holder->bytes.size());
    s->free_fn(s);  // the memory stream's (empty) block list
    s->type = HPDF_STREAM_CALLBACK;
    s->write_fn = nullptr;
    s->read_fn = read_bytes;
    s->seek_fn = seek_bytes;
    s->tell_fn = tell_bytes;
    s->size_fn = size_bytes;
    s->free_fn = free_bytes;
    s->attr = holder.release();
    doc.check("writing a stream");
}

void write_stream(const HaruDoc& doc, HPDF_Dict stream, const void* data, size_t size, bool compress) {
    if (stream->write_fn) throw Error("PDF: a stream object already has a write hook");
    stream->filter = HPDF_STREAM_FILTER_NONE;  // never deflated again by libharu's zlib pass
    if (!compress) {
        const auto* p = static_cast<const unsigned char*>(data);
        attach_bytes(doc, stream, std::vector<unsigned char>(p, p + size));
        return;
    }
    attach_bytes(doc, stream, flate(data, size));
    stream->write_fn = write_flate_filter;
}

HPDF_Dict new_flated_stream(const HaruDoc& doc, std::vector<unsigned char> flated) {
    HPDF_Dict d = doc.need(HPDF_DictStream_New(doc.mmgr(), doc.xref()), "creating a stream");
    if (d->write_fn) throw Error("PDF: a stream object already has a write hook");
    d->filter = HPDF_STREAM_FILTER_NONE;
    attach_bytes(doc, d, std::move(flated));
    d->write_fn = write_flate_filter;
    return d;
}

HPDF_Dict new_stream(const HaruDoc& doc, const void* data, size_t size, bool compress) {
    HPDF_Dict d = doc.need(HPDF_DictStream_New(doc.mmgr(), doc.xref()), "creating a stream");
    write_stream(doc, d, data, size, compress);
    return d;
}

TextString text_string(std::string_view utf8) {
    bool ascii = true;
    for (char c : utf8) ascii = ascii && c >= 0x20 && c < 0x7F;
    if (ascii) return {std::string(utf8), false};
    TextString t{"\xFE\xFF", true};
    append_utf16be_bytes(t.bytes, utf8);
    return t;
}

void* new_text_string(const HaruDoc& doc, std::string_view utf8) {
    const TextString t = text_string(utf8);
    if (!t.binary) return doc.need(HPDF_String_New(doc.mmgr(), t.bytes.c_str(), nullptr), "creating a string");
    return doc.need(HPDF_Binary_New(doc.mmgr(), reinterpret_cast<HPDF_BYTE*>(const_cast<char*>(t.bytes.data())),
                                    HPDF_UINT(t.bytes.size())),
                    "creating a string");
}

HPDF_STATUS write_ref(HPDF_Stream out, const void* obj) {
    const auto* h = static_cast<const HPDF_Obj_Header*>(obj);
    HPDF_STATUS s = HPDF_Stream_WriteUInt(out, h->obj_id & 0x00FFFFFF);
    s |= HPDF_Stream_WriteChar(out, ' ');
    s |= HPDF_Stream_WriteUInt(out, h->gen_no);
    return s | HPDF_Stream_WriteStr(out, " R");
}

HPDF_STATUS write_text(HPDF_Stream out, const TextString& t) {
    if (!t.binary) return HPDF_Stream_WriteEscapeText2(out, t.bytes.data(), HPDF_UINT(t.bytes.size()));
    HPDF_STATUS s = HPDF_Stream_WriteChar(out, '<');
    s |= HPDF_Stream_WriteBinary(out, reinterpret_cast<const HPDF_BYTE*>(t.bytes.data()), HPDF_UINT(t.bytes.size()),
                                 nullptr);
    return s | HPDF_Stream_WriteChar(out, '>');
}

static bool integral(double v) { return std::abs(v) < 2e9 && v == std::floor(v); }

// libharu stores reals as float and prints 5 decimals (731.89 → "731.89001"); multiples of
// 1/8 are exact in float and print with at most 3 decimals.
static double eighths(double v) { return std::round(v * 8) / 8; }

HPDF_STATUS dict_add_num(HPDF_Dict dict, const char* key, double v) {
    v = eighths(v);
    if (integral(v)) return HPDF_Dict_AddNumber(dict, key, HPDF_INT32(v));
    return HPDF_Dict_AddReal(dict, key, HPDF_REAL(v));
}

HPDF_STATUS array_add_num(HPDF_Array array, double v) {
    v = eighths(v);
    if (integral(v)) return HPDF_Array_AddNumber(array, HPDF_INT32(v));
    return HPDF_Array_AddReal(array, HPDF_REAL(v));
}

void append_eighths(std::string& out, double v) { append_num(out, eighths(v)); }

static HPDF_STATUS write_raw_entries(HPDF_Dict dict, HPDF_Stream out) {
    const auto* text = static_cast<const std::string*>(dict->attr);
    return HPDF_Stream_Write(out, reinterpret_cast<const HPDF_BYTE*>(text->data()), HPDF_UINT(text->size()));
}

void add_raw_entries(const HaruDoc& doc, HPDF_Dict dict, std::string entries) {
    if (dict->write_fn || dict->attr) throw Error("PDF: a dictionary already has a write hook");
    dict->attr = const_cast<std::string*>(&doc.keep(std::move(entries)));
    dict->write_fn = write_raw_entries;
}

}  // namespace cvpdf::pdf
