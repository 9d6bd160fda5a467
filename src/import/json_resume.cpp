// JSON Resume 1.0 (https://jsonresume.org/schema) → model::Cv. Mapping: docs/import.md.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include "import/import.hpp"
#include "base/text.hpp"
#include "import/json_tree.hpp"
#include "import/rendercv.hpp"
#include "model/dates.hpp"
#include "model/toml_util.hpp"

namespace cvpdf::import {

using detail::JsonValue;
using T = JsonValue::Type;

std::string escape_markup(std::string_view plain) {
    std::string out;
    out.reserve(plain.size());
    for (char c : plain) {
        if (c == '\\' || c == '*' || c == '_' || c == '[' || c == ']' || c == '$' || c == '~' || c == '`') out += '\\';
        out += c;
    }
    return out;
}

namespace {

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::string at(const SourcePos& p) { return std::to_string(p.line) + ":" + std::to_string(p.col); }

// A URL inside [text](url) markup: characters that would end or confuse it are
// percent-encoded (equivalent in a URL).
std::string markup_url(std::string_view url) {
    std::string out;
    for (char c : url) {
        if (c == ' ') out += "%20";
        else if (c == '(') out += "%28";
        else if (c == ')') out += "%29";
        else if (c == '\\') out += "%5C";
        else if (c == '\n' || c == '\r' || c == '\t') continue;
        else out += c;
    }
    return out;
}

bool word_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

class Reader;

// One JSON object being read: remembers which keys were used and warns about the rest.
class Obj {
public:
    Obj(Reader& r, const JsonValue& v, std::string path, std::initializer_list<const char*> known);
    ~Obj() = default;

    const JsonValue* get(std::string_view key) const;  // null → absent
    std::string where(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }
    const SourcePos& pos() const { return v_.pos; }

    // Plain text (trimmed); absent → "".
    std::string str(std::string_view key) const;
    // Plain text as a model::Text: escaped markup, positioned at the string's content.
    model::Text text(std::string_view key) const;
    // An array of strings (absent → empty); `raw` positions come with each.
    std::vector<const JsonValue*> strings(std::string_view key) const;
    // An array of objects.
    std::vector<const JsonValue*> objects(std::string_view key) const;
    model::Date date(std::string_view key) const;

    Reader& r;

private:
    const JsonValue& v_;
    std::string path_;
};

class Reader {
public:
    Reader(const std::string& file, std::vector<std::string>& warnings) : file_(file), warnings_(warnings) {}

    void warn(const SourcePos& p, const std::string& msg) { warnings_.push_back(msg + " at " + at(p)); }

    [[noreturn]] void type_error(const JsonValue& v, const std::string& where, const std::string& expected) {
        throw Error("'" + where + "' must be " + expected + ", found " + detail::json_type_name(v), v.pos);
    }

    // A string value (numbers are taken as written, e.g. "score": 3.8).
    std::string string_of(const JsonValue& v, const std::string& where) {
        if (v.is(T::String) || v.is(T::Number)) return v.str;
        type_error(v, where, "a string");
    }

    model::Text text_of(const JsonValue& v, const std::string& where) {
        model::Text t;
        t.src = escape_markup(trim(string_of(v, where)));
        t.pos = v.pos;
        if (v.is(T::String)) ++t.pos.col;  // the first character after the quote
        return t;
    }

    model::Cv load(const JsonValue& root);

private:
    const std::string& file_;
    std::vector<std::string>& warnings_;
    model::Person* person_ = nullptr;

    model::Person basics(const Obj& b, model::Cv& cv);
    model::Text link(const Obj& o, std::string_view text_key, std::string_view url_key = "url");
    void dates(const Obj& o, model::Dates& d, bool ongoing_without_end = true);
    void bullets(const Obj& o, std::string_view key, std::vector<model::ListItem>& out);
    model::ListItem item(std::string text, const SourcePos& pos) {
        model::ListItem it;
        it.text.src = std::move(text);
        it.text.pos = pos;
        it.pos = pos;
        return it;
    }
    [[noreturn]] void needs(const Obj& o, const std::string& path, const std::string& what) {
        throw Error("'" + path + "' needs " + what + " (it titles the entry)", o.pos());
    }
    model::Section work(const Obj& parent, std::string_view key);
    model::Section volunteer(const Obj& parent, std::string_view key);
    model::Section education(const Obj& parent, std::string_view key);
    model::Section awards(const Obj& parent, std::string_view key);
    model::Section certificates(const Obj& parent, std::string_view key);
    model::Section publications(const Obj& parent, std::string_view key);
    model::Section skills(const Obj& parent, std::string_view key);
    model::Section languages(const Obj& parent, std::string_view key);
    model::Section interests(const Obj& parent, std::string_view key);
    model::Section references(const Obj& parent, std::string_view key);
    model::Section projects(const Obj& parent, std::string_view key);

