#include "import/json_tree.hpp"

#include <cctype>
#include <cstddef>
#include <iterator>

#include <nlohmann/json.hpp>

namespace cvpdf::import::detail {

const JsonValue* JsonValue::find(std::string_view key) const {
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

const char* json_type_name(const JsonValue& v) {
    switch (v.type) {
        case JsonValue::Type::Null: return "null";
        case JsonValue::Type::Bool: return "a boolean";
        case JsonValue::Type::Number: return "a number";
        case JsonValue::Type::String: return "a string";
        case JsonValue::Type::Array: return "an array";
        case JsonValue::Type::Object: return "an object";
    }
    return "a value";
}

SourcePos position_of(std::string_view text, size_t offset, const std::string& file) {
    SourcePos p{file, 1, 1};
    size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    offset = std::min(offset, text.size());
    for (; i < offset; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++p.line;
            p.col = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++p.col;
        }
    }
    return p;
}

namespace {

// An input iterator over the text that publishes how far nlohmann's lexer has read: the
// lexer reads one character at a time without buffering, so when a SAX callback runs,
// `*consumed` is the offset just past the token it reports (past one look-ahead character
// for numbers). From there each token's start is found by scanning back.
struct TrackingIterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* p = nullptr;
    const char** consumed = nullptr;

    reference operator*() const { return *p; }
    TrackingIterator& operator++() {
        ++p;
        *consumed = p;
        return *this;
    }
    TrackingIterator operator++(int) {
        TrackingIterator t = *this;
        ++*this;
        return t;
    }
    bool operator==(const TrackingIterator& o) const { return p == o.p; }
    bool operator!=(const TrackingIterator& o) const { return p != o.p; }
};

bool number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

class Builder : public nlohmann::json_sax<nlohmann::json> {
public:
    Builder(std::string_view text, const std::string& file, const char** consumed)
        : text_(text), file_(file), consumed_(consumed) {}

    JsonValue root;

    bool null() override { return add(JsonValue{}, token_start(4)); }
    bool boolean(bool b) override {
        JsonValue v;
        v.type = JsonValue::Type::Bool;
        v.boolean = b;
        return add(std::move(v), token_start(b ? 4 : 5));
    }
    bool number_integer(number_integer_t) override { return number(); }
    bool number_unsigned(number_unsigned_t) override { return number(); }
    bool number_float(number_float_t, const string_t&) override { return number(); }
    bool string(string_t& s) override {
        JsonValue v;
        v.type = JsonValue::Type::String;
        v.str = std::move(s);
        return add(std::move(v), string_start());
    }
    bool binary(binary_t&) override { return true; }  // not produced by the JSON parser

    bool start_object(std::size_t) override {
        JsonValue v;
        v.type = JsonValue::Type::Object;
        return open(std::move(v));
    }
    bool key(string_t& k) override {
        JsonValue& obj = *stack_.back();
        size_t start = string_start();
        for (size_t i = 0; i < obj.members.size(); ++i)
            if (obj.members[i].first == k) {
                SourcePos first = obj.key_pos[i];
                throw Error("duplicate key \"" + k + "\" (first at line " + std::to_string(first.line) + ", column " +
                                std::to_string(first.col) + ")",
                            pos(start));
            }
        obj.members.emplace_back(std::move(k), JsonValue{});
        obj.key_pos.push_back(pos(start));
        return true;
    }
    bool end_object() override {
        stack_.pop_back();
        return true;
    }
    bool start_array(std::size_t) override {
        JsonValue v;
        v.type = JsonValue::Type::Array;
        return open(std::move(v));
    }
    bool end_array() override {
        stack_.pop_back();
        return true;
    }

