// Builds the flow lines of a CV, one column at a time: header, sections, entries, lists,
// publications, in the styles of the layout spec. Internal to the layout stage.
#pragma once
#include <string>
#include <vector>

#include "layout/context.hpp"
#include "layout/flow.hpp"
#include "layout/paragraph.hpp"
#include "model/cv.hpp"
#include "style/layout_spec.hpp"

namespace cvpdf::layout {

class CvBuilder {
public:
    CvBuilder(const model::Cv& cv, const style::LayoutSpec& spec, Context& ctx)
        : cv_(cv), spec_(spec), ctx_(ctx), default_head_(style::default_entry_head(spec.entry.title_separator)),
          default_role_head_(style::default_role_head(spec.entry.title_separator)) {}

    // Following calls add lines to `out`, for a column `width` wide; `date_column` (a main
    // column, not the header's nor a sidebar's) reserves the spec's left column: for dates
    // and labels, or for the section headings when they sit in the margin.
    void begin_column(std::vector<FlowLine>* out, float width, bool date_column);
    void header();
    void section(const model::Section& s);

    std::vector<std::string> outline;
    int root = -1;  // the Document structure element

private:
    // ---- tagged PDF: new lines belong to `tag_` (a P, H1, LBody, …); links get a Link child.
    void tag_box(LineBox& box, int elem);
    struct Scope {  // sets the element for lines pushed while it lives
        CvBuilder& b;
        int saved;
        Scope(CvBuilder& b, int e) : b(b), saved(b.tag_) { b.tag_ = e; }
        ~Scope() { b.tag_ = saved; }
    };
    int elem(const char* type, int parent = -2, std::string title = {});
    // ---- lines
    size_t push(LineBox box, float x, float leading, float space_before, bool keep = false, bool starts_block = false);
    void push_paragraph(Paragraph& p, float x, float w, float leading, float space_before);
    std::vector<size_t> push_split(Paragraph& left, Paragraph& right, float leading, float space_before, bool keep);
    void add_markup(Paragraph& p, const model::Text& t, const style::TextStyle& st);
    // ---- header
    void header_name();
    void header_contact();
    void aligned(LineBox box, style::Align align, float leading, float space_before);
    // ---- sections
    void heading(const model::Section& s);
    // ---- margin headings: the heading's lines, set in the left column, then attached to the
    // section's first content line (drawn with it, read before it).
    LineBox margin_heading(const model::Section& s);
    void attach_heading(size_t first, LineBox block, const model::Section& s, float space_before);
    // ---- entry heads from templates (style/entry_template.hpp)
    struct Fields {  // the values of one entry's (or role's) placeholders
        const model::Text *title, *organisation, *role, *location, *summary;
        const model::Dates* dates;
        bool present[style::kFieldCount];
    };
    Fields fields_of(const model::Entry& e) const;
    Fields fields_of(const model::Entry& e, const model::Role& r) const;
    // `part` into `p` as far as its fields are there; `skip_dates`: the dates are elsewhere.
    void add_part(Paragraph& p, const style::TemplatePart& part, const Fields& f, bool skip_dates);
    // Head lines of `tpl` (left part wrapping, right part flush right): the first line at
    // `leading` after `space_before`, the next at head_leading. Returns the flow lines pushed;
    // `dates_at` gets the index (into the result) of the line where {dates} stands.
    std::vector<size_t> head_lines(const style::EntryTemplate& tpl, const Fields& f, float leading, float space_before,
                                   bool dates_left, size_t* dates_at);
    void stacked_head(const style::EntryTemplate& tpl, const Fields& f, float leading, float space_before,
                      bool starts_block);
    const style::EntryTemplate& entry_template() const;
    const style::EntryTemplate& role_template() const;
    void entry(const model::Entry& e, bool first);
    void entry_stacked(const model::Entry& e, float gap);
    void data_breaks(const model::Entry& e, size_t start);
    // A column too narrow for text beside a date (a sidebar): stack, and set ragged-right.
    bool narrow() const { return width_ < 250; }
    bool justify() const { return spec_.body.justify && !narrow(); }
    void body(const model::Text& summary, const std::vector<model::ListItem>& bullets);
    void dates_into(Paragraph& p, const model::Dates& d, const style::TextStyle& st);
    void attach_left(const std::vector<size_t>& head, std::vector<LineBox> left, float leading);
    void list(const std::vector<model::ListItem>& items, float x0, bool numbered, const std::string& bullet,
              float space_before);
    void balanced_list(const model::Section& s, float space_before);
    void item_paragraph(Paragraph& p, float x, const LineBox& label, float space_before, float label_dx);
    LineBox label_box(const std::string& text, bool bullet);
    float hang(const std::vector<LineBox>& labels, float indent) const;
    void publications(const std::vector<model::Publication>& pubs);

    const model::Cv& cv_;
    const style::LayoutSpec& spec_;
    Context& ctx_;
    style::EntryTemplate default_head_, default_role_head_;  // when the layout sets none
    std::vector<FlowLine>* out_ = nullptr;
    float column_ = 0;   // full column width
    float cx_ = 0;       // content's left edge within the column (after the date column)
    float width_ = 0;    // content width
    bool date_col_ = false;      // the left column holds dates and publication numbers
    bool margin_heads_ = false;  // the left column holds the section headings
    size_t header_end_ = 0;
    int tag_ = -1;     // element for lines pushed now
    int parent_ = -1;  // container for new block elements (a Sect, an LI)
};

std::string strip_scheme(const std::string& url);

}  // namespace cvpdf::layout