    static std::string index(std::string_view key, size_t i) { return std::string(key) + "[" + std::to_string(i) + "]"; }
    model::Text highlight_self(const JsonValue& v, const std::string& where);
};

Obj::Obj(Reader& rd, const JsonValue& v, std::string path, std::initializer_list<const char*> known)
    : r(rd), v_(v), path_(std::move(path)) {
    if (!v.is(T::Object)) r.type_error(v, path_.empty() ? "the document" : path_, "an object");
    std::vector<std::string> names(known.begin(), known.end());
    for (size_t i = 0; i < v.members.size(); ++i) {
        const std::string& k = v.members[i].first;
        if (std::find(names.begin(), names.end(), k) != names.end()) continue;
        std::string hint = model::detail::suggest(k, names);
        r.warn(v.key_pos[i], "unknown field '" + where(k) + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                 " ignored");
    }
}

const JsonValue* Obj::get(std::string_view key) const {
    const JsonValue* v = v_.find(key);
    return v && !v->is(T::Null) ? v : nullptr;
}

std::string Obj::str(std::string_view key) const {
    const JsonValue* v = get(key);
    return v ? trim(r.string_of(*v, where(key))) : std::string();
}

model::Text Obj::text(std::string_view key) const {
    const JsonValue* v = get(key);
    return v ? r.text_of(*v, where(key)) : model::Text{};
}

std::vector<const JsonValue*> Obj::strings(std::string_view key) const {
    std::vector<const JsonValue*> out;
    const JsonValue* v = get(key);
    if (!v) return out;
    if (!v->is(T::Array)) r.type_error(*v, where(key), "an array of strings");
    for (size_t i = 0; i < v->items.size(); ++i) {
        const JsonValue& e = v->items[i];
        if (e.is(T::Null)) continue;
        r.string_of(e, where(key) + "[" + std::to_string(i) + "]");
        if (!trim(e.str).empty()) out.push_back(&e);
    }
    return out;
}

std::vector<const JsonValue*> Obj::objects(std::string_view key) const {
    std::vector<const JsonValue*> out;
    const JsonValue* v = get(key);
    if (!v) return out;
    if (!v->is(T::Array)) r.type_error(*v, where(key), "an array of objects");
    for (const auto& e : v->items) out.push_back(&e);
    return out;
}

model::Date Obj::date(std::string_view key) const {
    model::Date d;
    const JsonValue* v = get(key);
    if (!v) return d;
    std::string s = trim(r.string_of(*v, where(key)));
    if (s.empty()) return d;
    std::string why;
    if (!model::detail::parse_date_string(s, d, why)) {
        SourcePos p = v->pos;
        if (v->is(T::String)) ++p.col;
        throw Error("invalid date '" + s + "' in '" + where(key) + "': " + why, p);
    }
    d.pos = v->pos;
    return d;
}

// ---- the document -----------------------------------------------------------------------

model::Cv Reader::load(const JsonValue& root) {
    Obj doc(*this, root, "",
            {"$schema", "basics", "work", "volunteer", "education", "awards", "certificates", "publications", "skills",
             "languages", "interests", "references", "projects", "meta"});
    model::Cv cv;
    cv.source = file_;
    const JsonValue* b = doc.get("basics");
    if (!b) throw Error("missing required object 'basics' (with at least \"name\")", root.pos);
    Obj basics_obj(*this, *b, "basics",
                   {"name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"});
    cv.person = basics(basics_obj, cv);
    person_ = &cv.person;
    cv.meta.title = "Curriculum Vitae of " + cv.person.name;

    if (const JsonValue* m = doc.get("meta")) {
        Obj meta(*this, *m, "meta", {"canonical", "version", "lastModified"});
        warn(m->pos, "'meta' describes the JSON file, not the CV; not printed");
    }
    // Sections in the order the document lists them.
    for (const auto& [key, v] : root.members) {
        if (v.is(T::Null)) continue;
        model::Section s;
        if (key == "work") s = work(doc, key);
        else if (key == "volunteer") s = volunteer(doc, key);
        else if (key == "education") s = education(doc, key);
        else if (key == "awards") s = awards(doc, key);
        else if (key == "certificates") s = certificates(doc, key);
        else if (key == "publications") s = publications(doc, key);
        else if (key == "skills") s = skills(doc, key);
        else if (key == "languages") s = languages(doc, key);
        else if (key == "interests") s = interests(doc, key);
        else if (key == "references") s = references(doc, key);
        else if (key == "projects") s = projects(doc, key);
        else continue;
        bool empty = s.entries.empty() && s.publications.empty() && s.items.empty() && s.text.empty();
        if (!empty) cv.sections.push_back(std::move(s));
    }
    return cv;
}

model::Person Reader::basics(const Obj& b, model::Cv& cv) {
    model::Person p;
    p.pos = b.pos();
    p.name = b.str("name");
    if (p.name.empty())
        throw Error("'basics.name' is required and must not be empty", b.get("name") ? b.get("name")->pos : b.pos());
    p.headline = b.text("label");
    p.email = b.str("email");
    p.phone = b.str("phone");
    p.website = b.str("url");
    if (const JsonValue* img = b.get("image"))
        if (!trim(string_of(*img, "basics.image")).empty()) warn(img->pos, "'basics.image': cvpdf does not print photos; ignored");
    if (const JsonValue* loc = b.get("location")) {
        Obj l(*this, *loc, "basics.location", {"address", "postalCode", "city", "countryCode", "region"});
        std::string joined;
        for (const char* k : {"address", "city", "region", "postalCode", "countryCode"}) {
            std::string part = l.str(k);
            if (part.empty()) continue;
            if (!joined.empty()) joined += ", ";
            joined += part;
        }
        p.location = joined;
    }
    std::vector<const JsonValue*> profiles = b.objects("profiles");
    for (size_t i = 0; i < profiles.size(); ++i) {
        Obj pr(*this, *profiles[i], index("basics.profiles", i), {"network", "username", "url"});
        model::Link link;
        link.pos = pr.pos();
        std::string network = pr.str("network"), user = pr.str("username");
        link.url = pr.str("url");
        link.label = network.empty() ? user : user.empty() ? network : network + ": " + user;
        if (link.label.empty() && link.url.empty()) continue;
        p.links.push_back(std::move(link));
    }
    if (const JsonValue* s = b.get("summary")) {
        model::Section sec;
        sec.kind = model::Section::Kind::Text;
        sec.title.src = "Summary";
        sec.title.pos = s->pos;
        sec.pos = s->pos;
        sec.text = text_of(*s, "basics.summary");
        if (!sec.text.empty()) cv.sections.push_back(std::move(sec));
    }
    return p;
}


// ---- pieces shared by the sections --------------------------------------------------------

// The text of `text_key`, made a link to `url_key` when there is one.
model::Text Reader::link(const Obj& o, std::string_view text_key, std::string_view url_key) {
    model::Text t = o.text(text_key);
    std::string url = o.str(url_key);
    if (!t.empty() && !url.empty()) {
        t.src = "[" + t.src + "](" + markup_url(url) + ")";
        --t.pos.col;  // errors would point at the '['
    }
    return t;
}

// startDate / endDate (or a single `date`). Without an endDate, a range is ongoing, as
// JSON Resume themes print it ("2019 – Now").
void Reader::dates(const Obj& o, model::Dates& d, bool ongoing_without_end) {
    model::Date start = o.date("startDate"), end = o.date("endDate");
    if (start.kind != model::Date::Kind::None) {
        d.start = start;
        d.end = end;
        if (end.kind == model::Date::Kind::None && ongoing_without_end) {
            d.end.kind = model::Date::Kind::Present;
            d.end.pos = start.pos;
        }
    } else if (end.kind != model::Date::Kind::None) {
        d.date = end;
    }
}

void Reader::bullets(const Obj& o, std::string_view key, std::vector<model::ListItem>& out) {
    for (const JsonValue* h : o.strings(key)) {
        model::ListItem it;
        it.text = text_of(*h, o.where(key));
        it.pos = it.text.pos;
        out.push_back(std::move(it));
    }
}

model::Section section(std::string title, const SourcePos& pos, model::Section::Kind kind) {
    model::Section s;
    s.title.src = std::move(title);
    s.title.pos = pos;
    s.pos = pos;
    s.kind = kind;
    return s;
}

// "a, b, c" from an array of strings, escaped.
std::string joined(Reader& r, const Obj& o, std::string_view key, const char* sep = ", ") {
    std::string out;
    for (const JsonValue* v : o.strings(key)) {
        if (!out.empty()) out += sep;
        out += r.text_of(*v, o.where(key)).src;
    }
    return out;
}

// ---- sections -----------------------------------------------------------------------------

model::Section Reader::work(const Obj& doc, std::string_view key) {
    model::Section s = section("Experience", doc.get(key)->pos, model::Section::Kind::Entries);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        Obj o(*this, *items[i], path,
              {"name", "location", "description", "position", "url", "startDate", "endDate", "summary", "highlights"});
        model::Entry e;
        e.pos = o.pos();
        e.title = link(o, "name");
        e.organisation = o.text("description");
        e.role = o.text("position");
        if (e.title.empty() && e.organisation.empty()) {
            if (e.role.empty()) needs(o, path, "a \"name\"");
            std::swap(e.title, e.role);
        }
        e.location = o.text("location");
        dates(o, e.dates);
        e.summary = o.text("summary");
        bullets(o, "highlights", e.bullets);
        s.entries.push_back(std::move(e));
    }
    return s;
}

model::Section Reader::volunteer(const Obj& doc, std::string_view key) {
    model::Section s = section("Volunteering", doc.get(key)->pos, model::Section::Kind::Entries);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        Obj o(*this, *items[i], path,
              {"organization", "position", "url", "startDate", "endDate", "summary", "highlights"});
        model::Entry e;
        e.pos = o.pos();
        e.title = link(o, "organization");
        e.role = o.text("position");
        if (e.title.empty()) {
            if (e.role.empty()) needs(o, path, "an \"organization\"");
            std::swap(e.title, e.role);
        }
        dates(o, e.dates);
        e.summary = o.text("summary");
        bullets(o, "highlights", e.bullets);
        s.entries.push_back(std::move(e));
    }
    return s;
}

