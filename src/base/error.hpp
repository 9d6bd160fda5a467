// Errors that carry a source position, printed as `file:line:col: error: message`.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace cvpdf {

struct SourcePos {
    std::string file;   // path as the user gave it; empty when unknown
    uint32_t line = 0;  // 1-based; 0 = unknown
    uint32_t col = 0;   // 1-based; 0 = unknown
};

// Input errors (bad data, bad layout, bad fonts): exit status 1 in the CLI.
class Error : public std::runtime_error {
public:
    explicit Error(std::string message, SourcePos pos = {});
    const SourcePos& pos() const { return pos_; }
    const std::string& message() const { return message_; }
    // "file:line:col: error: message" (parts that are unknown are left out).
    std::string formatted(const char* severity = "error") const;
    // what(), followed by the source line and a caret under the column when the file can
    // be read (as compilers print it).
    std::string with_source() const;

private:
    SourcePos pos_;
    std::string message_;
};

std::string format_diagnostic(const SourcePos& pos, const char* severity, const std::string& message);

// "  <line of the file>\n  <spaces>^" for a position, or "" when it cannot be shown.
std::string source_excerpt(const SourcePos& pos);

}  // namespace cvpdf
