#include "layout/cv_layout.hpp"

#include <algorithm>

#include "layout/flow.hpp"
#include "layout/paragraph.hpp"
#include "style/markup.hpp"

namespace cvpdf::layout {
namespace {

using style::Face;

class CvLayout {
public:
    CvLayout(const model::Cv& cv, const style::LayoutSpec& spec, Context& ctx)
        : cv_(cv), spec_(spec), ctx_(ctx) {
        width_ = spec.page.width - spec.page.margin_left - spec.page.margin_right;
    }

    void build() {
        header();
        for (const auto& s : cv_.sections) section(s);
    }

    std::vector<FlowLine> lines;
    std::vector<std::string> outline;

private:
    // ---- helpers -------------------------------------------------------------------

    void push(LineBox box, float x, float leading, float space_before, bool keep = false) {
        FlowLine l;
        l.box = std::move(box);
        l.x = x;
        l.leading = leading;
        l.space_before = space_before;
        l.keep_with_next = keep;
        lines.push_back(std::move(l));
    }

    void add_markup(Paragraph& p, const model::Text& t, const style::TextStyle& st) {
        if (t.empty()) return;
        p.add_spans(style::parse_inline(t), st);
    }

    // Paragraph lines at `x`, width `w`; widows and orphans are kept with their neighbours.
    void push_paragraph(Paragraph& p, float x, float w, float leading, float space_before) {
        auto ls = p.layout(w, spec_.body.justify);
        for (size_t i = 0; i < ls.size(); ++i) {
            bool keep = ls.size() >= 2 && (i == 0 || i + 2 == ls.size());
            push(std::move(ls[i]), x, leading, i == 0 ? space_before : 0, keep);
        }
    }

    // A line with `left` text flush left and `right` flush right on the same baseline.
    // The left part wraps if it would run into the right part.
    void push_split(Paragraph& left, Paragraph& right, float leading, float space_before, bool keep) {
        LineBox r = right.single_line();
        const float gap = right.empty() ? 0 : spec_.body.style.size;
        auto ls = left.layout(std::max(width_ / 3, width_ - r.width - gap), false);
        if (ls.empty()) ls.emplace_back();
        LineBox& first = ls[0];
        first.append(r, width_ - r.width);
        first.ascent = std::max(first.ascent, r.ascent);
        first.descent = std::max(first.descent, r.descent);
        first.width = width_;
        for (size_t i = 0; i < ls.size(); ++i)
            push(std::move(ls[i]), 0, leading, i == 0 ? space_before : 0, keep || i + 1 < ls.size());
    }

    // ---- header ----------------------------------------------------------------------

    void centered(LineBox box, style::Align align, float leading, float space_before) {
        float x = 0;
        if (align == style::Align::Center) x = (width_ - box.width) / 2;
        else if (align == style::Align::Right) x = width_ - box.width;
        push(std::move(box), x, leading, space_before, true);
    }

    void header() {
        const auto& p = cv_.person;
        const auto& ns = spec_.name_style;
        Paragraph name(ctx_);
        InlineStyle st = ctx_.resolve(ns.style);
        st.no_hyphenate = true;
        name.add_text(p.name, st);
        LineBox nb = name.single_line();
        centered(std::move(nb), ns.align, ns.style.size * 1.2f, 0);

        const auto& cs = spec_.contact;
        if (!p.headline.empty()) {
            Paragraph h(ctx_);
            add_markup(h, p.headline, cs.style);
            for (auto& l : h.layout(width_, false)) centered(std::move(l), cs.align, cs.style.size * 1.3f, ns.space_after);
        }
        // Contact items, each clickable, joined by the separator; wraps between items only.
        struct Item {
            std::string text, uri;
        };
        std::vector<Item> items;
        if (!p.location.empty()) items.push_back({p.location, ""});
        if (!p.email.empty()) items.push_back({p.email, "mailto:" + p.email});
        if (!p.phone.empty()) items.push_back({p.phone, "tel:" + phone_uri(p.phone)});
        if (!p.website.empty()) items.push_back({strip_scheme(p.website), p.website});
        for (const auto& l : p.links) items.push_back({l.label.empty() ? strip_scheme(l.url) : l.label, l.url});
        if (!items.empty()) {
            Paragraph c(ctx_);
            InlineStyle base = ctx_.resolve(cs.style);
            base.no_hyphenate = true;
            for (size_t i = 0; i < items.size(); ++i) {
                if (i) c.add_text(cs.separator, base);
                InlineStyle s = base;
                if (!items[i].uri.empty()) {
                    s.link = items[i].uri;
                    s.color = to_color(spec_.links.color);
                    s.underline = spec_.links.underline;
                }
                // Bind the item's own words so a wrap falls only at a separator.
                std::string t = items[i].text;
                for (size_t k = 0; (k = t.find(' ', k)) != std::string::npos;) t.replace(k, 1, "\u00A0");
                c.add_text(t, s);
            }
            bool first = true;
            for (auto& l : c.layout(width_, false)) {
                centered(std::move(l), cs.align, cs.style.size * 1.3f, first ? ns.space_after : 0);
                first = false;
            }
        }
        header_end_ = lines.size();
    }