model::Section Reader::education(const Obj& doc, std::string_view key) {
    model::Section s = section("Education", doc.get(key)->pos, model::Section::Kind::Entries);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        Obj o(*this, *items[i], path,
              {"institution", "url", "area", "studyType", "startDate", "endDate", "score", "courses"});
        model::Entry e;
        e.pos = o.pos();
        e.title = link(o, "institution");
        model::Text type = o.text("studyType"), area = o.text("area");
        e.role = type.empty() ? area : type;
        if (!type.empty() && !area.empty()) e.role.src = type.src + " in " + area.src;
        if (e.title.empty()) {
            if (e.role.empty()) needs(o, path, "an \"institution\"");
            std::swap(e.title, e.role);
        }
        dates(o, e.dates);
        if (const JsonValue* score = o.get("score")) {
            model::Text t = text_of(*score, o.where("score"));
            if (!t.empty()) e.bullets.push_back(item("**Score:** " + t.src, t.pos));
        }
        auto courses = o.strings("courses");
        if (!courses.empty()) {
            model::ListItem c = item("**Courses:**", o.get("courses")->pos);
            for (const JsonValue* v : courses) {
                model::ListItem it;
                it.text = text_of(*v, o.where("courses"));
                it.pos = it.text.pos;
                c.children.push_back(std::move(it));
            }
            e.bullets.push_back(std::move(c));
        }
        s.entries.push_back(std::move(e));
    }
    return s;
}

