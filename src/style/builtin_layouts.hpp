// Layouts compiled into the binary (generated from layouts/*.toml at build time).
#pragma once
#include <string_view>
#include <vector>

namespace cvpdf::style {

struct BuiltinLayout {
    std::string_view name;  // file name without .toml, e.g. "classic"
    std::string_view toml;
};

const std::vector<BuiltinLayout>& builtin_layouts();

}  // namespace cvpdf::style