    static std::string strip_scheme(const std::string& url) {
        for (const char* s : {"https://", "http://", "mailto:"})
            if (url.rfind(s, 0) == 0) {
                std::string r = url.substr(std::string(s).size());
                if (!r.empty() && r.back() == '/') r.pop_back();
                return r;
            }
        return url;
    }

    static std::string phone_uri(const std::string& phone) {
        std::string r;
        for (char c : phone)
            if ((c >= '0' && c <= '9') || c == '+') r += c;
        return r;
    }

    // ---- sections ----------------------------------------------------------------------

    void section(const model::Section& s) {
        const auto& hs = spec_.heading;
        Paragraph h(ctx_);
        auto spans = style::parse_inline(s.title);
        h.add_spans(spans, hs.style);
        LineBox hb = h.single_line();
        if (hs.rule > 0) {
            hb.rules.push_back({0, hs.rule_gap, width_, hs.rule, to_color(hs.rule_color)});
            hb.descent = std::max(hb.descent, hs.rule_gap + hs.rule);
        }
        hb.width = width_;
        FlowLine l;
        l.box = std::move(hb);
        l.leading = hs.style.size * 1.2f;
        l.space_before = lines.size() > header_end_ ? hs.space_above : hs.space_above * 0.6f;
        // A heading never ends a page: it stays with what follows.
        l.keep_with_next = true;
        l.outline = int(outline.size());
        outline.push_back(style::plain_text(spans));
        lines.push_back(std::move(l));
        after_heading_ = true;
        const size_t first_content = lines.size();

        switch (s.kind) {
            case model::Section::Kind::Entries:
                for (size_t i = 0; i < s.entries.size(); ++i) entry(s.entries[i], i == 0);
                break;
            case model::Section::Kind::Publications: publications(s.publications); break;
            case model::Section::Kind::Items:
                list(s.items, 0, s.numbered, s.bullet, hs.space_below);
                break;
            case model::Section::Kind::Text: {
                Paragraph p(ctx_);
                add_markup(p, s.text, spec_.body.style);
                push_paragraph(p, 0, width_, spec_.body.leading, hs.space_below);
                break;
            }
        }
        // The heading's keep reaches two lines into the section (TeX's \clubpenalty spirit).
        if (lines.size() > first_content + 1) lines[first_content].keep_with_next = true;
    }

    void entry(const model::Entry& e, bool first) {
        const auto& es = spec_.entry;
        const float gap = first ? spec_.heading.space_below : es.space_above;
        const size_t start = lines.size();

        Paragraph left(ctx_);
        add_markup(left, e.title, es.title);
        if (!e.organisation.empty()) {
            if (!e.title.empty()) left.add_text(es.title_separator, ctx_.resolve(es.title));
            add_markup(left, e.organisation, es.organisation);
        }
        Paragraph right(ctx_);
        dates_into(right, e.dates, es.dates);
        push_split(left, right, spec_.body.leading, gap, true);

        if (!e.role.empty() || !e.location.empty()) {
            Paragraph role(ctx_), loc(ctx_);
            add_markup(role, e.role, es.role);
            add_markup(loc, e.location, es.location);
            push_split(role, loc, es.head_leading, 0, true);
        }
        body(e.summary, e.bullets);
        for (const auto& r : e.roles) {
            Paragraph role(ctx_), when(ctx_);
            add_markup(role, r.role, es.role);
            if (!r.location.empty()) {
                role.add_text(es.title_separator, ctx_.resolve(es.role));
                add_markup(role, r.location, es.location);
            }
            dates_into(when, r.dates, es.dates);
            push_split(role, when, es.head_leading + es.space_below_head, es.space_below_head, true);
            body(r.summary, r.bullets);
        }
        // The entry's head lines never part from their first line of content.
        for (size_t i = start; i + 1 < lines.size() && i < start + 2; ++i) lines[i].keep_with_next = true;
    }

    void body(const model::Text& summary, const std::vector<model::ListItem>& bullets) {
        const auto& es = spec_.entry;
        float gap = es.space_below_head;
        if (!summary.empty()) {
            Paragraph p(ctx_);
            add_markup(p, summary, spec_.body.style);
            push_paragraph(p, 0, width_, spec_.body.leading, gap);
            gap = 0;
        }
        if (!bullets.empty()) list(bullets, 0, false, "", gap + spec_.list.space_above);
    }

