// Strict reading of a TOML table: every key must be consumed, else "unknown key" with a
// "did you mean" suggestion; every value's type is checked, with file:line:col.
#pragma once
#include <functional>
#include <set>
#include <string>
#include <toml++/toml.h>

#include "base/error.hpp"

namespace cvpdf::style {

SourcePos pos_of(const toml::node& node, const std::string& file);
std::string type_name(const toml::node& node);
// Closest of `candidates` to `key` within edit distance 2, or "".
std::string suggest(const std::string& key, const std::vector<std::string>& candidates);

class TableReader {
public:
    TableReader(const toml::table& table, const std::string& file, std::string path)
        : table_(table), file_(file), path_(std::move(path)) {}

    // Calls `fn` with the value when `key` is present.
    void with(const char* key, const std::function<void(const toml::node&)>& fn);
    void string(const char* key, std::string& out);
    void boolean(const char* key, bool& out);
    void number(const char* key, float& out);
    // A length: a number (points) or a string with a unit; em relative to `em`.
    void length(const char* key, float& out, float em);
    void table(const char* key, const std::function<void(TableReader&)>& fn);
    // Raises for every key not consumed.
    void finish() const;

    [[noreturn]] void fail(const toml::node& node, const std::string& message) const;
    const std::string& file() const { return file_; }
    std::string where(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
    // 'path.key' in quotes, built by appending (GCC 12 warns, wrongly, on "'" + std::string).
    std::string quoted(const char* key) const {
        std::string s(1, '\'');
        s += where(key);
        s += '\'';
        return s;
    }

private:
    const toml::table& table_;
    const std::string& file_;
    std::string path_;
    std::vector<std::string> known_;
    std::set<std::string> used_;
};

}  // namespace cvpdf::style
