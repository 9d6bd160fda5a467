#include "layout/text_util.hpp"

#include <algorithm>
#include <cstdio>

namespace cvpdf::layout {

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

char32_t decode_at(std::string_view s, size_t i) {
    if (i >= s.size()) return 0xFFFD;
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0xFFFD;
    if (len == 1) return c;
    char32_t cp = c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (cc & 0x3F);
    }
    return cp;
}

bool has_inner_capital(std::string_view word) {
    for (size_t i = 1; i < word.size(); ++i)
        if (word[i] >= 'A' && word[i] <= 'Z') return true;
    return false;
}

std::string to_upper(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 'a' && c <= 'z') {
            out += char(c - 32);
        } else if (c == 0xC3 && i + 1 < s.size()) {
            // Latin-1 lower-case letters U+00E0..U+00FE (except U+00F7 ÷) are 0x20 above capitals.
            unsigned char d = static_cast<unsigned char>(s[i + 1]);
            out += char(c);
            out += (d >= 0xA0 && d <= 0xBE && d != 0xB7) ? char(d - 0x20) : char(d);
            ++i;
        } else {
            out += char(c);
        }
    }
    return out;
}

std::string describe_char(std::string_view s, size_t i) {
    char32_t cp = decode_at(s, i);
    size_t len = 1;
    while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", unsigned(cp));
    std::string out(1, '\'');  // appended, not "'" + …: GCC 12 warns wrongly on that
    out.append(s.substr(i, len)).append("' (").append(code).append(")");
    return out;
}

namespace {
bool opens_quote(char32_t prev) {
    return prev == 0 || prev == ' ' || prev == '\t' || prev == '\n' || prev == 0xA0 || prev == '(' ||
           prev == '[' || prev == '{' || prev == 0x2014 || prev == 0x2013 || prev == '/';
}
}  // namespace

std::string typographic(std::string_view in, bool dashes, bool quotes, char32_t& prev) {
    // Most spans have no hyphen or quote: copied whole, `prev` from their last character.
    const bool plain = std::none_of(in.begin(), in.end(), [&](char c) {
        return (dashes && c == '-') || (quotes && (c == '\'' || c == '"'));
    });
    if (plain) {
        if (in.empty()) return {};
        size_t last = in.size() - 1;
        while (last > 0 && (static_cast<unsigned char>(in[last]) & 0xC0) == 0x80) --last;
        prev = decode_at(in, last);
        return std::string(in);
    }
    std::string out;
    out.reserve(in.size() + 8);
    for (size_t i = 0; i < in.size();) {
        char c = in[i];
        if (dashes && c == '-' && i + 1 < in.size() && in[i + 1] == '-') {
            bool em = i + 2 < in.size() && in[i + 2] == '-';
            out += em ? "\u2014" : "\u2013";
            prev = em ? 0x2014 : 0x2013;
            i += em ? 3 : 2;
            continue;
        }
        if (quotes && (c == '\'' || c == '"')) {
            bool next_digit = i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '9';
            bool open = opens_quote(prev) && !(c == '\'' && next_digit);
            if (c == '\'') out += open ? "\u2018" : "\u2019";
            else out += open ? "\u201C" : "\u201D";
            prev = c == '\'' ? (open ? 0x2018 : 0x2019) : (open ? 0x201C : 0x201D);
            ++i;
            continue;
        }
        size_t len = 1;
        while (i + len < in.size() && (static_cast<unsigned char>(in[i + len]) & 0xC0) == 0x80) ++len;
        prev = decode_at(in, i);
        out.append(in, i, len);
        i += len;
    }
    return out;
}

}  // namespace cvpdf::layout