    bool parse_error(std::size_t position, const std::string& last_token,
                     const nlohmann::detail::exception& ex) override {
        // ex.what(): "[json.exception.parse_error.101] parse error at line 1, column 7: <message>"
        std::string msg = ex.what();
        size_t c = msg.find(", column ");
        if (c != std::string::npos) {
            size_t colon = msg.find(": ", c);
            if (colon != std::string::npos) msg = msg.substr(colon + 2);
        } else if (size_t b = msg.find("] "); b != std::string::npos) {
            msg = msg.substr(b + 2);
        }
        // Drop nlohmann's "; last read: '…'" echo of the input (the position says it better).
        if (size_t lr = msg.find("; last read: '"); lr != std::string::npos) {
            size_t e = msg.find("'; ", lr + 14);
            msg.erase(lr, e == std::string::npos ? std::string::npos : e + 1 - lr);
        }
        // `position` counts the characters read. A token the lexer could not read (invalid
        // string, number, literal) fails at its last character read; a well-formed token in
        // the wrong place ("unexpected …") is reported at its first character.
        size_t off = position > 0 ? position - 1 : 0;
        if (msg.find("unexpected") != std::string::npos && last_token != "<end of input>" && off < text_.size()) {
            char c = text_[off];
            if (c == '"') {
                off = quote_before(off + 1);
            } else if (number_char(c) || std::isalpha(static_cast<unsigned char>(c))) {
                while (off > 0 && (number_char(text_[off - 1]) || std::isalpha(static_cast<unsigned char>(text_[off - 1]))))
                    --off;
            }
        }
        throw Error("JSON syntax error: " + msg, pos(off));
    }

private:
    std::string_view text_;
    const std::string& file_;
    const char** consumed_;
    std::vector<JsonValue*> stack_;
    bool have_root_ = false;

    size_t consumed() const { return size_t(*consumed_ - text_.data()); }
    SourcePos pos(size_t off) const { return position_of(text_, off, file_); }

    size_t token_start(size_t len) const {
        size_t end = consumed();
        return end >= len ? end - len : 0;
    }
    size_t string_start() const { return quote_before(consumed()); }
    // `end` is just past a string's closing quote; the opening one is the nearest quote
    // before it that is not escaped (an even number of backslashes precede it).
    size_t quote_before(size_t end) const {
        if (end < 2) return 0;
        for (size_t j = end - 1; j-- > 0;) {
            if (text_[j] != '"') continue;
            size_t bs = 0;
            while (bs < j && text_[j - 1 - bs] == '\\') ++bs;
            if (bs % 2 == 0) return j;
        }
        return 0;
    }
    bool number() {
        size_t end = consumed();
        if (end > 0 && !number_char(text_[end - 1])) --end;  // the look-ahead character
        size_t start = end;
        while (start > 0 && number_char(text_[start - 1])) --start;
        JsonValue v;
        v.type = JsonValue::Type::Number;
        v.str = std::string(text_.substr(start, end - start));
        return add(std::move(v), start);
    }

    JsonValue* place(JsonValue v, size_t start) {
        v.pos = pos(start);
        if (stack_.empty()) {
            root = std::move(v);
            have_root_ = true;
            return &root;
        }
        JsonValue& parent = *stack_.back();
        if (parent.type == JsonValue::Type::Array) {
            parent.items.push_back(std::move(v));
            return &parent.items.back();
        }
        parent.members.back().second = std::move(v);
        return &parent.members.back().second;
    }
    bool add(JsonValue v, size_t start) {
        place(std::move(v), start);
        return true;
    }
    bool open(JsonValue v) {
        size_t end = consumed();
        stack_.push_back(place(std::move(v), end > 0 ? end - 1 : 0));
        return true;
    }
};

}  // namespace

JsonValue parse_json(std::string_view text, const std::string& file) {
    const char* consumed = text.data();
    Builder b(text, file, &consumed);
    TrackingIterator first{text.data(), &consumed}, last{text.data() + text.size(), &consumed};
    nlohmann::json::sax_parse(first, last, &b, nlohmann::json::input_format_t::json, true, false);
    return std::move(b.root);
}

}  // namespace cvpdf::import::detail
