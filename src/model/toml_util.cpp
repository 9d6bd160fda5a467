#include "model/toml_util.hpp"

#include "base/text.hpp"

#include <algorithm>
#include <limits>

namespace cvpdf::model::detail {

namespace {

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

size_t cp_len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 0x6) return 2;
    if ((c >> 4) == 0xE) return 3;
    if ((c >> 3) == 0x1E) return 4;
    return 1;
}

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Re-decodes a TOML string literal from the raw source, remembering for every decoded
// byte where its character came from. Mirrors toml++'s rules (first newline of a
// multi-line string dropped, line-ending backslashes, CRLF → LF). Returns false when the
// text at `at` is not a string literal it understands.
struct Decoded {
    std::string out;
    std::vector<std::pair<uint32_t, uint32_t>> where;  // per output *byte*: line, col
    uint32_t start_line = 0, start_col = 0;            // position after the opening delimiter
};

class Cursor {
public:
    Cursor(std::string_view s, size_t at, uint32_t line, uint32_t col) : s_(s), i_(at), line_(line), col_(col) {}
    bool eof() const { return i_ >= s_.size(); }
    char peek(size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
    bool starts_with(std::string_view p) const { return s_.substr(i_, p.size()) == p; }
    uint32_t line() const { return line_; }
    uint32_t col() const { return col_; }
    size_t index() const { return i_; }
    // Advances over one code point, returning its bytes.
    std::string_view next() {
        size_t n = std::min(cp_len(static_cast<unsigned char>(s_[i_])), s_.size() - i_);
        std::string_view cp = s_.substr(i_, n);
        if (s_[i_] == '\n') {
            ++line_;
            col_ = 1;
        } else {
            ++col_;
        }
        i_ += n;
        return cp;
    }
    bool line_break() {  // consumes "\n" or "\r\n"
        if (peek() == '\n') return next(), true;
        if (peek() == '\r' && peek(1) == '\n') return next(), next(), true;
        return false;
    }

private:
    std::string_view s_;
    size_t i_;
    uint32_t line_, col_;
};

bool decode_literal(std::string_view text, size_t at, uint32_t line, uint32_t col, Decoded& d) {
    Cursor c(text, at, line, col);
    char q = c.peek();
    if (q != '"' && q != '\'') return false;
    bool multi = c.starts_with(q == '"' ? "\"\"\"" : "'''");
    bool basic = q == '"';
    for (int k = 0; k < (multi ? 3 : 1); ++k) c.next();
    if (multi) c.line_break();
    d.start_line = c.line();
    d.start_col = c.col();
    auto emit = [&](std::string_view bytes, uint32_t l, uint32_t cl) {
        for (char ch : bytes) {
            d.out += ch;
            d.where.emplace_back(l, cl);
        }
    };
    bool skipping = false;  // after a line-ending backslash
    while (!c.eof()) {
        uint32_t l = c.line(), cl = c.col();
        char ch = c.peek();
        if (ch == q) {
            if (!multi) return true;
            size_t n = 0;
            while (c.peek(n) == q && n < 5) ++n;
            if (n >= 3) {
                for (size_t k = 0; k < n - 3; ++k) {
                    uint32_t l2 = c.line(), c2 = c.col();
                    emit(c.next(), l2, c2);
                }
                for (int k = 0; k < 3; ++k) c.next();
                return true;
            }
            for (size_t k = 0; k < n; ++k) {
                uint32_t l2 = c.line(), c2 = c.col();
                emit(c.next(), l2, c2);
            }
            skipping = false;
            continue;
        }
        if (basic && ch == '\\') {
            c.next();
            skipping = false;
            char e = c.peek();
            if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
                while (c.peek() == ' ' || c.peek() == '\t') c.next();
                if (!c.line_break()) return false;
                skipping = true;
                continue;
            }
            c.next();
            switch (e) {
                case 'b': emit("\b", l, cl); break;
                case 'f': emit("\f", l, cl); break;
                case 'n': emit("\n", l, cl); break;
                case 'r': emit("\r", l, cl); break;
                case 't': emit("\t", l, cl); break;
                case '"': emit("\"", l, cl); break;
                case '\\': emit("\\", l, cl); break;
                case 'u':
                case 'U': {
                    int digits = e == 'u' ? 4 : 8;
                    uint32_t v = 0;
                    for (int k = 0; k < digits; ++k) {
                        int h = hex(c.peek());
                        if (h < 0) return false;
                        v = v * 16 + uint32_t(h);
                        c.next();
                    }
                    std::string u;
                    append_utf8(u, v);
                    emit(u, l, cl);
                    break;
                }
                default: return false;
            }
            continue;
        }
        if (multi && (ch == '\n' || ch == '\r')) {
            if (!c.line_break()) return false;
            if (!skipping) emit("\n", l, cl);
            continue;
        }
        if (!multi && (ch == '\n' || ch == '\r')) return false;
        if (skipping && (ch == ' ' || ch == '\t')) {
            c.next();
            continue;
        }
        skipping = false;
        emit(c.next(), l, cl);
    }
    return false;
}

}  // namespace

Source::Source(std::string file, std::string_view text) : file_(std::move(file)), text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

size_t Source::offset(uint32_t line, uint32_t col) const {
    if (line == 0 || line > line_starts_.size() || col == 0) return std::string_view::npos;
    size_t i = line_starts_[line - 1];
    for (uint32_t c = 1; c < col; ++c) {
        if (i >= text_.size() || text_[i] == '\n') return std::string_view::npos;
        i += cp_len(static_cast<unsigned char>(text_[i]));
    }
    return i;
}

