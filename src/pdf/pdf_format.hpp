// Small locale-independent formatting helpers for PDF syntax: numbers, hex strings,
// UTF-8 → UTF-16BE, a 128-bit content hash and UTC dates. No libharu here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cvpdf::pdf {

// Appends `v` with at most 3 decimals, trailing zeros stripped, never "-0" (std::to_chars).
void append_num(std::string& out, double v);

// Appends 4 uppercase hex digits (a 2-byte glyph code).
void append_hex4(std::string& out, uint16_t v);

// Appends a 2-byte glyph code as the raw bytes of a literal string's body (no parentheses):
// half the size of hex, so a page's content stream is about 28 % smaller and deflates in
// less time. Escaped: the delimiters ( ) and the backslash, and CR and LF, which a reader
// would otherwise take as an end of line (PDF 32000-1 §7.3.4.2).
void append_code_literal(std::string& out, uint16_t v);

// Appends the UTF-16BE code units of `utf8` as uppercase hex digits (no brackets, no BOM);
// non-BMP characters become surrogate pairs, malformed UTF-8 becomes U+FFFD.
// Returns the number of UTF-16 code units written.
size_t append_utf16be_hex(std::string& out, std::string_view utf8);

// Appends the raw UTF-16BE bytes of `utf8` (same conversion as above).
void append_utf16be_bytes(std::string& out, std::string_view utf8);

// Appends `<FEFF…>`: a PDF text string in UTF-16BE with BOM, as a hex string.
void append_text_string_hex(std::string& out, std::string_view utf8);

// Decodes the first code point of `utf8` (U+FFFD when malformed); `len` receives its byte count.
char32_t decode_utf8(std::string_view utf8, size_t& len);

// Two independent FNV-style streams over 8-byte words, each finished with a 64-bit mixer: a
// cheap, deterministic 128-bit digest (not cryptographic). The same sequence of updates
// gives the same digest; how the bytes are split into updates is part of that sequence.
class Hash128 {
public:
    void update(const void* data, size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    void update_u64(uint64_t v) { update(&v, sizeof v); }
    uint64_t lo() const;
    uint64_t hi() const;
    void bytes(unsigned char out[16]) const;

private:
    uint64_t a_ = 0xcbf29ce484222325ull;
    uint64_t b_ = 0x84222325cbf29ce4ull;  // different seed → second stream
};

// Six uppercase letters derived from a hash: the `ABCDEF+` subset tag.
std::string subset_tag(uint64_t hash);

struct UtcTime {
    int year, month, day, hour, minute, second;
};
// Seconds since the Unix epoch (may be negative) → proleptic Gregorian UTC.
UtcTime utc_from_epoch(int64_t seconds);

}  // namespace cvpdf::pdf
