#include "pdf/pdf_format.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace cvpdf::pdf {

void append_num(std::string& out, double v) {
    if (!std::isfinite(v)) v = 0;
    // In thousandths, as an integer: the same digits as printing the value rounded to 3
    // decimals, without a floating-point formatter for each of a page's thousands of numbers.
    // Rounding first also makes -0.0004 print as "0", not "-0".
    const double k = std::round(v * 1000.0);
    if (std::fabs(k) >= 9e15) {  // beyond exact integers in a double: no page has these
        char buf[400];
        auto res = std::to_chars(buf, buf + sizeof buf, k / 1000.0, std::chars_format::fixed, 0);
        out.append(buf, res.ptr);
        return;
    }
    long long t = static_cast<long long>(k);
    if (t < 0) {
        out += '-';
        t = -t;
    }
    char buf[24];
    char* end = std::to_chars(buf, buf + sizeof buf, t / 1000).ptr;
    int frac = int(t % 1000);
    if (frac != 0) {
        *end++ = '.';
        for (int div = 100; frac != 0; div /= 10) {
            *end++ = char('0' + frac / div);
            frac %= div;
        }
    }
    out.append(buf, end);
}

static constexpr char kHex[] = "0123456789ABCDEF";

void append_hex4(std::string& out, uint16_t v) {
    char b[4] = {kHex[(v >> 12) & 15], kHex[(v >> 8) & 15], kHex[(v >> 4) & 15], kHex[v & 15]};
    out.append(b, 4);
}

void append_code_literal(std::string& out, uint16_t v) {
    const char hi = char(v >> 8), lo = char(v & 0xFF);
    auto plain = [](char c) { return c != '(' && c != ')' && c != '\\' && c != '\r' && c != '\n'; };
    if (plain(hi) && plain(lo)) {  // nearly every code: one append of two bytes
        const char b[2] = {hi, lo};
        out.append(b, 2);
        return;
    }
    for (const char c : {hi, lo}) {
        switch (c) {
            case '(': case ')': case '\\': out.push_back('\\'); out.push_back(c); break;
            case '\r': out.push_back('\\'); out.push_back('r'); break;
            case '\n': out.push_back('\\'); out.push_back('n'); break;
            default: out.push_back(c);
        }
    }
}

char32_t decode_utf8(std::string_view s, size_t& len) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size();
    len = 1;
    if (n == 0) { len = 0; return 0xFFFD; }
    unsigned c = p[0];
    if (c < 0x80) return c;
    size_t need;
    char32_t cp, min;
    if ((c & 0xE0) == 0xC0) { need = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { need = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return 0xFFFD;
    if (n < need + 1) return 0xFFFD;
    for (size_t i = 1; i <= need; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    len = need + 1;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    return cp;
}

// Calls unit(u) for every UTF-16 code unit of `utf8`.
template <typename F>
static size_t for_each_utf16(std::string_view utf8, F&& unit) {
    size_t units = 0;
    while (!utf8.empty()) {
        size_t len;
        char32_t cp = decode_utf8(utf8, len);
        utf8.remove_prefix(len);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(uint16_t(0xD800 + (cp >> 10)));
            unit(uint16_t(0xDC00 + (cp & 0x3FF)));
            units += 2;
        } else {
            unit(uint16_t(cp));
            units += 1;
        }
    }
    return units;
}

size_t append_utf16be_hex(std::string& out, std::string_view utf8) {
    return for_each_utf16(utf8, [&](uint16_t u) { append_hex4(out, u); });
}

void append_utf16be_bytes(std::string& out, std::string_view utf8) {
    for_each_utf16(utf8, [&](uint16_t u) {
        out += char(u >> 8);
        out += char(u & 0xFF);
    });
}

void append_text_string_hex(std::string& out, std::string_view utf8) {
    out += "<FEFF";
    append_utf16be_hex(out, utf8);
    out += '>';
}

// A word at a time: the font programs hashed for subset tags are most of a PDF's bytes.
void Hash128::update(const void* data, size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    constexpr uint64_t prime = 0x100000001b3ull;
    constexpr uint64_t prime2 = 0x9E3779B97F4A7C15ull;
    uint64_t a = a_, b = b_;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        a = (a ^ w) * prime;
        b = (b ^ (w >> 32 | w << 32) ^ 0x5A5A5A5A5A5A5A5Aull) * prime2;
    }
    for (; i < size; ++i) {
        a = (a ^ p[i]) * prime;
        b = (b ^ (p[i] ^ 0x5Au)) * prime2;
    }
    a_ = a;
    b_ = b;
}

// Word-wise FNV leaves the low bits depending only on low input bits; the finisher
// (MurmurHash3's) spreads every input bit over the whole result.
static uint64_t finish(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}
uint64_t Hash128::lo() const { return finish(a_); }
uint64_t Hash128::hi() const { return finish(b_); }

void Hash128::bytes(unsigned char out[16]) const {
    const uint64_t a = lo(), b = hi();
    for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<unsigned char>(a >> (56 - 8 * i));
        out[8 + i] = static_cast<unsigned char>(b >> (56 - 8 * i));
    }
}

std::string subset_tag(uint64_t h) {
    std::string tag(6, 'A');
    for (char& c : tag) {
        c = static_cast<char>('A' + h % 26);
        h /= 26;
    }
    return tag;
}

UtcTime utc_from_epoch(int64_t s) {
    int64_t days = s / 86400, rem = s % 86400;
    if (rem < 0) { rem += 86400; --days; }
    // Howard Hinnant's civil_from_days.
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    return UtcTime{int(y), int(m), int(d), int(rem / 3600), int(rem / 60 % 60), int(rem % 60)};
}

}  // namespace cvpdf::pdf