Text Source::text_of(const toml::node& n) const {
    Text t;
    t.src = n.as_string() ? n.as_string()->get() : std::string();
    const auto& b = n.source().begin;
    t.pos = {file_, b.line, b.column};
    size_t at = offset(b.line, b.column);
    // Most values are one-line strings without escapes: their characters (code points, as
    // columns are counted) sit one column apart after the opening quote, nothing to anchor.
    if (at != std::string_view::npos && at + t.src.size() + 1 < text_.size() &&
        (text_[at] == '"' || text_[at] == '\'') && text_[at + t.src.size() + 1] == text_[at] &&
        text_.compare(at, 3, std::string(3, text_[at])) != 0 &&  // not a multi-line string
        text_.compare(at + 1, t.src.size(), t.src) == 0 &&
        std::all_of(t.src.begin(), t.src.end(), [&](char ch) {
            return ch != '\n' && ch != '\r' && ch != text_[at] && (ch != '\\' || text_[at] == '\'');  // '…': no escapes
        })) {
        t.pos.col = b.column + 1;
        return t;
    }
    Decoded d;
    if (at == std::string_view::npos || !decode_literal(text_, at, b.line, b.column, d) || d.out != t.src) {
        // Fallback: one column past the value's start (a "…" string); documented limitation.
        if (t.pos.col) t.pos.col += 1;
        return t;
    }
    t.pos.line = d.start_line;
    t.pos.col = d.start_col;
    if (!d.where.empty()) {
        t.pos.line = d.where[0].first;
        t.pos.col = d.where[0].second;
    }
    // Anchors wherever plain counting from the previous sync point would go wrong.
    uint32_t pl = t.pos.line, pc = t.pos.col;
    for (size_t i = 0; i < d.out.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(d.out[i]);
        if (is_cont(ch)) continue;
        auto [l, c] = d.where[i];
        if (l != pl || c != pc) {
            t.anchors.push_back({uint32_t(i), l, c});
            pl = l;
            pc = c;
        }
        if (ch == '\n') {
            ++pl;
            pc = 1;
        } else {
            ++pc;
        }
    }
    return t;
}

std::string type_name(const toml::node& n) {
    switch (n.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a floating-point number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "nothing";
    }
}

size_t edit_distance(std::string_view a, std::string_view b) {
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (size_t i = 1; i <= n; ++i)
        for (size_t j = 1; j <= m; ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[n][m];
}

std::string suggest(std::string_view key, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_d = 3;
    for (const auto& c : candidates) {
        size_t dist = edit_distance(key, c);
        if (dist < best_d) {
            best_d = dist;
            best = c;
        }
    }
    return best;
}

Table::Table(const Source& src, const toml::table& t, std::string path, std::vector<std::string> allowed)
    : src_(src), t_(t), path_(std::move(path)), allowed_(std::move(allowed)) {
    // First unknown key in source order.
    const toml::key* bad = nullptr;
    for (const auto& [k, v] : t_) {
        if (std::find(allowed_.begin(), allowed_.end(), k.str()) != allowed_.end()) continue;
        const auto& p = k.source().begin;
        if (!bad || p.line < bad->source().begin.line ||
            (p.line == bad->source().begin.line && p.column < bad->source().begin.column))
            bad = &k;
    }
    if (bad) {
        std::string msg = "unknown key '" + where(bad->str()) + "'";
        std::string s = suggest(bad->str(), allowed_);
        if (!s.empty()) {
            msg += "; did you mean '" + s + "'?";
        } else {
            msg += " (expected one of:";
            for (size_t i = 0; i < allowed_.size(); ++i) msg += (i ? ", " : " ") + allowed_[i];
            msg += ")";
        }
        throw Error(msg, src_.pos(*bad));
    }
}

std::string Table::where(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

SourcePos Table::key_pos(std::string_view key) const {
    for (const auto& [k, v] : t_)
        if (k.str() == key) return src_.pos(k);
    return pos();
}

void Table::fail_type(const toml::node& n, std::string_view key, std::string_view expected) const {
    throw Error("'" + where(key) + "' must be " + std::string(expected) + ", found " + type_name(n), src_.pos(n));
}

void Table::missing(std::string_view key) const {
    throw Error("missing required key '" + where(key) + "'", pos());
}

bool Table::string(std::string_view key, std::string& out) const {
    const toml::node* n = get(key);
    if (!n) return false;
    if (!n->is_string()) fail_type(*n, key, "a string");
    out = n->as_string()->get();
    return true;
}

bool Table::text(std::string_view key, Text& out) const {
    const toml::node* n = get(key);
    if (!n) return false;
    if (!n->is_string()) fail_type(*n, key, "a string");
    out = src_.text_of(*n);
    return true;
}

bool Table::boolean(std::string_view key, bool& out) const {
    const toml::node* n = get(key);
    if (!n) return false;
    if (!n->is_boolean()) fail_type(*n, key, "true or false");
    out = n->as_boolean()->get();
    return true;
}

const toml::array* Table::array(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return nullptr;
    if (!n->is_array()) fail_type(*n, key, "an array");
    return n->as_array();
}

bool Table::strings(std::string_view key, std::vector<std::string>& out) const {
    const toml::array* a = array(key);
    if (!a) return false;
    out.clear();
    for (const auto& e : *a) {
        if (!e.is_string())
            throw Error("'" + where(key) + "' must contain only strings, found " + type_name(e), src_.pos(e));
        out.push_back(e.as_string()->get());
    }
    return true;
}

const toml::array* Table::tables(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return nullptr;
    if (!n->is_array()) fail_type(*n, key, "an array of tables ([[" + where(key) + "]])");
    const toml::array* a = n->as_array();
    for (const auto& e : *a)
        if (!e.is_table())
            throw Error("'" + where(key) + "' must contain only tables, found " + type_name(e), src_.pos(e));
    return a;
}

}  // namespace cvpdf::model::detail
