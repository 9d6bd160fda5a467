// Thin helpers over libharu 2.3.0's public and low-level (hpdf_objects.h) API: an owning
// document handle whose C error handler records instead of throwing, and shortcuts for
// building indirect dictionaries and streams. The internal structs differ in libharu 2.4:
// recompile there.
#pragma once
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace cvpdf::pdf {

// Owns an HPDF_Doc. libharu reports errors through a C callback; it must not throw through
// C frames, so the callback only records the first error and callers check `ok()`/`check()`.
class HaruDoc {
public:
    HaruDoc();
    ~HaruDoc();
    HaruDoc(const HaruDoc&) = delete;
    HaruDoc& operator=(const HaruDoc&) = delete;

    HPDF_Doc get() const { return doc_; }
    HPDF_MMgr mmgr() const { return doc_->mmgr; }
    HPDF_Xref xref() const { return doc_->xref; }

    bool ok() const { return error_ == HPDF_OK && HPDF_GetError(doc_) == HPDF_OK; }
    // Bytes held by stream objects so far: sizes the saved document's buffer up front.
    size_t stream_bytes() const { return stream_bytes_; }
    void add_stream_bytes(size_t n) const { stream_bytes_ += n; }
    // Keeps `text` until the document is freed (what a write hook writes); returns it.
    const std::string& keep(std::string text) const { return kept_.emplace_back(std::move(text)); }
    // Throws cvpdf::Error naming `what` if libharu reported an error or `status` is not OK.
    void check(const char* what, HPDF_STATUS status = HPDF_OK) const;
    // Throws cvpdf::Error if `p` is null or an error was reported; returns `p`.
    template <typename T>
    T need(T p, const char* what) const {
        check(what, p ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM);
        return p;
    }

private:
    static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) noexcept;
    HPDF_Doc doc_ = nullptr;
    HPDF_STATUS error_ = HPDF_OK;
    HPDF_STATUS detail_ = 0;
    mutable size_t stream_bytes_ = 0;
    mutable std::deque<std::string> kept_;  // a deque: what keep() returned stays put
};

// Saves the document (HPDF_SaveToStream) straight into the returned bytes.
std::vector<unsigned char> save_document(const HaruDoc& doc);

// A new dictionary registered in the xref (an indirect object).
HPDF_Dict new_indirect_dict(const HaruDoc& doc, const char* type);
// A new stream object holding `data`, Flate-compressed when `compress`. Stream objects hold
// their bytes outside libharu's memory streams, which libharu reads back when it saves.
HPDF_Dict new_stream(const HaruDoc& doc, const void* data, size_t size, bool compress);
// A stream of bytes deflated already (zlib format), marked /FlateDecode.
HPDF_Dict new_flated_stream(const HaruDoc& doc, std::vector<unsigned char> flated);
// Writes `data` into an existing stream object (a page's /Contents), Flate-compressed with
// libdeflate when `compress`.
void write_stream(const HaruDoc& doc, HPDF_Dict stream, const void* data, size_t size, bool compress);
// Adds `v` rounded to a multiple of 1/8 (exact in libharu's float reals, so at most 3
// decimals are printed): an integer when integral, else a real.
HPDF_STATUS dict_add_num(HPDF_Dict dict, const char* key, double v);
HPDF_STATUS array_add_num(HPDF_Array array, double v);
// Appends `v` as array_add_num() would have it written (a multiple of 1/8).
void append_eighths(std::string& out, double v);
// `entries` (e.g. "/W [1 [500 250]]\012") written verbatim after `dict`'s own entries, by a
// write hook: for long arrays of numbers, which as libharu objects cost an allocation and
// a float formatting each. `dict` must have no write hook yet.
void add_raw_entries(const HaruDoc& doc, HPDF_Dict dict, std::string entries);
// A PDF text string: a literal for printable ASCII, else UTF-16BE with BOM (hex), surrogate
// pairs included. libharu's own UTF-8 encoder drops characters outside the BMP.
struct TextString {
    std::string bytes;
    bool binary = false;  // UTF-16BE, written in hex
};
TextString text_string(std::string_view utf8);
void* new_text_string(const HaruDoc& doc, std::string_view utf8);

// For a dict's write hook (HPDF_Dict::write_fn), which writes entries at save time from data
// of its own, in the bytes libharu would write for the same objects: a reference to an
// indirect object ("12 0 R"), and a text string ("(...)" escaped as libharu does, or hex).
HPDF_STATUS write_ref(HPDF_Stream out, const void* obj);
HPDF_STATUS write_text(HPDF_Stream out, const TextString& t);

}  // namespace cvpdf::pdf
