#include "pdf/haru.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
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

std::vector<unsigned char> saved_document(const HaruDoc& doc) {
    HPDF_Stream s = doc.get()->stream;
    if (!s) throw Error("PDF: libharu has no saved document");
    std::vector<unsigned char> out;
    // A memory stream is a list of buf_siz-byte buffers, the last one filled to w_pos: copied
    // with memcpy, where HPDF_ReadFromStream copies byte by byte (1 % of a 20-page render).
    if (s->type == HPDF_STREAM_MEMORY && s->attr) {
        const auto* attr = static_cast<const HPDF_MemStreamAttr_Rec*>(s->attr);
        const HPDF_UINT n = attr->buf ? attr->buf->count : 0;
        if (n > 0 && attr->w_pos <= attr->buf_siz && uint64_t(n - 1) * attr->buf_siz + attr->w_pos == s->size) {
            out.resize(s->size);
            for (HPDF_UINT i = 0; i < n; ++i) {
                const auto* b = static_cast<const HPDF_BYTE*>(HPDF_List_ItemAt(attr->buf, i));
                if (!b) throw Error("PDF: libharu's output buffer list is broken");
                std::memcpy(out.data() + size_t(i) * attr->buf_siz, b, i + 1 < n ? attr->buf_siz : attr->w_pos);
            }
            return out;
        }
    }
    // Any other layout (another libharu version): its own reader.
    const HPDF_UINT32 size = HPDF_GetStreamSize(doc.get());
    out.resize(size);
    HPDF_UINT32 got = size;
    const HPDF_STATUS rs = size ? HPDF_ReadFromStream(doc.get(), out.data(), &got) : HPDF_OK;
    if (rs != HPDF_STREAM_EOF) doc.check("reading the PDF", rs);
    if (got != size) throw Error("PDF: libharu returned a truncated document");
    return out;
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

void write_stream(const HaruDoc& doc, HPDF_Dict stream, const void* data, size_t size, bool compress) {
    if (stream->write_fn) throw Error("PDF: a stream object already has a write hook");
    stream->filter = HPDF_STREAM_FILTER_NONE;  // never deflated again by libharu's zlib pass
    if (!compress) {
        doc.check("writing a stream", HPDF_Stream_Write(stream->stream, static_cast<const HPDF_BYTE*>(data),
                                                        HPDF_UINT(size)));
        return;
    }
    const std::vector<unsigned char> z = flate(data, size);
    doc.check("writing a stream", HPDF_Stream_Write(stream->stream, z.data(), HPDF_UINT(z.size())));
    stream->write_fn = write_flate_filter;
}

HPDF_Dict new_stream(const HaruDoc& doc, const void* data, size_t size, bool compress) {
    HPDF_Dict d = doc.need(HPDF_DictStream_New(doc.mmgr(), doc.xref()), "creating a stream");
    write_stream(doc, d, data, size, compress);
    return d;
}

void* new_text_string(const HaruDoc& doc, std::string_view utf8) {
    bool ascii = true;
    for (char c : utf8) ascii = ascii && c >= 0x20 && c < 0x7F;
    if (ascii)
        return doc.need(HPDF_String_New(doc.mmgr(), std::string(utf8).c_str(), nullptr), "creating a string");
    std::string bytes = "\xFE\xFF";
    append_utf16be_bytes(bytes, utf8);
    return doc.need(HPDF_Binary_New(doc.mmgr(), reinterpret_cast<HPDF_BYTE*>(bytes.data()), HPDF_UINT(bytes.size())),
                    "creating a string");
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

}  // namespace cvpdf::pdf
