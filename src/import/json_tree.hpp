// Internal: a JSON document parsed with nlohmann::json's SAX interface into a small tree
// that keeps, for every value and object key, its position in the file (line:col, columns
// counted in Unicode code points like the TOML loader), and keeps object members in
// document order (so JSON Resume sections print in the order the author wrote them).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.hpp"

namespace cvpdf::import::detail {

struct JsonMember;

struct JsonValue {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    std::string str;  // String: decoded UTF-8; Number: the number as written
    std::vector<JsonValue> items;                              // Array
    std::vector<JsonMember> members;                           // Object, document order
    std::vector<SourcePos> key_pos;                            // Object: where each key is
    SourcePos pos;  // the value's first character (a string's opening quote)

    bool is(Type t) const { return type == t; }
    // Object member by key (the first, if repeated), or nullptr.
    const JsonValue* find(std::string_view key) const;
};

// An object member, pair-like. (std::pair<std::string, JsonValue> inside JsonValue needs a
// complete JsonValue, which clang with libstdc++ rejects.)
struct JsonMember {
    std::string first;
    JsonValue second;
    JsonMember(std::string k, JsonValue v) : first(std::move(k)), second(std::move(v)) {}
};

// "a string", "an array", …
const char* json_type_name(const JsonValue& v);

// Parses `text`; throws cvpdf::Error("JSON syntax error: …", file:line:col) on bad JSON,
// and on a key repeated in one object.
JsonValue parse_json(std::string_view text, const std::string& file);

// Line:col of byte `offset` in `text` (1-based; columns count code points; a UTF-8 byte
// order mark at the start is not counted).
SourcePos position_of(std::string_view text, size_t offset, const std::string& file);

}  // namespace cvpdf::import::detail
