#include "base/error.hpp"

#include <fstream>

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

std::string source_excerpt(const SourcePos& pos) {
    if (pos.file.empty() || pos.line == 0 || pos.col == 0) return "";
    std::ifstream in(pos.file, std::ios::binary);
    std::string line;
    for (uint32_t n = 0; n < pos.line; ++n)
        if (!std::getline(in, line)) return "";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > 200) return "";  // a minified line helps nobody
    // Columns count code points; keep tabs so the caret lines up in a terminal.
    std::string pad;
    uint32_t col = 1;
    for (size_t i = 0; i < line.size() && col < pos.col; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;
        pad += c == '\t' ? '\t' : ' ';
        ++col;
    }
    return "  " + line + "\n  " + pad + "^";
}

std::string Error::with_source() const {
    std::string ex = source_excerpt(pos_);
    return ex.empty() ? std::string(what()) : std::string(what()) + "\n" + ex;
}

std::string Error::formatted(const char* severity) const { return format_diagnostic(pos_, severity, message_); }

}  // namespace cvpdf
