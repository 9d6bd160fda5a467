// Shared by the libFuzzer targets: the contract under test is "bad input raises
// cvpdf::Error (or is accepted); it never crashes, hangs or trips a sanitizer".
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/error.hpp"

namespace cvpdf::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Runs `f`; cvpdf::Error is the expected outcome for bad input. Anything else that
// escapes (std::bad_alloc, std::out_of_range, …) is a bug: let it abort so libFuzzer
// records the input.
template <class F>
void expect_only_errors(F&& f) {
    try {
        f();
    } catch (const cvpdf::Error& e) {
        // Every message must be non-empty and formattable.
        if (e.formatted().empty()) __builtin_trap();
    }
}

}  // namespace cvpdf::fuzz