model::Section Reader::awards(const Obj& doc, std::string_view key) {
    model::Section s = section("Awards", doc.get(key)->pos, model::Section::Kind::Entries);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        Obj o(*this, *items[i], path, {"title", "date", "awarder", "summary"});
        model::Entry e;
        e.pos = o.pos();
        e.title = o.text("title");
        e.organisation = o.text("awarder");
        if (e.title.empty() && e.organisation.empty()) needs(o, path, "a \"title\"");
        e.dates.date = o.date("date");
        e.summary = o.text("summary");
        s.entries.push_back(std::move(e));
    }
    return s;
}

model::Section Reader::certificates(const Obj& doc, std::string_view key) {
    model::Section s = section("Certificates", doc.get(key)->pos, model::Section::Kind::Entries);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        Obj o(*this, *items[i], path, {"name", "date", "url", "issuer"});
        model::Entry e;
        e.pos = o.pos();
        e.title = link(o, "name");
        e.organisation = o.text("issuer");
        if (e.title.empty() && e.organisation.empty()) needs(o, path, "a \"name\"");
        e.dates.date = o.date("date");
        s.entries.push_back(std::move(e));
    }
    return s;
}

// The summary of a publication, with the CV owner's name set in bold wherever it occurs
// as a whole word (JSON Resume publications have no author list; see docs/import.md).
model::Text Reader::highlight_self(const JsonValue& v, const std::string& where) {
    model::Text t = text_of(v, where);
    const std::string raw = trim(string_of(v, where));
    const std::string& name = person_->name;
    if (name.empty() || raw.find(name) == std::string::npos) return t;
    std::string out;
    size_t from = 0;
    for (size_t k = raw.find(name); k != std::string::npos; k = raw.find(name, k + 1)) {
        size_t end = k + name.size();
        bool left = k == 0 || !word_char(static_cast<unsigned char>(raw[k - 1]));
        bool right = end == raw.size() || !word_char(static_cast<unsigned char>(raw[end]));
        if (!left || !right || k < from) continue;
        out += escape_markup(raw.substr(from, k - from)) + "**" + escape_markup(name) + "**";
        from = end;
    }
    out += escape_markup(raw.substr(from));
    t.src = out;
    return t;
}

