#include "layout/cv_builder.hpp"

#include <algorithm>

namespace cvpdf::layout {

std::string strip_scheme(const std::string& url) {
    for (const char* s : {"https://", "http://", "mailto:"})
        if (url.rfind(s, 0) == 0) {
            std::string r = url.substr(std::string(s).size());
            if (!r.empty() && r.back() == '/') r.pop_back();
            return r;
        }
    return url;
}

void CvBuilder::begin_column(std::vector<FlowLine>* out, float width, bool date_column) {
    out_ = out;
    column_ = width;
    const auto& c = spec_.columns;
    margin_heads_ = date_column && spec_.heading.position == "margin" && c.heading_column > 0;
    date_col_ = date_column && !margin_heads_ && c.date_column > 0;
    cx_ = margin_heads_ ? c.heading_column + c.heading_gap : date_col_ ? c.date_column + c.date_gap : 0;
    width_ = width - cx_;
    header_end_ = out->size();
}

int CvBuilder::elem(const char* type, int parent, std::string title) {
    return ctx_.elem(type, parent == -2 ? (parent_ >= 0 ? parent_ : root) : parent, std::move(title));
}

// Untagged runs of the line join `e`; each link's runs join a Link element under `e`.
void CvBuilder::tag_box(LineBox& box, int e) {
    if (e < 0) return;
    for (auto& r : box.runs)
        if (r.struct_elem < 0) r.struct_elem = e;
    for (auto& l : box.links) {
        int le = ctx_.link_elem(l.uri, e);
        l.struct_elem = le;
        for (auto& r : box.runs) {
            float w = 0;
            for (const auto& g : r.glyphs) w += g.advance;
            if (r.struct_elem == e && r.x >= l.x - 0.01f && r.x + w <= l.x + l.width + 0.01f) r.struct_elem = le;
        }
    }
}

size_t CvBuilder::push(LineBox box, float x, float leading, float space_before, bool keep, bool starts_block) {
    tag_box(box, tag_);
    FlowLine l;
    l.box = std::move(box);
    l.x = cx_ + x;
    l.leading = leading;
    l.space_before = space_before;
    l.keep_with_next = keep;
    l.starts_block = starts_block;
    out_->push_back(std::move(l));
    return out_->size() - 1;
}

void CvBuilder::add_markup(Paragraph& p, const model::Text& t, const style::TextStyle& st) { p.add_markup(t, st); }

// Widows and orphans stay with their neighbours: a paragraph of two or more lines keeps
// its first two and last two lines together.
void CvBuilder::push_paragraph(Paragraph& p, float x, float w, float leading, float space_before) {
    auto ls = p.layout(w, justify());
    for (size_t i = 0; i < ls.size(); ++i) {
        bool keep = ls.size() >= 2 && (i == 0 || i + 2 == ls.size());
        push(std::move(ls[i]), x, leading, i == 0 ? space_before : 0, keep, i == 0);
    }
}

// `left` flush left and `right` flush right on one baseline; the left part wraps rather
// than run into the right part. Returns the indices of the lines pushed.
std::vector<size_t> CvBuilder::push_split(Paragraph& left, Paragraph& right, float leading, float space_before,
                                          bool keep) {
    LineBox r = right.single_line();
    const float gap = right.empty() ? 0 : spec_.body.style.size;
    auto ls = left.layout(std::max(width_ / 3, width_ - r.width - gap), false);
    if (ls.empty()) ls.emplace_back();
    LineBox& first = ls[0];
    if (!r.runs.empty()) first.right_part = first.runs.size();
    first.append(std::move(r), width_ - r.width);
    first.grow(r);
    first.width = width_;
    std::vector<size_t> idx;
    for (size_t i = 0; i < ls.size(); ++i)
        idx.push_back(push(std::move(ls[i]), 0, leading, i == 0 ? space_before : 0, keep || i + 1 < ls.size(), i == 0));
    return idx;
}

}  // namespace cvpdf::layout
