// Sections of the CV: headings, entries (head lines with dates and location), lists with
// hanging labels, and numbered publications with the owner's name highlighted.
#include <algorithm>

#include "layout/cv_builder.hpp"
#include "layout/cv_layout.hpp"

namespace cvpdf::layout {

using style::Face;

void CvBuilder::section(const model::Section& s) {
    parent_ = elem("Sect", root, style::plain_text(style::parse_inline(s.title)));
    {
        Scope h(*this, elem("H2"));
        heading(s);
    }
    if (s.page_break_before) out_->back().break_before = true;
    const size_t first_content = out_->size();
    const auto& hs = spec_.heading;
    switch (s.kind) {
        case model::Section::Kind::Entries:
            for (size_t i = 0; i < s.entries.size(); ++i) entry(s.entries[i], i == 0);
            break;
        case model::Section::Kind::Publications: publications(s.publications); break;
        case model::Section::Kind::Items:
            if (s.columns > 1 && s.items.size() > 1) balanced_list(s, hs.space_below);
            else list(s.items, 0, s.numbered, s.bullet, hs.space_below);
            break;
        case model::Section::Kind::Text: {
            Scope sc(*this, elem("P"));
            Paragraph p(ctx_);
            add_markup(p, s.text, spec_.body.style);
            push_paragraph(p, 0, width_, spec_.body.leading, hs.space_below);
            break;
        }
    }
    // The heading's keep reaches two lines into the section: never a heading with one line.
    if (out_->size() > first_content + 1) (*out_)[first_content].keep_with_next = true;
}

void CvBuilder::heading(const model::Section& s) {
    const auto& hs = spec_.heading;
    Paragraph h(ctx_);
    auto spans = style::parse_inline(s.title);
    h.add_spans(spans, hs.style);
    LineBox hb = h.single_line();
    const page::Color rule_color = to_color(hs.rule_color);
    if (hs.rule_position == "bar") {
        // A colour bar before the heading, as tall as its capitals; the text moves right.
        const float bar = std::max(hs.rule, 2.5f);
        LineBox barred;
        barred.rules.push_back({0, -hs.style.size * 0.72f, bar, hs.style.size * 0.82f, rule_color});
        barred.append(hb, bar + hs.style.size * 0.45f);
        barred.grow(hb);
        barred.width = hb.width + bar + hs.style.size * 0.45f;
        hb = std::move(barred);
    } else if (hs.rule > 0 && hs.rule_position == "above") {
        // A full-width rule over the heading, `rule_gap` above its capitals.
        const float y = -hs.style.size * 0.72f - hs.rule_gap - hs.rule;
        hb.rules.push_back({-cx_, y, width_ + cx_, hs.rule, rule_color});
        hb.ascent = std::max(hb.ascent, -y);
        hb.top = std::max(hb.top, -y);
    } else if (hs.rule > 0 && hs.rule_position == "beside") {
        // Through the middle of the lower-case letters, in the date column and after the text.
        const float y = -hs.style.size * 0.3f - hs.rule / 2;
        if (cx_ > 0) hb.rules.push_back({-cx_, y, cx_ - spec_.columns.date_gap, hs.rule, rule_color});
        const float x0 = hb.width + hs.style.size * 0.5f;
        if (x0 < width_) hb.rules.push_back({x0, y, width_ - x0, hs.rule, rule_color});
    } else if (hs.rule > 0) {
        hb.rules.push_back({-cx_, hs.rule_gap, width_ + cx_, hs.rule, rule_color});
        hb.descent = std::max(hb.descent, hs.rule_gap + hs.rule);
    }
    hb.width = width_;
    tag_box(hb, tag_);
    FlowLine l;
    l.box = std::move(hb);
    l.x = cx_;
    l.leading = hs.style.size * 1.2f;
    l.space_before = out_->size() > header_end_ ? hs.space_above : hs.space_above * 0.6f;
    l.keep_with_next = true;  // a heading never ends a page
    l.starts_block = true;
    l.outline = int(outline.size());
    outline.push_back(style::plain_text(spans));
    out_->push_back(std::move(l));
}

void CvBuilder::dates_into(Paragraph& p, const model::Dates& d, const style::TextStyle& st) {
    if (!d.text.empty()) {
        add_markup(p, d.text, st);
        return;
    }
    std::string s = format_dates(d, spec_.dates);
    if (s.empty()) return;
    InlineStyle is = ctx_.resolve(st);
    is.no_hyphenate = true;
    // In a narrow date column the range may wrap after its separator, never inside a date.
    const std::string& sep = spec_.dates.range_separator;
    size_t at = s.find(sep);
    if (at != std::string::npos && spec_.entry.dates_position == "left") {
        p.add_text(s.substr(0, at) + "\u00A0" + sep + " ", is);
        p.add_text(s.substr(at + sep.size()), is);
    } else {
        p.add_text(s, is);
    }
}

// Lines of the left (date) column, right-aligned against the content, on the baselines
// of the head lines; leftovers become lines of their own.
// Lines of the left (date) column, right-aligned against the content, on the baselines
// of the head lines; leftovers become lines of their own. All of them are drawn with the
// first head line, so the dates read whole, right after the title.
void CvBuilder::attach_left(const std::vector<size_t>& head, std::vector<LineBox> left, float leading) {
    const float gap = spec_.columns.date_gap;
    float dy = 0;
    for (size_t k = 0; k < left.size(); ++k) {
        LineBox& dl = left[k];
        tag_box(dl, tag_);
        if (k < head.size()) {
            FlowLine& first = (*out_)[head[0]];
            const FlowLine& fl = (*out_)[head[k]];
            if (k > 0) dy += fl.leading + fl.space_before;  // the head lines are kept together
            LineBox shifted;
            shifted.append(dl, 0, dy);
            first.box.insert_before_right(shifted, -gap - dl.width - (first.x - cx_));
            if (k == 0) first.box.grow(dl);
        } else {
            size_t i = push(LineBox{}, 0, leading, 0, true);
            (*out_)[i - 1].keep_with_next = true;
            LineBox& b = (*out_)[i].box;
            b.append(dl, -gap - dl.width);
            b.grow(dl);
        }
    }
}

void CvBuilder::entry(const model::Entry& e, bool first) {
    const auto& es = spec_.entry;
    const bool dates_left = es.dates_position == "left" && cx_ > 0;
    const float gap = first ? spec_.heading.space_below : es.space_above;
    const size_t start = out_->size();
    const int head_elem = elem("P");
    Scope sc(*this, head_elem);

    if (narrow()) {
        entry_stacked(e, gap);
        return;
    }
    Paragraph left(ctx_);
    add_markup(left, e.title, es.title);
    if (!e.organisation.empty()) {
        if (!e.title.empty()) left.add_text(es.title_separator, ctx_.resolve(es.title));
        add_markup(left, e.organisation, es.organisation);
    }
    Paragraph right(ctx_), dates(ctx_);
    dates_into(dates_left ? dates : right, e.dates, es.dates);
    // With no dates of its own (they are on its roles) and no role, the location takes the
    // title line's right side rather than a line to itself.
    const bool location_up = dates_left || (e.dates.empty() && e.role.empty());
    if (location_up) add_markup(right, e.location, es.location);
    std::vector<size_t> head = push_split(left, right, spec_.body.leading, gap, true);

    const bool role_line = !e.role.empty() || (!location_up && !e.location.empty());
    if (role_line) {
        Paragraph role(ctx_), loc(ctx_);
        add_markup(role, e.role, es.role);
        if (!location_up) add_markup(loc, e.location, es.location);
        for (size_t i : push_split(role, loc, es.head_leading, 0, true)) head.push_back(i);
    }
    if (dates_left) attach_left(head, dates.layout(spec_.columns.date_column, false), es.head_leading);
    body(e.summary, e.bullets);
    for (const auto& r : e.roles) {
        Paragraph role(ctx_), when(ctx_), rdates(ctx_);
        add_markup(role, r.role, es.role);
        if (!r.location.empty()) {
            role.add_text(es.title_separator, ctx_.resolve(es.role));
            add_markup(role, r.location, es.location);
        }
        dates_into(dates_left ? rdates : when, r.dates, es.dates);
        auto rh = push_split(role, when, es.head_leading + es.space_below_head, es.space_below_head, true);
        if (dates_left) attach_left(rh, rdates.layout(spec_.columns.date_column, false), es.head_leading);
        body(r.summary, r.bullets);
    }
    // The entry's head lines never part from their first line of content.
    for (size_t i = start; i + 1 < out_->size() && i <= head.back(); ++i) (*out_)[i].keep_with_next = true;
    data_breaks(e, start);
}

// Page-break control from the data: a forced break before the entry, or the whole entry
// kept on one page (as long as it fits on one).
void CvBuilder::data_breaks(const model::Entry& e, size_t start) {
    if (start >= out_->size()) return;
    if (e.page_break_before) (*out_)[start].break_before = true;
    if (e.keep_together)
        for (size_t i = start; i + 1 < out_->size(); ++i) (*out_)[i].keep_with_next = true;
}

// In a narrow column (a sidebar) the head lines stack: title, role, then dates and
// location on a line of their own, all flush left; nothing is squeezed beside the title.
void CvBuilder::entry_stacked(const model::Entry& e, float gap) {
    const auto& es = spec_.entry;
    const size_t start = out_->size();
    Scope sc(*this, elem("P"));
    Paragraph title(ctx_);
    add_markup(title, e.title, es.title);
    if (!e.organisation.empty()) {
        if (!e.title.empty()) title.add_text(es.title_separator, ctx_.resolve(es.title));
        add_markup(title, e.organisation, es.organisation);
    }
    auto tl = title.layout(width_, false);
    for (size_t i = 0; i < tl.size(); ++i) push(std::move(tl[i]), 0, spec_.body.leading, i == 0 ? gap : 0, true, i == 0);
    auto stack = [&](const model::Text& a, const style::TextStyle& sa, const model::Dates* d, const model::Text& b,
                     const style::TextStyle& sb) {
        Paragraph p(ctx_);
        if (d) dates_into(p, *d, es.dates);
        if (!a.empty()) add_markup(p, a, sa);
        if (!b.empty()) {
            if (!p.empty()) p.add_text(es.title_separator, ctx_.resolve(sb));
            add_markup(p, b, sb);
        }
        for (auto& l : p.layout(width_, false)) push(std::move(l), 0, es.head_leading, 0, true);
    };
    stack(e.role, es.role, nullptr, {}, es.role);
    stack({}, es.dates, &e.dates, e.location, es.location);
    for (size_t i = start; i + 1 < out_->size(); ++i) (*out_)[i].keep_with_next = true;
    body(e.summary, e.bullets);
    for (const auto& r : e.roles) {
        stack(r.role, es.role, nullptr, {}, es.role);
        stack({}, es.dates, &r.dates, r.location, es.location);
        body(r.summary, r.bullets);
    }
    data_breaks(e, start);
}

void CvBuilder::body(const model::Text& summary, const std::vector<model::ListItem>& bullets) {
    float gap = spec_.entry.space_below_head;
    if (!summary.empty()) {
        Scope sc(*this, elem("P"));
        Paragraph p(ctx_);
        add_markup(p, summary, spec_.body.style);
        push_paragraph(p, 0, width_, spec_.body.leading, gap);
        gap = 0;
    }
    if (!bullets.empty()) list(bullets, 0, false, "", gap + spec_.list.space_above);
}

LineBox CvBuilder::label_box(const std::string& text, bool bullet) {
    Paragraph lp(ctx_);
    InlineStyle st = ctx_.resolve(spec_.body.style);
    if (bullet && spec_.list.bullet_color_set) st.color = to_color(spec_.list.bullet_color);
    lp.add_text(text, st);
    return lp.single_line();
}

// The text hangs at the list's indent, widened when the widest label ("18.") needs more
// room, so labels never reach into the margin (LaTeX's widest-label rule).
float CvBuilder::hang(const std::vector<LineBox>& labels, float indent) const {
    float widest = 0;
    for (const auto& l : labels) widest = std::max(widest, l.width);
    return std::max(indent, widest + spec_.list.label_gap);
}

void CvBuilder::list(const std::vector<model::ListItem>& items, float x0, bool numbered, const std::string& bullet,
                     float space_before) {
    const auto& ls = spec_.list;
    std::vector<LineBox> labels;
    for (size_t i = 0; i < items.size(); ++i)
        labels.push_back(numbered ? label_box(ls.number_prefix + std::to_string(i + 1) + ls.number_suffix, false)
                                  : label_box(bullet.empty() ? ls.bullet : bullet, true));
    const float x = x0 + hang(labels, x0 == 0 ? ls.indent : ls.nested_indent);
    const int saved_parent = parent_;
    const int l = elem("L");
    for (size_t i = 0; i < items.size(); ++i) {
        const auto& it = items[i];
        parent_ = elem("LI", l);
        Paragraph p(ctx_);
        add_markup(p, it.text, spec_.body.style);
        item_paragraph(p, x, labels[i], i == 0 ? space_before : ls.item_gap, -ls.label_gap - labels[i].width);
        if (!it.children.empty()) list(it.children, x, it.children_numbered, "", 0);
    }
    parent_ = saved_parent;
}

// A short list in N columns of equal height as nearly as possible, read column by column.
// Each column is laid out as an ordinary list, its lines stacked at their leading; the
// whole block is one unbreakable line of the flow, drawn column after column so text
// extraction reads down each column.
void CvBuilder::balanced_list(const model::Section& s, float space_before) {
    const int n = std::min<int>(s.columns, int(s.items.size()));
    const float gap = spec_.body.style.size * 1.5f;
    const float col_w = (width_ - gap * float(n - 1)) / float(n);
    // Lay every item out once at the column width to know its height in lines.
    auto stack = [&](size_t first, size_t last, std::vector<FlowLine>& lines) {
        std::vector<FlowLine>* saved = out_;
        const float saved_w = width_, saved_cx = cx_;
        out_ = &lines;
        width_ = col_w;
        cx_ = 0;
        std::vector<model::ListItem> part(s.items.begin() + long(first), s.items.begin() + long(last));
        list(part, 0, s.numbered, s.bullet, 0);
        out_ = saved;
        width_ = saved_w;
        cx_ = saved_cx;
    };
    std::vector<size_t> lines_of(s.items.size());
    for (size_t i = 0; i < s.items.size(); ++i) {
        std::vector<FlowLine> tmp;
        stack(i, i + 1, tmp);
        lines_of[i] = tmp.size();
    }
    // Greedy split into n groups, each close to total / n lines.
    size_t total = 0;
    for (size_t l : lines_of) total += l;
    std::vector<size_t> cuts{0};
    size_t acc = 0;
    for (size_t i = 0; i < s.items.size() && cuts.size() < size_t(n); ++i) {
        acc += lines_of[i];
        if (acc * size_t(n) >= total * cuts.size() && i + 1 < s.items.size()) cuts.push_back(i + 1);
    }
    cuts.push_back(s.items.size());

    LineBox block;
    float height = 0;
    for (size_t c = 0; c + 1 < cuts.size(); ++c) {
        std::vector<FlowLine> lines;
        stack(cuts[c], cuts[c + 1], lines);
        float y = 0;
        for (size_t k = 0; k < lines.size(); ++k) {
            if (k > 0) y += std::max(lines[k].leading, lines[k - 1].box.descent + lines[k].box.ascent + 1) + lines[k].space_before;
            block.append(lines[k].box, float(c) * (col_w + gap) + lines[k].x, y);
            if (k == 0) block.grow(lines[k].box);
            height = std::max(height, y + lines[k].box.descent);
        }
    }
    block.descent = std::max(block.descent, height);
    block.width = width_;
    push(std::move(block), 0, spec_.body.leading, space_before, false, true);
}

// One list item: the label sits left of the first line (drawn first, so extraction reads
// "1. Text"), the text hangs at `x`.
void CvBuilder::item_paragraph(Paragraph& p, float x, const LineBox& label, float space_before, float label_dx) {
    auto ls = p.layout(width_ - x, justify());
    if (ls.empty()) ls.emplace_back();
    LineBox first;
    LineBox lbl = label;
    tag_box(lbl, elem("Lbl"));
    Scope sc(*this, elem("LBody"));
    first.append(lbl, label_dx);
    first.append(ls[0], 0);
    first.width = ls[0].width;
    first.grow(ls[0]);
    first.grow(label);
    ls[0] = std::move(first);
    for (size_t i = 0; i < ls.size(); ++i) {
        bool keep = ls.size() >= 2 && (i == 0 || i + 2 == ls.size());
        push(std::move(ls[i]), x, spec_.body.leading, i == 0 ? space_before : 0, keep, i == 0);
    }
}

void CvBuilder::publications(const std::vector<model::Publication>& pubs) {
    const auto& ps = spec_.publications;
    const auto& body = spec_.body.style;
    // With a date column the numbers sit in it, right-aligned, like the dates of entries.
    const bool in_margin = cx_ > 0;
    const auto& ls = spec_.list;
    std::vector<LineBox> labels;
    for (size_t i = 0; i < pubs.size(); ++i)
        labels.push_back(ps.numbered ? label_box(ls.number_prefix + std::to_string(i + 1) + ls.number_suffix, false)
                                     : label_box(ls.bullet, true));
    const float indent = hang(labels, ls.indent);
    const int saved_parent = parent_;
    const int list_elem = elem("L");
    for (size_t i = 0; i < pubs.size(); ++i) {
        const auto& pub = pubs[i];
        parent_ = elem("LI", list_elem);
        Paragraph p(ctx_);
        InlineStyle plain = ctx_.resolve(body);
        if (!pub.status.empty()) {
            p.add_text("(", plain);
            style::TextStyle bold = body;
            bold.face = Face::Bold;
            add_markup(p, pub.status, bold);
            p.add_text(") ", plain);
        }
        bool equal = false;
        for (size_t a = 0; a < pub.authors.size(); ++a) {
            const auto& au = pub.authors[a];
            if (a > 0) {
                const bool last = a + 1 == pub.authors.size();
                p.add_text(last ? (pub.authors.size() > 2 ? ", and " : " and ") : ", ", plain);
            }
            InlineStyle s = au.is_self ? ctx_.resolve(body, ps.self_face) : plain;
            s.no_hyphenate = true;  // names are never hyphenated
            if (au.is_self && ps.underline_self) s.underline = true;
            p.add_text(au.name, s);
            if (au.equal_contribution) {
                p.add_text("*", plain);
                equal = true;
            }
        }
        if (!pub.authors.empty()) p.add_text(". ", plain);
        // The title itself links to the paper (DOI first), where a reader expects to click.
        auto title = style::parse_inline(pub.title);
        std::string uri = !pub.doi.empty() ? "https://doi.org/" + pub.doi : pub.url;
        for (auto& sp : title)
            if (sp.link.empty()) sp.link = uri;
        p.add_spans(title, body);
        if (!pub.venue.empty()) {
            p.add_text(". " + ps.venue_prefix, plain);
            style::TextStyle it = body;
            it.face = Face::Italic;
            add_markup(p, pub.venue, it);
        }
        if (!pub.year.empty()) p.add_text(", " + pub.year, plain);
        if (equal && !ps.equal_note.empty()) p.add_text(" " + ps.equal_note, plain);
        if (!pub.note.empty()) {
            p.add_text(" ", plain);
            add_markup(p, pub.note, body);
        }
        const LineBox& label = labels[i];
        float gap = i == 0 ? spec_.heading.space_below : ls.item_gap;
        if (in_margin) item_paragraph(p, 0, label, gap, -spec_.columns.date_gap - label.width);
        else item_paragraph(p, indent, label, gap, -ls.label_gap - label.width);
    }
    parent_ = saved_parent;
}

}  // namespace cvpdf::layout