model::Section Reader::publications(const Obj& doc, std::string_view key) {
    model::Section s = section("Publications", doc.get(key)->pos, model::Section::Kind::Publications);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        // "authors" is a cvpdf extension (an array of names, as in cvpdf's TOML).
        Obj o(*this, *items[i], path, {"name", "publisher", "releaseDate", "url", "summary", "authors"});
        model::Publication p;
        p.pos = o.pos();
        p.title = o.text("name");
        if (p.title.empty()) needs(o, path, "a \"name\"");
        p.venue = o.text("publisher");
        model::Date d = o.date("releaseDate");
        if (d.kind == model::Date::Kind::Exact) p.year = std::to_string(d.year);
        else if (d.kind == model::Date::Kind::Literal) p.year = d.literal;
        p.url = o.str("url");
        if (const JsonValue* sum = o.get("summary")) {
            // Printed after the year: a dash sets it apart ("…, 2020 — With …").
            p.note = highlight_self(*sum, o.where("summary"));
            if (!p.note.empty()) p.note.src = "\u2014 " + p.note.src;
        }
        for (const JsonValue* a : o.strings("authors")) {
            model::Author au;
            std::string n = trim(a->str);
            if (!n.empty() && n.back() == '*') {
                au.equal_contribution = true;
                n = trim(std::string_view(n).substr(0, n.size() - 1));
            }
            if (n.empty()) throw Error("an author name must not be empty", a->pos);
            au.name = n;
            au.is_self = n == person_->name ||
                         std::find(person_->aliases.begin(), person_->aliases.end(), n) != person_->aliases.end();
            p.authors.push_back(std::move(au));
        }
        s.publications.push_back(std::move(p));
    }
    return s;
}

// "**Name** (level): k1, k2" and the like.
std::string labelled(const std::string& name, const std::string& level, const std::string& rest) {
    std::string out;
    if (!name.empty()) out = "**" + name + "**";
    if (!level.empty()) out += (out.empty() ? "" : " ") + std::string(name.empty() ? level : "(" + level + ")");
    if (!rest.empty()) out += (out.empty() ? "" : ": ") + rest;
    return out;
}

model::Section Reader::skills(const Obj& doc, std::string_view key) {
    model::Section s = section("Skills", doc.get(key)->pos, model::Section::Kind::Items);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        Obj o(*this, *items[i], index(key, i), {"name", "level", "keywords"});
        std::string t = labelled(o.text("name").src, o.text("level").src, joined(*this, o, "keywords"));
        if (!t.empty()) s.items.push_back(item(t, o.pos()));
    }
    return s;
}