    void dates_into(Paragraph& p, const model::Dates& d, const style::TextStyle& st) {
        if (!d.text.empty()) {
            add_markup(p, d.text, st);
            return;
        }
        std::string s = format_dates(d, spec_.dates);
        if (!s.empty()) {
            InlineStyle is = ctx_.resolve(st);
            is.no_hyphenate = true;
            p.add_text(s, is);
        }
    }

    // A list: the label right-aligned in the indent, the text hanging beside it.
    void list(const std::vector<model::ListItem>& items, float x0, bool numbered, const std::string& bullet,
              float space_before) {
        const auto& ls = spec_.list;
        const float indent = x0 == 0 ? ls.indent : ls.nested_indent;
        const float x = x0 + indent;
        for (size_t i = 0; i < items.size(); ++i) {
            const auto& it = items[i];
            std::string label = numbered ? std::to_string(i + 1) + ls.number_suffix
                                         : (bullet.empty() ? ls.bullet : bullet);
            Paragraph lp(ctx_);
            lp.add_text(label, ctx_.resolve(spec_.body.style));
            LineBox lb = lp.single_line();
            item_lines(it.text, x, lb, i == 0 ? space_before : ls.item_gap);
            if (!it.children.empty()) list(it.children, x, it.children_numbered, "", 0);
        }
    }

    // One list item's paragraph with its label; `label` is placed left of the first line.
    void item_lines(const model::Text& text, float x, const LineBox& label, float space_before) {
        Paragraph p(ctx_);
        add_markup(p, text, spec_.body.style);
        item_paragraph(p, x, label, space_before);
    }

    void item_paragraph(Paragraph& p, float x, const LineBox& label, float space_before) {
        auto ls = p.layout(width_ - x, spec_.body.justify);
        if (ls.empty()) ls.emplace_back();
        LineBox& first = ls[0];
        // The label is drawn before the text so extraction reads "1. Text", not "Text 1.".
        LineBox withlabel;
        withlabel.append(label, -spec_.list.label_gap - label.width);
        withlabel.append(first, 0);
        withlabel.width = first.width;
        withlabel.ascent = std::max(first.ascent, label.ascent);
        withlabel.descent = std::max(first.descent, label.descent);
        first = std::move(withlabel);
        for (size_t i = 0; i < ls.size(); ++i) {
            bool keep = ls.size() >= 2 && (i == 0 || i + 2 == ls.size());
            push(std::move(ls[i]), x, spec_.body.leading, i == 0 ? space_before : 0, keep);
        }
    }

    // ---- publications -----------------------------------------------------------------------

    void publications(const std::vector<model::Publication>& pubs) {
        const auto& ps = spec_.publications;
        const auto& body = spec_.body.style;
        for (size_t i = 0; i < pubs.size(); ++i) {
            const auto& pub = pubs[i];
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
                std::string name = au.name;
                for (size_t k = 0; (k = name.find(' ', k)) != std::string::npos;) name.replace(k, 1, "\u00A0");
                p.add_text(name, s);
                if (au.equal_contribution) {
                    p.add_text("*", plain);
                    equal = true;
                }
            }
            if (!pub.authors.empty()) p.add_text(". ", plain);
            // The title itself links to the paper (DOI first), as a reader expects to click it.
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
            Paragraph lp(ctx_);
            lp.add_text(ps.numbered ? std::to_string(i + 1) + spec_.list.number_suffix : spec_.list.bullet, plain);
            LineBox label = lp.single_line();
            float gap = i == 0 ? spec_.heading.space_below : spec_.list.item_gap;
            item_paragraph(p, spec_.list.indent, label, gap);
        }
    }

    const model::Cv& cv_;
    const style::LayoutSpec& spec_;
    Context& ctx_;
    float width_ = 0;
    size_t header_end_ = 0;
    bool after_heading_ = false;
};

}  // namespace

LayoutResult layout_cv(const model::Cv& cv, const style::LayoutSpec& spec, Resources& res) {
    LayoutResult out;
    Context ctx(res, spec, out.doc);
    CvLayout l(cv, spec, ctx);
    l.build();
    Column col{spec.page.margin_left, spec.page.margin_top, spec.page.width - spec.page.margin_left - spec.page.margin_right,
               spec.page.height - spec.page.margin_bottom};
    flow_lines(l.lines, l.outline, col, spec.page.width, spec.page.height, out.doc);

    auto& m = out.doc.meta;
    m.title = cv.meta.title.empty() ? "Curriculum Vitae of " + cv.person.name : cv.meta.title;
    m.author = cv.person.name;
    m.subject = cv.meta.subject;
    m.keywords = cv.meta.keywords;
    m.lang = cv.meta.language;
    out.warnings = ctx.warnings();
    return out;
}

}  // namespace cvpdf::layout
