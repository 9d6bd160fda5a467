#include "style/toml_reader.hpp"

#include <algorithm>

#include "style/layout_spec.hpp"

namespace cvpdf::style {

SourcePos pos_of(const toml::node& node, const std::string& file) {
    const auto& src = node.source();
    return {file, uint32_t(src.begin.line), uint32_t(src.begin.column)};
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        default: return "a date/time";
    }
}

static size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string suggest(const std::string& key, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_d = 3;
    for (const auto& c : candidates) {
        size_t d = edit_distance(key, c);
        if (d < best_d) best_d = d, best = c;
    }
    return best;
}

void TableReader::fail(const toml::node& node, const std::string& message) const {
    throw Error(message, pos_of(node, file_));
}

void TableReader::with(const char* key, const std::function<void(const toml::node&)>& fn) {
    known_.emplace_back(key);
    if (const toml::node* n = table_.get(key)) {
        used_.insert(key);
        fn(*n);
    }
}

void TableReader::string(const char* key, std::string& out) {
    with(key, [&](const toml::node& n) {
        if (!n.is_string()) fail(n, quoted(key) + " must be a string, found " + type_name(n));
        out = n.as_string()->get();
    });
}

void TableReader::boolean(const char* key, bool& out) {
    with(key, [&](const toml::node& n) {
        if (!n.is_boolean()) fail(n, quoted(key) + " must be true or false, found " + type_name(n));
        out = n.as_boolean()->get();
    });
}

void TableReader::number(const char* key, float& out) {
    with(key, [&](const toml::node& n) {
        if (!n.is_number()) fail(n, quoted(key) + " must be a number, found " + type_name(n));
        out = float(n.value<double>().value_or(0));
    });
}

void TableReader::length(const char* key, float& out, float em) {
    with(key, [&](const toml::node& n) {
        if (n.is_number()) {
            out = float(n.value<double>().value_or(0));
        } else if (n.is_string()) {
            if (!parse_length(n.as_string()->get(), em, out))
                fail(n, quoted(key) + ": bad length \"" + n.as_string()->get() +
                            "\" (use a number with pt, mm, cm, in or em, e.g. \"10pt\")");
        } else {
            fail(n, quoted(key) + " must be a length such as \"10pt\", found " + type_name(n));
        }
        if (out < 0 || out > 10000) fail(n, quoted(key) + " is out of range");
    });
}

void TableReader::table(const char* key, const std::function<void(TableReader&)>& fn) {
    with(key, [&](const toml::node& n) {
        if (!n.is_table()) fail(n, quoted(key) + " must be a table, found " + type_name(n));
        TableReader sub(*n.as_table(), file_, where(key));
        fn(sub);
        sub.finish();
    });
}

void TableReader::finish() const {
    for (const auto& [k, v] : table_) {
        std::string key(k.str());
        if (used_.count(key)) continue;
        std::string msg = "unknown key '" + where(key.c_str()) + "'";
        std::string s = suggest(key, known_);
        if (!s.empty()) msg += "; did you mean '" + s + "'?";
        throw Error(msg, {file_, uint32_t(k.source().begin.line), uint32_t(k.source().begin.column)});
    }
}

}  // namespace cvpdf::style
