// model::Cv → cvpdf TOML (docs/data-schema.md), for `cvpdf convert`. The output is meant
// to be read and edited by people: comments say what each part is, one key per line,
// literal strings where they keep markup escapes readable ('C\+\+' rather than "C\\+\\+").
#include <cctype>
#include <cstdio>
#include <sstream>

#include "import/import.hpp"

#include "base/text.hpp"

namespace cvpdf::import {

namespace {

// A TOML string: 'literal' when that can hold it as is, else "basic" with escapes.
std::string quote(std::string_view s) {
    bool literal_ok = true;
    for (unsigned char c : s)
        if (c == '\'' || c < 0x20 || c == 0x7F) literal_ok = false;
    if (literal_ok) return std::string(1, '\'').append(s).append(1, '\'');
    return toml_quote(s);
}

std::string date_value(const model::Date& d) {
    char buf[16];
    switch (d.kind) {
        case model::Date::Kind::Exact:
            if (d.month == 0) std::snprintf(buf, sizeof buf, "%04d", d.year);
            else if (d.day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
            else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
            return quote(buf);
        case model::Date::Kind::Present: return quote("present");
        case model::Date::Kind::Literal: return quote(d.literal);
        case model::Date::Kind::None: break;
    }
    return {};
}

bool all_digits(const std::string& s) {
    if (s.size() != 4) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

class Writer {
public:
    std::string str() const { return out_.str(); }

    void cv(const model::Cv& cv) {
        out_ << "# CV data for cvpdf (schema: docs/data-schema.md).\n";
        if (!cv.source.empty()) out_ << "# Converted from " << cv.source << ".\n";
        out_ << "# Text fields take inline markup: **bold**, *italic*, [text](url), $math$, ~ (non-breaking\n"
                "# space); a backslash makes a character literal (\\* \\_ \\$ \\[ \\] \\~ \\\\).\n\n";
        person(cv.person);
        meta(cv);
        for (const auto& s : cv.sections) section(s);
        for (const auto& v : cv.variants) variant(v);
    }

private:
    std::ostringstream out_;

    void kv(const char* key, const std::string& value) {
        if (!value.empty()) out_ << key << " = " << quote(value) << '\n';
    }
    void kv(const char* key, const model::Text& value) { kv(key, value.src); }
    void strings(const char* key, const std::vector<std::string>& v) {
        if (v.empty()) return;
        out_ << key << " = [";
        for (size_t i = 0; i < v.size(); ++i) out_ << (i ? ", " : "") << quote(v[i]);
        out_ << "]\n";
    }

    void person(const model::Person& p) {
        out_ << "[person]\n";
        out_ << "name = " << quote(p.name) << '\n';
        strings("aliases", p.aliases);
        kv("headline", p.headline);
        kv("email", p.email);
        kv("phone", p.phone);
        kv("website", p.website);
        kv("location", p.location);
        if (!p.links.empty()) {
            out_ << "links = [\n";
            for (const auto& l : p.links)
                out_ << "  { label = " << quote(l.label) << ", url = " << quote(l.url) << " },\n";
            out_ << "]\n";
        }
    }

    void meta(const model::Cv& cv) {
        const auto& m = cv.meta;
        bool default_title = m.title.empty() || m.title == "Curriculum Vitae of " + cv.person.name;
        if (default_title && m.subject.empty() && m.keywords.empty() && m.language.empty()) return;
        out_ << "\n# PDF document properties.\n[meta]\n";
        if (!default_title) kv("title", m.title);
        kv("subject", m.subject);
        kv("keywords", m.keywords);
        if (!m.language.empty()) kv("language", m.language);
    }

    void section(const model::Section& s) {
        static const char* what[] = {"entries", "publications", "a list", "a paragraph"};
        out_ << "\n# " << std::string(60, '-') << "\n[[sections]]\n";
        out_ << "title = " << quote(s.title.src) << "  # " << what[int(s.kind)] << '\n';
        strings("tags", s.tags);
        switch (s.kind) {
            case model::Section::Kind::Entries:
                for (const auto& e : s.entries) entry(e);
                break;
            case model::Section::Kind::Publications:
                for (const auto& p : s.publications) publication(p);
                break;
            case model::Section::Kind::Items:
                if (s.numbered) out_ << "numbered = true\n";
                if (!s.bullet.empty()) kv("bullet", s.bullet);
                list("items", s.items);
                break;
            case model::Section::Kind::Text:
                out_ << "text = " << quote(s.text.src) << '\n';
                break;
        }
    }

    static std::string key(const std::string& k) {
        bool bare = !k.empty();
        for (unsigned char c : k)
            if (!std::isalnum(c) && c != '_' && c != '-') bare = false;
        return bare ? k : quote(k);
    }

    // [variants.NAME]: `set` values are kept as the TOML text they were written as.
    void variant(const model::Variant& v) {
        out_ << "\n# A variant: cvpdf DATA --variant " << v.name << "\n[variants." << key(v.name) << "]\n";
        if (!(v.tags.size() == 1 && v.tags[0] == v.name)) {
            out_ << "tags = [";
            for (size_t i = 0; i < v.tags.size(); ++i) out_ << (i ? ", " : "") << quote(v.tags[i]);
            out_ << "]\n";
        }
        kv("layout", v.layout);
        if (!v.set.empty()) {
            out_ << "set = { ";
            for (size_t i = 0; i < v.set.size(); ++i)
                out_ << (i ? ", " : "") << quote(v.set[i].key) << " = " << v.set[i].value;
            out_ << " }\n";
        }
    }

    void dates(const model::Dates& d) {
        if (d.start.kind != model::Date::Kind::None) out_ << "start = " << date_value(d.start) << '\n';
        if (d.end.kind != model::Date::Kind::None) out_ << "end = " << date_value(d.end) << '\n';
        if (d.date.kind != model::Date::Kind::None) out_ << "date = " << date_value(d.date) << '\n';
        kv("dates", d.text);
    }

    void entry(const model::Entry& e) {
        out_ << "\n[[sections.entries]]\n";
        kv("title", e.title);
        kv("organisation", e.organisation);
        kv("role", e.role);
        kv("location", e.location);
        dates(e.dates);
        kv("summary", e.summary);
        list("bullets", e.bullets);
        strings("tags", e.tags);
        for (const auto& r : e.roles) {
            out_ << "[[sections.entries.roles]]\n";
            out_ << "role = " << quote(r.role.src) << '\n';
            kv("location", r.location);
            dates(r.dates);
            kv("summary", r.summary);
            list("bullets", r.bullets);
        }
    }

    void publication(const model::Publication& p) {
        out_ << "\n[[sections.publications]]\n";
        if (!p.authors.empty()) {
            out_ << "authors = [";
            for (size_t i = 0; i < p.authors.size(); ++i)
                out_ << (i ? ", " : "") << quote(p.authors[i].name + (p.authors[i].equal_contribution ? "*" : ""));
            out_ << "]\n";
        }
        out_ << "title = " << quote(p.title.src) << '\n';
        kv("venue", p.venue);
        if (all_digits(p.year)) out_ << "year = " << p.year << '\n';
        else kv("year", p.year);
        kv("status", p.status);
        kv("note", p.note);
        kv("url", p.url);
        kv("doi", p.doi);
        strings("tags", p.tags);
    }

    // A list item: a string, or an inline table when it has a sub-list (kept on one line,
    // as TOML 1.0 inline tables are).
    std::string item(const model::ListItem& it) {
        if (it.children.empty()) return quote(it.text.src);
        std::string s = "{ text = " + quote(it.text.src);
        if (it.children_numbered) s += ", numbered = true";
        s += ", items = [";
        for (size_t i = 0; i < it.children.size(); ++i) s += (i ? ", " : "") + item(it.children[i]);
        return s + "] }";
    }

    void list(const char* key, const std::vector<model::ListItem>& items) {
        if (items.empty()) return;
        out_ << key << " = [\n";
        for (const auto& it : items) out_ << "  " << item(it) << ",\n";
        out_ << "]\n";
    }
};

}  // namespace

std::string to_toml(const model::Cv& cv) {
    Writer w;
    w.cv(cv);
    return w.str();
}

}  // namespace cvpdf::import
