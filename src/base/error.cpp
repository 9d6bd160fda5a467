#include "base/error.hpp"

namespace cvpdf {

std::string format_diagnostic(const SourcePos& pos, const char* severity, const std::string& message) {
    std::string out;
    if (!pos.file.empty()) {
        out += pos.file;
        if (pos.line) {
            out += ':' + std::to_string(pos.line);
            if (pos.col) out += ':' + std::to_string(pos.col);
        }
        out += ": ";
    }
    out += severity;
    out += ": ";
    out += message;
    return out;
}

Error::Error(std::string message, SourcePos pos)
    : std::runtime_error(format_diagnostic(pos, "error", message)), pos_(std::move(pos)), message_(std::move(message)) {}

std::string Error::formatted(const char* severity) const { return format_diagnostic(pos_, severity, message_); }

}  // namespace cvpdf
