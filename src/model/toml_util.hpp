// Internal helpers of the CV loader: positions in the TOML source, strict key checking
// with "did you mean" suggestions, typed access with precise error messages.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "model/cv.hpp"

namespace cvpdf::model::detail {

// The document being loaded: its name and raw text, for positions.
class Source {
public:
    Source(std::string file, std::string_view text);

    const std::string& file() const { return file_; }
    SourcePos pos(const toml::source_position& p) const { return {file_, p.line, p.column}; }
    SourcePos pos(const toml::node& n) const { return pos(n.source().begin); }
    SourcePos pos(const toml::key& k) const { return pos(k.source().begin); }

    // Byte offset of a toml++ line:column (columns count code points), or npos.
    size_t offset(uint32_t line, uint32_t col) const;
    std::string_view text() const { return text_; }

    // A string value as markup Text: `pos` at its first content character, anchors where
    // escapes or line-ending backslashes break the one-to-one column count.
    Text text_of(const toml::node& n) const;

private:
    std::string file_;
    std::string_view text_;
    std::vector<size_t> line_starts_;
};

// "a string", "an integer", "a floating-point number", "a boolean", "a date", …
std::string type_name(const toml::node& n);

// Optimal string alignment distance (a transposition counts as one edit).
size_t edit_distance(std::string_view a, std::string_view b);
// Closest candidate within distance 2 (ties: first in list), or "".
std::string suggest(std::string_view key, const std::vector<std::string>& candidates);

// A table being read: checks that every key is one of `allowed` and reports the first
// unknown one (in source order) with a suggestion. `path` names the table in messages
// ("person", "sections.entries", …).
class Table {
public:
    Table(const Source& src, const toml::table& t, std::string path, std::vector<std::string> allowed);

    const toml::table& table() const { return t_; }
    const std::string& path() const { return path_; }
    std::string where(std::string_view key) const;  // "sections.entries.title"
    SourcePos pos() const { return src_.pos(t_); }
    const Source& source() const { return src_; }

    const toml::node* get(std::string_view key) const { return t_.get(key); }
    // Position of `key` itself (or of the table when absent).
    SourcePos key_pos(std::string_view key) const;

    // Typed getters: absent → false/unchanged; wrong type → Error at the value.
    bool string(std::string_view key, std::string& out) const;
    bool text(std::string_view key, Text& out) const;
    bool boolean(std::string_view key, bool& out) const;
    bool strings(std::string_view key, std::vector<std::string>& out) const;
    const toml::array* array(std::string_view key) const;
    // An array whose elements are all tables (TOML [[path]] or an inline-table array).
    const toml::array* tables(std::string_view key) const;

    [[noreturn]] void fail_type(const toml::node& n, std::string_view key, std::string_view expected) const;
    [[noreturn]] void missing(std::string_view key) const;

private:
    const Source& src_;
    const toml::table& t_;
    std::string path_;
    std::vector<std::string> allowed_;
};

}  // namespace cvpdf::model::detail