model::Section Reader::languages(const Obj& doc, std::string_view key) {
    model::Section s = section("Languages", doc.get(key)->pos, model::Section::Kind::Items);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        Obj o(*this, *items[i], index(key, i), {"language", "fluency"});
        std::string t = labelled(o.text("language").src, "", o.text("fluency").src);
        if (!t.empty()) s.items.push_back(item(t, o.pos()));
    }
    return s;
}

model::Section Reader::interests(const Obj& doc, std::string_view key) {
    model::Section s = section("Interests", doc.get(key)->pos, model::Section::Kind::Items);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        Obj o(*this, *items[i], index(key, i), {"name", "keywords"});
        std::string t = labelled(o.text("name").src, "", joined(*this, o, "keywords"));
        if (!t.empty()) s.items.push_back(item(t, o.pos()));
    }
    return s;
}

model::Section Reader::references(const Obj& doc, std::string_view key) {
    model::Section s = section("References", doc.get(key)->pos, model::Section::Kind::Items);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        Obj o(*this, *items[i], index(key, i), {"name", "reference"});
        std::string ref = o.text("reference").src, name = o.text("name").src;
        std::string t = ref;
        if (!name.empty()) t += (t.empty() ? "" : " \u2014 ") + ("**" + name + "**");
        if (!t.empty()) s.items.push_back(item(t, o.pos()));
    }
    return s;
}

model::Section Reader::projects(const Obj& doc, std::string_view key) {
    model::Section s = section("Projects", doc.get(key)->pos, model::Section::Kind::Entries);
    auto items = doc.objects(key);
    for (size_t i = 0; i < items.size(); ++i) {
        std::string path = index(key, i);
        Obj o(*this, *items[i], path,
              {"name", "description", "highlights", "keywords", "startDate", "endDate", "url", "roles", "entity",
               "type"});
        model::Entry e;
        e.pos = o.pos();
        e.title = link(o, "name");
        e.organisation = o.text("entity");
        if (e.title.empty() && e.organisation.empty()) needs(o, path, "a \"name\"");
        e.role.src = joined(*this, o, "roles");
        e.role.pos = o.pos();
        e.location = o.text("type");
        dates(o, e.dates);
        e.summary = o.text("description");
        bullets(o, "highlights", e.bullets);
        std::string kw = joined(*this, o, "keywords");
        if (!kw.empty()) e.bullets.push_back(item("**Keywords:** " + kw, o.get("keywords")->pos));
        for (const JsonValue* k : o.strings("keywords")) e.tags.push_back(trim(k->str));
        s.entries.push_back(std::move(e));
    }
    return s;
}

}  // namespace

Format detect_format(const std::string& path, std::string_view text) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".json") return Format::JsonResume;
    if (ext == ".yaml" || ext == ".yml") return Format::RenderCv;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    size_t b = text.find_first_not_of(" \t\r\n");
    for (size_t line = b; line != std::string_view::npos && text[line] == '#';) {  // skip comment lines
        size_t nl = text.find('\n', line);
        line = nl == std::string_view::npos ? nl : text.find_first_not_of(" \t\r\n", nl);
        if (line != std::string_view::npos && text[line] != '#' && text.substr(line, 3) == "cv:") return Format::RenderCv;
    }
    if (b != std::string_view::npos && text.substr(b, 3) == "cv:") return Format::RenderCv;
    return b != std::string_view::npos && text[b] == '{' ? Format::JsonResume : Format::Toml;
}

model::Cv load_json_resume_string(std::string_view json, const std::string& path, std::vector<std::string>& warnings) {
    JsonValue root = detail::parse_json(json, path);
    Reader r(path, warnings);
    return r.load(root);
}

model::Cv load_json_resume_file(const std::string& path, std::vector<std::string>& warnings) {
    std::string text = read_data_file(path);
    return load_json_resume_string(text, path, warnings);
}

model::Cv load_cv_any(const std::string& path, std::vector<std::string>* warnings) {
    std::string text = read_data_file(path);
    Format f = detect_format(path, text);
    if (f == Format::Toml) return model::load_cv_string(text, path);
    std::vector<std::string> local;
    if (f == Format::RenderCv) return load_rendercv_string(text, path, warnings ? *warnings : local);
    return load_json_resume_string(text, path, warnings ? *warnings : local);
}

}  // namespace cvpdf::import
