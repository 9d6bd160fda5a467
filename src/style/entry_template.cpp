#include "style/entry_template.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "style/toml_reader.hpp"

namespace cvpdf::style {
namespace {

constexpr const char* kNames[kFieldCount] = {"title", "organisation", "role", "location", "dates", "summary"};

// Placeholders stand in the text given to the markup parser as one private-use character
// each (U+F0000 + field), which the parser treats as a letter: "**{title}**" is bold.
constexpr char32_t kSentinel = 0xF0000;

// The field of a sentinel at `s[i]`, or -1.
int sentinel_at(std::string_view s, size_t i) {
    if (i + 4 > s.size() || static_cast<unsigned char>(s[i]) != 0xF3) return -1;
    char32_t cp = (char32_t(s[i] & 0x07) << 18) | (char32_t(s[i + 1] & 0x3F) << 12) |
                  (char32_t(s[i + 2] & 0x3F) << 6) | char32_t(s[i + 3] & 0x3F);
    if (cp < kSentinel || cp >= kSentinel + kFieldCount) return -1;
    return int(cp - kSentinel);
}

bool ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Brackets that wrap a field: "(" … ")" go with it when it is left out.
constexpr const char* kOpeners[] = {"(", "[", "{", "\"", "'", "\u201C", "\u2018", "\u00AB", "\u2039"};
constexpr const char* kClosers[] = {")", "]", "}", "\"", "'", "\u201D", "\u2019", "\u00BB", "\u203A"};

template <size_t N>
size_t match_front(std::string_view s, const char* const (&set)[N]) {
    for (const char* m : set) {
        std::string_view v(m);
        if (s.substr(0, v.size()) == v) return v.size();
    }
    return 0;
}

template <size_t N>
size_t match_back(std::string_view s, const char* const (&set)[N]) {
    for (const char* m : set) {
        std::string_view v(m);
        if (s.size() >= v.size() && s.substr(s.size() - v.size()) == v) return v.size();
    }
    return 0;
}

bool splittable(const TemplatePiece& p) { return !p.is_field && !p.raw && !p.span.math && !p.span.code; }

// Leading closing brackets of `run` move to the end of `out`.
void take_front(std::vector<TemplatePiece>& run, std::vector<TemplatePiece>& out) {
    while (!run.empty() && splittable(run.front())) {
        std::string& t = run.front().span.text;
        size_t k = 0;
        while (size_t m = match_front(std::string_view(t).substr(k), kClosers)) k += m;
        if (k == 0) return;
        TemplatePiece head = run.front();
        head.span.text = t.substr(0, k);
        out.push_back(std::move(head));
        if (k < t.size()) {
            t.erase(0, k);
            return;
        }
        run.erase(run.begin());
    }
}

// Trailing opening brackets of `run` move to the front of `out`.
void take_back(std::vector<TemplatePiece>& run, std::vector<TemplatePiece>& out) {
    while (!run.empty() && splittable(run.back())) {
        std::string& t = run.back().span.text;
        size_t k = 0;
        while (size_t m = match_back(std::string_view(t).substr(0, t.size() - k), kOpeners)) k += m;
        if (k == 0) return;
        TemplatePiece tail = run.back();
        tail.span.text = t.substr(t.size() - k);
        out.insert(out.begin(), std::move(tail));
        if (k < t.size()) {
            t.erase(t.size() - k);
            return;
        }
        run.pop_back();
    }
}

TemplatePiece literal(std::string text, bool raw) {
    TemplatePiece p;
    p.span.text = std::move(text);
    p.raw = raw;
    return p;
}

TemplatePiece field(Field f) {
    TemplatePiece p;
    p.is_field = true;
    p.field = f;
    return p;
}

// Literal runs between placeholders become prefixes, suffixes and separators.
TemplatePart assemble(std::vector<TemplatePiece> flat, std::string source) {
    TemplatePart part;
    part.source = std::move(source);
    std::vector<TemplatePiece> run;
    for (auto& p : flat) {
        if (!p.is_field) {
            run.push_back(std::move(p));
            continue;
        }
        TemplateSlot slot;
        slot.field = std::move(p);
        if (part.slots.empty()) {
            slot.prefix = std::move(run);
        } else {
            auto& prev = part.slots.back();
            take_front(run, prev.suffix);
            take_back(run, slot.prefix);
            prev.separator = std::move(run);
        }
        run.clear();
        part.slots.push_back(std::move(slot));
    }
    if (part.slots.empty()) part.literal = std::move(run);
    else for (auto& p : run) part.slots.back().suffix.push_back(std::move(p));
    return part;
}

}  // namespace

const char* field_name(Field f) { return kNames[int(f)]; }

bool TemplatePart::uses(Field f) const {
    for (const auto& s : slots)
        if (s.field.field == f) return true;
    return false;
}

std::vector<RenderedPiece> render_part(const TemplatePart& part, const bool (&present)[kFieldCount]) {
    std::vector<RenderedPiece> out;
    if (part.slots.empty()) {
        // A part without placeholders is set in the body style (the summary's).
        for (const auto& p : part.literal) out.push_back({&p, Field::Summary});
        return out;
    }
    // Between two shown fields: the separator written just before the second one ("at" in
    // "{role} at {organisation}" goes with the organisation), in the first one's style.
    const TemplateSlot* prev = nullptr;
    for (size_t i = 0; i < part.slots.size(); ++i) {
        const TemplateSlot& s = part.slots[i];
        const Field f = s.field.field;
        if (!present[int(f)]) continue;
        if (prev)
            for (const auto& p : part.slots[i - 1].separator) out.push_back({&p, prev->field.field});
        for (const auto& p : s.prefix) out.push_back({&p, f});
        out.push_back({&s.field, f});
        for (const auto& p : s.suffix) out.push_back({&p, f});
        prev = &s;
    }
    return out;
}

std::string rendered_text(const std::vector<RenderedPiece>& pieces) {
    std::string r;
    for (const auto& rp : pieces) {
        const TemplatePiece& p = *rp.piece;
        if (p.is_field) r += std::string("{") + field_name(p.field) + "}";
        else if (p.span.math || p.span.code) r += p.span.text;
        else r += p.span.text;
    }
    return r;
}

TemplatePart parse_template_part(const model::Text& text, const std::string& where) {
    const std::string& s = text.src;
    // The text for the markup parser: placeholders as sentinels, and an anchor for every
    // character so that markup errors still point into the layout file.
    model::Text sub;
    sub.pos = text.pos;
    auto anchor = [&](size_t src_off) {
        SourcePos p = model::text_position(text, src_off);
        sub.anchors.push_back({uint32_t(sub.src.size()), p.line, p.col});
    };
    std::vector<std::string> names(std::begin(kNames), std::end(kNames));
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '\\' && i + 1 < s.size()) {  // a markup escape: "\{" is a brace
            size_t n = 1 + utf8_seq_len(static_cast<unsigned char>(s[i + 1]));
            anchor(i);
            sub.src.append(s, i, n);
            i += n;
            continue;
        }
        if (s[i] == '{') {
            size_t j = i + 1;
            while (j < s.size() && ident_char(s[j])) ++j;
            if (j > i + 1 && j < s.size() && s[j] == '}') {
                const std::string name = s.substr(i + 1, j - i - 1);
                auto it = std::find(names.begin(), names.end(), name);
                if (it == names.end()) {
                    std::string msg = "unknown placeholder '{" + name + "}' in '" + where + "'";
                    std::string lower = name;
                    for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
                    std::string hint = suggest(lower, names);
                    if (!hint.empty()) msg += "; did you mean '{" + hint + "}'?";
                    else msg += " (use {title}, {organisation}, {role}, {location}, {dates} or {summary})";
                    throw Error(msg, model::text_position(text, i));
                }
                anchor(i);
                append_utf8(sub.src, kSentinel + char32_t(it - names.begin()));
                i = j + 1;
                continue;
            }
        }
        size_t n = utf8_seq_len(static_cast<unsigned char>(s[i]));
        anchor(i);
        sub.src.append(s, i, std::min(n, s.size() - i));
        i += n;
    }
    std::vector<TemplatePiece> flat;
    for (auto& span : parse_inline(sub)) {
        TemplatePiece base;
        base.bold = span.bold;
        base.italic = span.italic;
        base.span = span;
        base.span.bold = base.span.italic = false;
        if (span.math || span.code) {
            flat.push_back(std::move(base));
            continue;
        }
        const std::string& t = span.text;
        size_t start = 0;
        for (size_t i = 0; i < t.size();) {
            int f = sentinel_at(t, i);
            if (f < 0) {
                i += utf8_seq_len(static_cast<unsigned char>(t[i]));
                continue;
            }
            if (i > start) {
                TemplatePiece lit = base;
                lit.span.text = t.substr(start, i - start);
                flat.push_back(std::move(lit));
            }
            TemplatePiece fp = base;
            fp.is_field = true;
            fp.field = Field(f);
            fp.span.text.clear();
            flat.push_back(std::move(fp));
            i += 4;
            start = i;
        }
        if (start < t.size()) {
            TemplatePiece lit = base;
            lit.span.text = t.substr(start);
            flat.push_back(std::move(lit));
        }
    }
    return assemble(std::move(flat), s);
}

EntryTemplate default_entry_head(const std::string& sep) {
    std::vector<TemplatePiece> title{field(Field::Title), literal(sep, true), field(Field::Organisation)};
    TemplateLine first{assemble(std::move(title), "{title}" + sep + "{organisation}"),
                       assemble({field(Field::Dates)}, "{dates}")};
    TemplateLine second{assemble({field(Field::Role)}, "{role}"), assemble({field(Field::Location)}, "{location}")};
    return {std::move(first), std::move(second)};
}

EntryTemplate default_role_head(const std::string& sep) {
    std::vector<TemplatePiece> role{field(Field::Role), literal(sep, true), field(Field::Location)};
    return {TemplateLine{assemble(std::move(role), "{role}" + sep + "{location}"), assemble({field(Field::Dates)}, "{dates}")}};
}

}  // namespace cvpdf::style
