// Mapping byte offsets of a model::Text back to file positions.
#include <algorithm>

#include "model/cv.hpp"

namespace cvpdf::model {

SourcePos text_position(const Text& text, size_t offset) {
    SourcePos p = text.pos;
    size_t from = 0;
    // Last anchor at or before `offset`.
    auto it = std::upper_bound(text.anchors.begin(), text.anchors.end(), offset,
                               [](size_t o, const TextAnchor& a) { return o < a.offset; });
    if (it != text.anchors.begin()) {
        --it;
        from = it->offset;
        p.line = it->line;
        p.col = it->col;
    }
    if (p.line == 0) return p;  // position unknown: nothing to count from
    offset = std::min(offset, text.src.size());
    for (size_t i = from; i < offset; ++i) {
        unsigned char c = static_cast<unsigned char>(text.src[i]);
        if (c == '\n') {
            ++p.line;
            p.col = 1;
        } else if ((c & 0xC0) != 0x80) {  // count code points, not UTF-8 continuation bytes
            ++p.col;
        }
    }
    return p;
}

}  // namespace cvpdf::model
