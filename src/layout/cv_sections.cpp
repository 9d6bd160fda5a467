// Sections of the CV: headings, entries (head lines with dates and location), lists with
// hanging labels, and numbered publications with the owner's name highlighted.
#include <algorithm>

#include "layout/cv_builder.hpp"
#include "layout/cv_layout.hpp"
#include "layout/text_util.hpp"

namespace cvpdf::layout {

using style::Face;

void CvBuilder::section(const model::Section& s) {
    parent_ = elem("Sect", root, style::plain_text(style::parse_inline(s.title)));
    const auto& hs = spec_.heading;
    LineBox margin;
    const float margin_space = out_->size() > header_end_ ? hs.space_above : hs.space_above * 0.6f;
    {
        Scope h(*this, elem("H2"));
        if (margin_heads_) margin = margin_heading(s);
        else heading(s);
    }
    if (s.page_break_before && !margin_heads_) out_->back().break_before = true;
    const size_t first_content = out_->size();
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
    if (margin_heads_) attach_heading(first_content, std::move(margin), s, margin_space);
    // The heading's keep reaches two lines into the section: never a heading with one line.
    if (out_->size() > first_content + 1) (*out_)[first_content].keep_with_next = true;
}

// A margin heading: the title set ragged (Knuth–Plass, no hyphens in small caps) in the
// left column, flush left, right or centred there, one line under another. The block's
// origin is the column's left edge on the first line's baseline.
LineBox CvBuilder::margin_heading(const model::Section& s) {
    const auto& hs = spec_.heading;
    const float col = spec_.columns.heading_column;
    const bool bar = hs.rule_position == "bar";
    const float bar_w = std::max(hs.rule, 2.5f);
    const float inset = bar ? bar_w + hs.style.size * 0.45f : 0;
    Paragraph h(ctx_);
    auto spans = style::parse_inline(s.title);
    ctx_.set_source(s.title.pos);
    // Never hyphenated: a heading breaks between its words only.
    char32_t prev = 0;
    const bool heading_bold = hs.style.face == Face::Bold || hs.style.face == Face::BoldItalic;
    const bool heading_italic = hs.style.face == Face::Italic || hs.style.face == Face::BoldItalic;
    for (const auto& sp : spans) {
        if (sp.math || sp.code || !sp.link.empty()) {
            h.add_spans({sp}, hs.style);
            continue;
        }
        const bool bold = sp.bold || heading_bold, italic = sp.italic != heading_italic;
        InlineStyle st = ctx_.resolve(hs.style, bold ? (italic ? Face::BoldItalic : Face::Bold)
                                                     : (italic ? Face::Italic : Face::Regular));
        st.no_hyphenate = true;
        h.add_text(typographic(sp.text, spec_.body.tex_dashes, spec_.body.smart_quotes, prev), st);
    }
    auto lines = h.layout(col - inset, false);
    const float lead = hs.style.size * 1.2f;
    LineBox block;
    for (size_t k = 0; k < lines.size(); ++k) {
        LineBox& l = lines[k];
        float right = 0;
        for (const auto& r : l.runs) {
            float w = 0;
            for (const auto& g : r.glyphs) w += g.advance;
            right = std::max(right, r.x + w);
        }
        // A word wider than the column (the paragraph warns about it) starts at the column's
        // left edge and runs into the gap, never into the page margin.
        right = std::min(right, col - inset);
        float x = inset;
        if (hs.align == style::Align::Right) x = col - right;
        else if (hs.align == style::Align::Center) x = inset + (col - inset - right) / 2;
        tag_box(l, tag_);
        const float dy = lead * float(k);
        block.append(l, x, dy);
        if (k == 0) {
            block.ascent = l.ascent;
            block.top = l.top;
        }
        block.descent = std::max(block.descent, dy + l.descent);
    }
    ctx_.set_source({});
    const float last = lead * float(lines.empty() ? 0 : lines.size() - 1);
    const page::Color rule_color = to_color(hs.rule_color);
    if (bar) {
        // A bar as tall as the heading, from the first line's capitals to the last baseline.
        block.rules.push_back({0, -hs.style.size * 0.72f, bar_w, last + hs.style.size * 0.82f, rule_color});
    } else if (hs.rule > 0 && hs.rule_position == "below") {
        // Under the heading's last line, across the margin column.
        block.rules.push_back({0, last + hs.rule_gap, col, hs.rule, rule_color});
        block.descent = std::max(block.descent, last + hs.rule_gap + hs.rule);
    }
    block.width = col;
    outline.push_back(style::plain_text(spans));
    return block;
}

// The margin heading joins the section's first line: drawn with it (so it is read first),
// its first baseline on that line's. The lines beside the heading stay on its page, and a
// section shorter than its heading grows to the heading's depth, so nothing ever runs into
// the heading.
void CvBuilder::attach_heading(size_t first, LineBox block, const model::Section& s, float space_before) {
    const auto& hs = spec_.heading;
    if (out_->size() == first) push(LineBox{}, 0, spec_.body.leading, 0, false, true);  // an empty section
    FlowLine& fl = (*out_)[first];
    if (hs.rule > 0 && hs.rule_position == "above") {
        // Across the whole column, over the heading and the first line alike.
        const float y = -std::max(hs.style.size * 0.72f, fl.box.ascent) - hs.rule_gap - hs.rule;
        block.rules.push_back({0, y, column_, hs.rule, to_color(hs.rule_color)});
        block.ascent = std::max(block.ascent, -y);
        block.top = std::max(block.top, -y);
    }
    LineBox merged = fl.box;  // the line's own settings, then its items after the heading's
    merged.runs.clear();
    merged.rules.clear();
    merged.links.clear();
    merged.units.clear();
    merged.run_unit.clear();
    merged.rule_unit.clear();
    merged.link_unit.clear();
    merged.append(block, -fl.x);
    const size_t heading_runs = merged.runs.size();
    merged.append(fl.box, 0);
    if (fl.box.right_part < fl.box.runs.size()) merged.right_part = fl.box.right_part + heading_runs;
    merged.ascent = std::max(fl.box.ascent, block.ascent);
    merged.top = std::max(fl.box.top, block.top);
    fl.box = std::move(merged);
    fl.space_before = space_before;
    fl.starts_block = true;
    fl.outline = int(outline.size()) - 1;
    if (s.page_break_before) fl.break_before = true;
    // Where the heading ends: the first line whose bottom is at or below the heading's bottom
    // (baselines as flow_lines() places them). Lines up to it stay together.
    const float depth = block.descent;
    size_t j = first;
    float y = 0;
    while (y + (*out_)[j].box.descent < depth && j + 1 < out_->size()) {
        const FlowLine& next = (*out_)[j + 1];
        y += std::max(next.leading, (*out_)[j].box.descent + next.box.ascent + 1.0f) + next.space_before;
        ++j;
    }
    if (y + (*out_)[j].box.descent < depth) (*out_)[j].box.descent = depth - y;  // the section grows
    for (size_t i = first; i < j; ++i) (*out_)[i].keep_with_next = true;
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
        barred.append(std::move(hb), bar + hs.style.size * 0.45f);
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
        if (date_col_) hb.rules.push_back({-cx_, y, cx_ - spec_.columns.date_gap, hs.rule, rule_color});
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
            shifted.append(std::move(dl), 0, dy);
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

namespace {

const model::Text kNoText;

bool present_dates(const model::Dates& d) { return !d.empty(); }

// A line with placeholders, none of which has a value, is dropped (its literal text too).
bool line_live(const style::TemplateLine& line, const bool (&present)[style::kFieldCount]) {
    bool any_field = false;
    for (const auto* part : {&line.left, &line.right})
        for (const auto& slot : part->slots) {
            if (present[int(slot.field.field)]) return true;
            any_field = true;
        }
    return !any_field;
}

bool tpl_uses(const style::EntryTemplate& tpl, style::Field f) {
    for (const auto& line : tpl)
        if (line.uses(f)) return true;
    return false;
}

style::Face with_markup(style::Face f, bool bold, bool italic) {
    bold = bold || f == style::Face::Bold || f == style::Face::BoldItalic;
    italic = italic || f == style::Face::Italic || f == style::Face::BoldItalic;
    return bold ? (italic ? style::Face::BoldItalic : style::Face::Bold) : (italic ? style::Face::Italic : style::Face::Regular);
}

}  // namespace

CvBuilder::Fields CvBuilder::fields_of(const model::Entry& e) const {
    Fields f{&e.title, &e.organisation, &e.role, &e.location, &e.summary, &e.dates, {}};
    f.present[int(style::Field::Title)] = !e.title.empty();
    f.present[int(style::Field::Organisation)] = !e.organisation.empty();
    f.present[int(style::Field::Role)] = !e.role.empty();
    f.present[int(style::Field::Location)] = !e.location.empty();
    f.present[int(style::Field::Dates)] = present_dates(e.dates);
    f.present[int(style::Field::Summary)] = !e.summary.empty();
    return f;
}

// A role's own role, location, dates and summary; {title} and {organisation} are the entry's.
CvBuilder::Fields CvBuilder::fields_of(const model::Entry& e, const model::Role& r) const {
    Fields f = fields_of(e);
    f.role = &r.role;
    f.location = &r.location;
    f.summary = &r.summary;
    f.dates = &r.dates;
    f.present[int(style::Field::Role)] = !r.role.empty();
    f.present[int(style::Field::Location)] = !r.location.empty();
    f.present[int(style::Field::Dates)] = present_dates(r.dates);
    f.present[int(style::Field::Summary)] = !r.summary.empty();
    return f;
}

const style::EntryTemplate& CvBuilder::entry_template() const {
    return spec_.entry.head.empty() ? default_head_ : spec_.entry.head;
}

const style::EntryTemplate& CvBuilder::role_template() const {
    return spec_.entry.role_head.empty() ? default_role_head_ : spec_.entry.role_head;
}

void CvBuilder::add_part(Paragraph& p, const style::TemplatePart& part, const Fields& f, bool skip_dates) {
    const auto& es = spec_.entry;
    bool present[style::kFieldCount];
    std::copy(std::begin(f.present), std::end(f.present), present);
    if (skip_dates) present[int(style::Field::Dates)] = false;
    auto style_of = [&](style::Field fd) -> const style::TextStyle& {
        switch (fd) {
            case style::Field::Title: return es.title;
            case style::Field::Organisation: return es.organisation;
            case style::Field::Role: return es.role;
            case style::Field::Location: return es.location;
            case style::Field::Dates: return es.dates;
            case style::Field::Summary: break;
        }
        return spec_.body.style;
    };
    for (const auto& rp : style::render_part(part, present)) {
        const style::TemplatePiece& pc = *rp.piece;
        style::TextStyle st = style_of(rp.style_of);
        // The template's bold and italic go on top of the field's style; the data's own
        // markup then applies inside as everywhere.
        st.face = with_markup(st.face, pc.bold, pc.italic);
        if (!pc.is_field) {
            if (pc.raw) p.add_text(pc.span.text, ctx_.resolve(st));
            else p.add_spans({pc.span}, st);
            continue;
        }
        switch (pc.field) {
            case style::Field::Title: add_markup(p, *f.title, st); break;
            case style::Field::Organisation: add_markup(p, *f.organisation, st); break;
            case style::Field::Role: add_markup(p, *f.role, st); break;
            case style::Field::Location: add_markup(p, *f.location, st); break;
            case style::Field::Summary: add_markup(p, *f.summary, st); break;
            case style::Field::Dates: dates_into(p, *f.dates, st); break;
        }
    }
}

// The head lines of a template. A part whose fields are all empty is left out, and a line
// left with nothing is dropped. A line with only a right part moves it up into the line
// above when that line's right side is empty (no dates: the location joins the title line);
// with dates in the left column, the right side they leave takes the next line's right part.
std::vector<size_t> CvBuilder::head_lines(const style::EntryTemplate& tpl, const Fields& f, float leading,
                                          float space_before, bool dates_left, size_t* dates_at) {
    const auto& es = spec_.entry;
    const size_t n = tpl.size();
    bool present[style::kFieldCount];
    std::copy(std::begin(f.present), std::end(f.present), present);
    if (dates_left) present[int(style::Field::Dates)] = false;
    std::vector<bool> left_shown(n), vacated(n);
    std::vector<long> right_of(n, -1);  // whose right part line i shows
    for (size_t i = 0; i < n; ++i) {
        const bool live = line_live(tpl[i], f.present);
        left_shown[i] = live && !style::render_part(tpl[i].left, present).empty();
        const bool right = live && !style::render_part(tpl[i].right, present).empty();
        if (right) right_of[i] = long(i);
        vacated[i] = dates_left && !right && tpl[i].right.uses(style::Field::Dates);
    }
    for (size_t i = 1; i < n; ++i)
        if (right_of[i] == long(i) && right_of[i - 1] < 0 && (!left_shown[i] || vacated[i - 1])) {
            right_of[i - 1] = long(i);
            right_of[i] = -1;
        }
    size_t dates_line = n;
    for (size_t i = 0; i < n && dates_line == n; ++i)
        if (tpl[i].uses(style::Field::Dates)) dates_line = i;
    std::vector<size_t> idx;
    for (size_t i = 0; i < n; ++i) {
        if (!left_shown[i] && right_of[i] < 0) continue;
        if (dates_at && i >= dates_line && *dates_at == size_t(-1)) *dates_at = idx.size();
        Paragraph left(ctx_), right(ctx_);
        add_part(left, tpl[i].left, f, dates_left);
        if (right_of[i] >= 0) add_part(right, tpl[size_t(right_of[i])].right, f, dates_left);
        const bool first = idx.empty();
        for (size_t k : push_split(left, right, first ? leading : es.head_leading, first ? space_before : 0, true))
            idx.push_back(k);
    }
    if (dates_at && dates_line < n && *dates_at == size_t(-1)) *dates_at = idx.size();
    return idx;
}

// The dates' style in the left column: the entry's, with the template's markup around {dates}.
static style::TextStyle dates_style(const style::EntryTemplate& tpl, const style::TextStyle& base) {
    style::TextStyle st = base;
    for (const auto& line : tpl)
        for (const auto* part : {&line.left, &line.right})
            for (const auto& slot : part->slots)
                if (slot.field.field == style::Field::Dates) {
                    st.face = with_markup(st.face, slot.field.bold, slot.field.italic);
                    return st;
                }
    return st;
}

void CvBuilder::entry(const model::Entry& e, bool first) {
    const auto& es = spec_.entry;
    const bool dates_left = es.dates_position == "left" && date_col_;
    const float gap = first ? spec_.heading.space_below : es.space_above;
    const size_t start = out_->size();
    const int head_elem = elem("P");
    Scope sc(*this, head_elem);

    if (narrow()) {
        entry_stacked(e, gap);
        return;
    }
    const auto& tpl = entry_template();
    size_t dates_at = size_t(-1);
    std::vector<size_t> head = head_lines(tpl, fields_of(e), spec_.body.leading, gap, dates_left, &dates_at);
    auto in_column = [&](const std::vector<size_t>& lines, size_t at, const model::Dates& d, const style::EntryTemplate& t) {
        if (!dates_left || at == size_t(-1)) return;
        Paragraph dates(ctx_);
        dates_into(dates, d, dates_style(t, es.dates));
        attach_left(std::vector<size_t>(lines.begin() + long(std::min(at, lines.size())), lines.end()),
                    dates.layout(spec_.columns.date_column, false), es.head_leading);
    };
    in_column(head, dates_at, e.dates, tpl);
    const auto& rtpl = role_template();
    body(tpl_uses(tpl, style::Field::Summary) ? kNoText : e.summary, e.bullets);
    for (const auto& r : e.roles) {
        size_t rd = size_t(-1);
        auto rh = head_lines(rtpl, fields_of(e, r), es.head_leading + es.space_below_head, es.space_below_head,
                             dates_left, &rd);
        in_column(rh, rd, r.dates, rtpl);
        body(tpl_uses(rtpl, style::Field::Summary) ? kNoText : r.summary, r.bullets);
    }
    // The entry's head lines never part from their first line of content.
    if (!head.empty())
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

// In a narrow column (a sidebar) the head lines stack, all flush left: the template's left
// parts one under another, then its right parts on one line, joined by the title separator
// (in the style of the part after it); nothing is squeezed beside the title.
void CvBuilder::stacked_head(const style::EntryTemplate& tpl, const Fields& f, float leading, float space_before,
                             bool starts_block) {
    const auto& es = spec_.entry;
    bool first = true;
    auto emit = [&](Paragraph& p) {
        auto ls = p.layout(width_, false);
        for (size_t i = 0; i < ls.size(); ++i)
            push(std::move(ls[i]), 0, first ? leading : es.head_leading, first && i == 0 ? space_before : 0, true,
                 first && i == 0 && starts_block);
        if (!ls.empty()) first = false;
    };
    for (const auto& line : tpl) {
        if (!line_live(line, f.present)) continue;
        Paragraph p(ctx_);
        add_part(p, line.left, f, false);
        emit(p);
    }
    Paragraph rights(ctx_);
    for (const auto& line : tpl) {
        if (!line_live(line, f.present)) continue;
        auto shown = style::render_part(line.right, f.present);
        if (shown.empty()) continue;
        if (!rights.empty()) {
            const style::Field fd = shown[0].style_of;
            const style::TextStyle& st = fd == style::Field::Title ? es.title
                                         : fd == style::Field::Organisation ? es.organisation
                                         : fd == style::Field::Role ? es.role
                                         : fd == style::Field::Location ? es.location
                                         : fd == style::Field::Dates ? es.dates
                                                                        : spec_.body.style;
            rights.add_text(es.title_separator, ctx_.resolve(st));
        }
        add_part(rights, line.right, f, false);
    }
    emit(rights);
}

void CvBuilder::entry_stacked(const model::Entry& e, float gap) {
    const size_t start = out_->size();
    Scope sc(*this, elem("P"));
    const auto& tpl = entry_template();
    const auto& rtpl = role_template();
    stacked_head(tpl, fields_of(e), spec_.body.leading, gap, true);
    for (size_t i = start; i + 1 < out_->size(); ++i) (*out_)[i].keep_with_next = true;
    body(tpl_uses(tpl, style::Field::Summary) ? kNoText : e.summary, e.bullets);
    for (const auto& r : e.roles) {
        stacked_head(rtpl, fields_of(e, r), spec_.entry.head_leading, 0, false);
        body(tpl_uses(rtpl, style::Field::Summary) ? kNoText : r.summary, r.bullets);
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
            if (k == 0) block.grow(lines[k].box);
            block.append(std::move(lines[k].box), float(c) * (col_w + gap) + lines[k].x, y);
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
    first.width = ls[0].width;
    first.grow(ls[0]);
    first.grow(label);
    first.append(std::move(lbl), label_dx);
    first.append(std::move(ls[0]), 0);
    ls[0] = std::move(first);
    for (size_t i = 0; i < ls.size(); ++i) {
        bool keep = ls.size() >= 2 && (i == 0 || i + 2 == ls.size());
        push(std::move(ls[i]), x, spec_.body.leading, i == 0 ? space_before : 0, keep, i == 0);
    }
}

namespace {
// A DOI as its bare name ("10.1145/3656412"), also when written as "doi:…" or as a
// doi.org address.
std::string bare_doi(std::string_view d) {
    while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
    while (!d.empty() && d.back() == ' ') d.remove_suffix(1);
    for (std::string_view pre : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"})
        if (d.size() > pre.size() && std::equal(pre.begin(), pre.end(), d.begin(), [](char a, char b) {
                return a == (b >= 'A' && b <= 'Z' ? char(b - 'A' + 'a') : b);
            })) {
            d.remove_prefix(pre.size());
            break;
        }
    return std::string(d);
}
}  // namespace

void CvBuilder::publications(const std::vector<model::Publication>& pubs) {
    const auto& ps = spec_.publications;
    const auto& body = spec_.body.style;
    // With a date column the numbers sit in it, right-aligned, like the dates of entries.
    const bool in_margin = date_col_;
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
                // The connectors are the language's ({t:and}, {t:and_last}). Hebrew's " ו־"
                // keeps its maqaf before a foreign name ("ו־D. Cohen"), not before a Hebrew one
                // ("ודן כהן").
                std::string conj = last ? (pub.authors.size() > 2 ? ps.author_and_last : ps.author_and) : ", ";
                const std::string_view nm = au.name;
                if (conj.ends_with("\u05BE") && nm.size() >= 2 && nm[0] == '\xD7' &&
                    static_cast<unsigned char>(nm[1]) >= 0x90 && static_cast<unsigned char>(nm[1]) <= 0xAA)
                    conj.resize(conj.size() - 2);
                p.add_text(conj, plain);
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
        // The title itself links to the paper, where a reader expects to click: the DOI when it
        // is the only address; with a URL as well, the title links to the URL and the DOI is
        // printed after the year ("doi:10.1145/…"), linked to https://doi.org/….
        auto title = style::parse_inline(pub.title);
        const std::string doi = bare_doi(pub.doi);
        const std::string doi_uri = doi.empty() ? std::string() : "https://doi.org/" + doi;
        const bool show_doi = !doi.empty() && !pub.url.empty() && pub.url != doi_uri;
        std::string uri = !doi.empty() && !show_doi ? doi_uri : pub.url;
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
        if (show_doi) {
            p.add_text(", ", plain);
            InlineStyle link = plain;  // as written: no curly quotes or dashes inside a DOI
            link.link = doi_uri;
            link.color = to_color(spec_.links.color);
            link.underline = spec_.links.underline;
            p.add_text("doi:" + doi, link);
        }
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
