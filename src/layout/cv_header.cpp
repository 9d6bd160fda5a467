// The CV's header: name (optionally a two-tone family name), headline or tagline, and the
// contact line with every item clickable, with icons or separators.
#include <algorithm>
#include <cctype>

#include "layout/cv_builder.hpp"

namespace cvpdf::layout {
namespace {

std::string bind_words(std::string t) {
    for (size_t k = 0; (k = t.find(' ', k)) != std::string::npos;) t.replace(k, 1, "\u00A0");
    return t;
}

std::string phone_uri(const std::string& phone) {
    std::string r;
    for (char c : phone)
        if ((c >= '0' && c <= '9') || c == '+') r += c;
    return r;
}

// An item's text as one unit for the bidi algorithm: e-mail addresses, phone numbers and
// URLs read left to right even on a right-to-left line ("+972 50 123 4567", never
// "972 50 123 4567+"), inside U+2066 LEFT-TO-RIGHT ISOLATE … U+2069 POP DIRECTIONAL ISOLATE;
// a label takes the direction of its first letter (U+2068 FIRST STRONG ISOLATE). The
// paragraph neither draws nor extracts the marks; a line without right-to-left text and on
// a left-to-right page never runs the algorithm.
constexpr const char* kLtrIsolate = "\u2066";
constexpr const char* kFirstStrongIsolate = "\u2068";
std::string isolate(const char* opener, const std::string& text) {
    if (!*opener) return text;
    return opener + text + "\u2069";
}

std::string lower(std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Font Awesome 4 code points for the contact kinds and well-known profile sites.
const char* icon_for(const std::string& kind, const std::string& url) {
    if (kind == "email") return "\uF0E0";
    if (kind == "phone") return "\uF095";
    if (kind == "location") return "\uF041";
    if (kind == "website") return "\uF0AC";
    std::string k = lower(kind + " " + url);
    if (k.find("github") != std::string::npos) return "\uF09B";
    if (k.find("gitlab") != std::string::npos) return "\uF296";
    if (k.find("linkedin") != std::string::npos) return "\uF0E1";
    if (k.find("twitter") != std::string::npos) return "\uF099";
    if (k.find("scholar") != std::string::npos) return "\uF19D";
    if (k.find("stackoverflow") != std::string::npos) return "\uF16C";
    return "\uF0C1";  // a chain link
}

}  // namespace

void CvBuilder::aligned(LineBox box, style::Align align, float leading, float space_before) {
    float x = 0;
    if (align == style::Align::Center) x = (column_ - box.width) / 2;
    else if (align == style::Align::Right) x = column_ - box.width;
    push(std::move(box), x - cx_, leading, space_before, true, true);
}

void CvBuilder::header() {
    header_name();
    header_contact();
    header_end_ = out_->size();
}

void CvBuilder::header_name() {
    const auto& p = cv_.person;
    const auto& ns = spec_.name_style;
    Paragraph name(ctx_);
    InlineStyle st = ctx_.resolve(ns.style);
    st.no_hyphenate = true;
    size_t cut = p.name.rfind(' ');
    if (ns.last_word_differs && cut != std::string::npos) {
        name.add_text(p.name.substr(0, cut + 1), st);
        InlineStyle last = ctx_.resolve(ns.last_word);
        last.no_hyphenate = true;
        name.add_text(p.name.substr(cut + 1), last);
    } else {
        name.add_text(p.name, st);
    }
    {
        Scope sc(*this, elem("H1"));
        for (auto& l : name.layout(column_, false)) aligned(std::move(l), ns.align, ns.style.size * 1.1f, 0);
    }
    const auto& cs = spec_.contact;
    Scope sc(*this, p.headline.empty() && ns.tagline.empty() ? -1 : elem("P"));
    if (!p.headline.empty()) {
        Paragraph h(ctx_);
        add_markup(h, p.headline, ns.tagline.empty() ? cs.style : ns.tagline_style);
        for (auto& l : h.layout(column_, false)) aligned(std::move(l), ns.align, cs.style.size * 1.3f, 0);
    } else if (!ns.tagline.empty()) {
        Paragraph h(ctx_);
        h.add_text(ns.tagline, ctx_.resolve(ns.tagline_style));
        aligned(h.single_line(), ns.align, ns.tagline_style.size * 1.3f, 0);
    }
}

void CvBuilder::header_contact() {
    const auto& p = cv_.person;
    const auto& cs = spec_.contact;
    struct Item {
        std::string kind, text, uri;
        const char* isolate = kLtrIsolate;  // an address, number or URL: left to right as a unit
    };
    std::vector<Item> items;
    if (!p.email.empty()) items.push_back({"email", p.email, "mailto:" + p.email});
    if (!p.phone.empty()) items.push_back({"phone", p.phone, "tel:" + phone_uri(p.phone)});
    if (!p.website.empty()) items.push_back({"website", strip_scheme(p.website), p.website});
    for (const auto& l : p.links)
        items.push_back({l.label, l.label.empty() ? strip_scheme(l.url) : l.label, l.url,
                         l.label.empty() ? kLtrIsolate : kFirstStrongIsolate});
    if (!p.location.empty()) items.push_back({"location", p.location, "", ""});
    if (items.empty()) return;
    Scope sc(*this, elem("P"));

    const bool icons = cs.icons && !spec_.fonts.icons.empty();
    InlineStyle base = ctx_.resolve(cs.style);
    base.no_hyphenate = true;
    InlineStyle icon = base;
    if (icons) {
        icon.font = &ctx_.icon_font();
        icon.color = to_color(cs.icon_color);
        icon.features = "";
    }
    // A narrow column (a sidebar) lists one item per line; a wide one wraps between items.
    const bool stacked = column_ < 260;
    auto item_style = [&](const Item& it) {
        InlineStyle s = base;
        if (!it.uri.empty()) {
            s.link = it.uri;
            s.color = to_color(spec_.links.color);
            s.underline = spec_.links.underline;
        }
        return s;
    };
    float before = spec_.name_style.space_after;
    if (stacked) {
        for (const auto& it : items) {
            Paragraph c(ctx_);
            if (icons) {
                c.add_text(icon_for(it.kind, it.uri), icon);
                c.add_text("\u00A0\u00A0", base);
            }
            c.add_text(isolate(it.isolate, it.text), item_style(it));
            for (auto& l : c.layout(column_, false)) {
                aligned(std::move(l), cs.align, cs.style.size * 1.6f, before);
                before = 0;
            }
        }
        return;
    }
    Paragraph c(ctx_);
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) c.add_text(icons ? "\u2003 " : cs.separator, base);
        if (icons) {
            c.add_text(icon_for(items[i].kind, items[i].uri), icon);
            c.add_text("\u00A0", base);
        }
        // The item's own words are bound together so a wrap falls only between items.
        c.add_text(isolate(items[i].isolate, bind_words(items[i].text)), item_style(items[i]));
    }
    for (auto& l : c.layout(column_, false)) {
        aligned(std::move(l), cs.align, cs.style.size * 1.35f, before);
        before = 0;
    }
}

}  // namespace cvpdf::layout
