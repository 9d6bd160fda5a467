// RenderCV YAML → model::Cv, with yaml-cpp. Mapping: docs/import.md, "RenderCV YAML".
#include "import/rendercv.hpp"
#include "base/text.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "import/import.hpp"
#include "model/dates.hpp"
#include "model/toml_util.hpp"
#include "style/markup.hpp"

namespace cvpdf::import {

std::string rendercv_layout_for_theme(std::string_view theme) {
    if (theme == "classic" || theme == "sb2nov" || theme == "engineeringresumes" || theme == "engineeringclassic")
        return "classic";
    if (theme == "moderncv") return "modern";
    return {};
}

std::string rendercv_markup(std::string_view md) {
    auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; };
    std::string out;
    out.reserve(md.size() + 8);
    for (size_t i = 0; i < md.size(); ++i) {
        char c = md[i];
        if (c == '\\' && i + 1 < md.size()) {  // a Markdown escape is a cvpdf escape
            out += c;
            out += md[++i];
            continue;
        }
        if (c == '$' || c == '~' || c == '\\') out += '\\';  // (a lone trailing backslash too)
        else if (c == '_' && i > 0 && i + 1 < md.size() && alnum(md[i - 1]) && alnum(md[i + 1])) out += '\\';
        out += c;
    }
    return out;
}

namespace {

using YAML::Node;
using YAML::NodeType;

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

const char* type_name(const Node& n) {
    switch (n.Type()) {
        case NodeType::Scalar: return "a string";
        case NodeType::Sequence: return "a list";
        case NodeType::Map: return "a mapping";
        default: return "nothing";
    }
}

// "quick_guide" → "Quick Guide" (as RenderCV titles a section key written in snake_case);
// a key with capitals or blanks is taken as written.
std::string section_title(const std::string& key) {
    bool snake = std::none_of(key.begin(), key.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || c == ' '; });
    if (!snake) return key;
    std::string out;
    bool start = true;
    for (char c : key) {
        if (c == '_') {
            out += ' ';
            start = true;
        } else {
            out += start ? char(std::toupper(static_cast<unsigned char>(c))) : c;
            start = false;
        }
    }
    return out;
}

// RenderCV builds each social network's URL from the user name.
std::string social_url(const std::string& network, const std::string& user) {
    static const std::pair<const char*, const char*> prefixes[] = {
        {"LinkedIn", "https://linkedin.com/in/"},
        {"GitHub", "https://github.com/"},
        {"GitLab", "https://gitlab.com/"},
        {"Instagram", "https://instagram.com/"},
        {"ORCID", "https://orcid.org/"},
        {"StackOverflow", "https://stackoverflow.com/users/"},
        {"ResearchGate", "https://researchgate.net/profile/"},
        {"YouTube", "https://youtube.com/@"},
        {"Google Scholar", "https://scholar.google.com/citations?user="},
        {"Telegram", "https://t.me/"},
        {"X", "https://x.com/"},
        {"Twitter", "https://twitter.com/"},
    };
    for (const auto& [n, p] : prefixes)
        if (network == n) return p + user;
    if (network == "Mastodon") {  // @user@domain
        size_t at = user.find('@', 1);
        if (user.size() > 1 && user[0] == '@' && at != std::string::npos)
            return "https://" + user.substr(at + 1) + "/" + user.substr(0, at);
    }
    return {};
}

enum class Kind { Education, Experience, Normal, Publication, OneLine, Bullet, Text };

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Education: return "EducationEntry";
        case Kind::Experience: return "ExperienceEntry";
        case Kind::Normal: return "NormalEntry";
        case Kind::Publication: return "PublicationEntry";
        case Kind::OneLine: return "OneLineEntry";
        case Kind::Bullet: return "BulletEntry";
        case Kind::Text: return "TextEntry";
    }
    return "";
}

model::Section::Kind section_kind(Kind k) {
    switch (k) {
        case Kind::Education:
        case Kind::Experience:
        case Kind::Normal: return model::Section::Kind::Entries;
        case Kind::Publication: return model::Section::Kind::Publications;
        default: return model::Section::Kind::Items;
    }
}

class Reader {
public:
    Reader(const std::string& file, std::string_view text, std::vector<std::string>& warnings)
        : file_(file), text_(text), warnings_(warnings) {
        line_starts_.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts_.push_back(i + 1);
    }

    model::Cv load(const Node& root);

    // yaml-cpp marks are 0-based with columns in bytes; cvpdf counts from 1, in characters.
    SourcePos pos(const YAML::Mark& m) const {
        if (m.is_null() || m.line < 0 || size_t(m.line) >= line_starts_.size()) return {file_, 0, 0};
        size_t start = line_starts_[m.line];
        size_t end = std::min(text_.size(), start + size_t(std::max(m.column, 0)));
        uint32_t col = 1;
        for (size_t i = start; i < end; ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
        return {file_, uint32_t(m.line + 1), col};
    }
    SourcePos pos(const Node& n) const { return pos(n.Mark()); }
    // Where a scalar's text begins: after the opening quote of a quoted one.
    SourcePos content_pos(const Node& n) const {
        SourcePos p = pos(n);
        const YAML::Mark m = n.Mark();
        if (!m.is_null() && size_t(m.pos) < text_.size() && (text_[m.pos] == '"' || text_[m.pos] == '\'')) ++p.col;
        return p;
    }

    void warn(const Node& n, const std::string& msg) {
        SourcePos p = pos(n);
        warnings_.push_back(p.line ? msg + " at " + std::to_string(p.line) + ":" + std::to_string(p.col) : msg);
    }
    [[noreturn]] void type_error(const Node& n, const std::string& where, const std::string& expected) {
        throw Error("'" + where + "' must be " + expected + ", found " + type_name(n), pos(n));
    }

    // A mapping: duplicate keys are errors, unknown keys warnings (with a suggestion).
    void check_map(const Node& n, const std::string& where, const std::vector<std::string>& known) {
        if (!n.IsMap()) type_error(n, where.empty() ? "the document" : where, "a mapping");
        std::vector<std::pair<std::string, Node>> seen;
        for (auto it = n.begin(); it != n.end(); ++it) {
            const Node k = it->first;  // a copy: `it->first` lives in a temporary
            if (!k.IsScalar()) throw Error("a key must be a string, found " + std::string(type_name(k)), pos(k));
            const std::string& name = k.Scalar();
            for (const auto& [s, at] : seen)
                if (s == name) {
                    SourcePos first = pos(at);
                    throw Error("duplicate key \"" + name + "\" (first at line " + std::to_string(first.line) +
                                    ", column " + std::to_string(first.col) + ")",
                                pos(k));
                }
            seen.emplace_back(name, k);
            if (known.empty() || std::find(known.begin(), known.end(), name) != known.end()) continue;
            std::string hint = model::detail::suggest(name, known);
            std::string path = where.empty() ? name : where + "." + name;
            warn(k, "unknown field '" + path + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") + " ignored");
        }
    }

    static Node get(const Node& map, const char* key) {
        Node v = map[key];
        return v && !v.IsNull() ? v : Node(NodeType::Undefined);
    }

    // A plain string (trimmed); absent → "".
    std::string str(const Node& map, const char* key, const std::string& where) {
        Node v = get(map, key);
        if (!v) return {};
        if (!v.IsScalar()) type_error(v, where + "." + key, "a string");
        return trim(v.Scalar());
    }

    // Markdown text → checked cvpdf markup, positioned at the scalar.
    model::Text md(const Node& v, const std::string& where) {
        if (!v.IsScalar()) type_error(v, where, "a string");
        model::Text t;
        t.src = rendercv_markup(trim(v.Scalar()));
        t.pos = content_pos(v);
        style::parse_inline(t);  // throws at file:line:col on unbalanced markup
        return t;
    }
    model::Text md(const Node& map, const char* key, const std::string& where) {
        Node v = get(map, key);
        return v ? md(v, where + "." + key) : model::Text{};
    }

    model::Date date(const Node& map, const char* key, const std::string& where) {
        model::Date d;
        Node v = get(map, key);
        if (!v) return d;
        if (!v.IsScalar()) type_error(v, where + "." + key, "a date");
        std::string s = trim(v.Scalar()), why;
        if (s.empty()) return d;
        if (!model::detail::parse_date_string(s, d, why))
            throw Error("invalid date '" + s + "' in '" + where + "." + key + "': " + why, content_pos(v));
        d.pos = pos(v);
        return d;
    }

    std::vector<Node> list(const Node& map, const char* key, const std::string& where) {
        std::vector<Node> out;
        Node v = get(map, key);
        if (!v) return out;
        if (!v.IsSequence()) type_error(v, where + "." + key, "a list");
        for (const Node& e : v)
            if (!e.IsNull()) out.push_back(e);
        return out;
    }

private:
    const std::string& file_;
    std::string_view text_;
    std::vector<std::string>& warnings_;
    std::vector<size_t> line_starts_;

    model::Person person(const Node& cv);
    void design(const Node& d, model::Cv& out);
    Kind kind_of(const Node& entry, const std::string& where);
    model::Section section(const Node& key, const Node& value);
    model::Entry entry(const Node& e, Kind k, const std::string& where);
    model::Publication publication(const Node& e, const std::string& where);
    model::ListItem item(const Node& e, Kind k, const std::string& where);
};

const std::vector<std::string> kDateKeys = {"date", "start_date", "end_date", "location", "summary", "highlights"};

std::vector<std::string> with_dates(std::initializer_list<const char*> own) {
    std::vector<std::string> v(own.begin(), own.end());
    v.insert(v.end(), kDateKeys.begin(), kDateKeys.end());
    return v;
}

model::Cv Reader::load(const Node& root) {
    if (!root || root.IsNull()) throw Error("missing required mapping 'cv' (with at least \"name\")", {file_, 1, 1});
    check_map(root, "", {"cv", "design", "locale", "locale_catalog", "rendercv_settings"});
    for (const char* k : {"locale", "locale_catalog", "rendercv_settings"})
        if (Node v = get(root, k)) warn(v, "'" + std::string(k) + "' is RenderCV's own setting; not used by cvpdf");
    Node cv = get(root, "cv");
    if (!cv) throw Error("missing required mapping 'cv' (with at least \"name\")", pos(root));
    check_map(cv, "cv",
              {"name", "label", "headline", "location", "email", "phone", "website", "social_networks", "sections", "photo"});
    model::Cv out;
    out.source = file_;
    out.person = person(cv);
    out.meta.title = "Curriculum Vitae of " + out.person.name;
    if (Node secs = get(cv, "sections")) {
        check_map(secs, "cv.sections", {});
        for (auto it = secs.begin(); it != secs.end(); ++it) {
            if (it->second.IsNull()) continue;
            model::Section s = section(it->first, it->second);
            bool empty = s.entries.empty() && s.publications.empty() && s.items.empty() && s.text.empty();
            if (!empty) out.sections.push_back(std::move(s));
        }
    }
    // Publications: authors the file set in bold or italics are the owner (added as aliases,
    // so the converted TOML keeps them); then is_self exactly as the TOML loader sets it.
    for (auto& s : out.sections)
        for (auto& p : s.publications)
            for (auto& a : p.authors)
                if (a.is_self && a.name != out.person.name &&
                    std::find(out.person.aliases.begin(), out.person.aliases.end(), a.name) == out.person.aliases.end())
                    out.person.aliases.push_back(a.name);
    for (auto& s : out.sections)
        for (auto& p : s.publications)
            for (auto& a : p.authors)
                a.is_self = a.name == out.person.name ||
                            std::find(out.person.aliases.begin(), out.person.aliases.end(), a.name) != out.person.aliases.end();
    if (Node d = get(root, "design")) design(d, out);
    return out;
}

model::Person Reader::person(const Node& cv) {
    model::Person p;
    p.pos = pos(cv);
    p.name = str(cv, "name", "cv");
    if (p.name.empty()) {
        Node n = get(cv, "name");
        throw Error("'cv.name' is required and must not be empty", n ? pos(n) : pos(cv));
    }
    p.headline = md(cv, "headline", "cv");
    if (model::Text label = md(cv, "label", "cv"); !label.empty()) {
        if (!p.headline.empty()) warn(get(cv, "label"), "'cv.label' and 'cv.headline' both given; 'cv.label' ignored");
        else p.headline = label;
    }
    p.location = str(cv, "location", "cv");
    p.email = str(cv, "email", "cv");
    p.phone = str(cv, "phone", "cv");
    if (p.phone.rfind("tel:", 0) == 0) p.phone = trim(p.phone.substr(4));
    p.website = str(cv, "website", "cv");
    if (Node ph = get(cv, "photo")) warn(ph, "'cv.photo': cvpdf does not print photos; ignored");
    std::vector<Node> nets = list(cv, "social_networks", "cv");
    for (size_t i = 0; i < nets.size(); ++i) {
        std::string where = "cv.social_networks[" + std::to_string(i) + "]";
        check_map(nets[i], where, {"network", "username"});
        model::Link l;
        l.pos = pos(nets[i]);
        std::string network = str(nets[i], "network", where), user = str(nets[i], "username", where);
        if (network.empty() || user.empty())
            throw Error("'" + where + "' needs a \"network\" and a \"username\"", pos(nets[i]));
        l.label = network + ": " + user;
        l.url = social_url(network, user);
        if (l.url.empty())
            warn(get(nets[i], "network"), "'" + where + ".network': unknown network '" + network + "'; printed without a link");
        p.links.push_back(std::move(l));
    }
    return p;
}

// `design:` has no data-file equivalent in cvpdf except the layout; the theme becomes the
// layout of a variant named "rendercv" (cvpdf cv.yaml --variant rendercv), the rest is
// reported.
void Reader::design(const Node& d, model::Cv& out) {
    check_map(d, "design", {});
    for (auto it = d.begin(); it != d.end(); ++it) {
        const std::string& k = it->first.Scalar();
        if (k != "theme") {
            warn(it->first, "'design." + k + "' has no cvpdf equivalent; ignored (use a layout file or --set)");
            continue;
        }
        if (!it->second.IsScalar()) type_error(it->second, "design.theme", "a string");
        std::string theme = trim(it->second.Scalar());
        std::string layout = rendercv_layout_for_theme(theme);
        if (layout.empty()) {
            layout = "classic";
            warn(it->second, "'design.theme': unknown RenderCV theme '" + theme + "'; the nearest cvpdf layout is taken to be 'classic'");
        }
        model::Variant v;
        v.name = "rendercv";
        v.tags = {"rendercv"};
        v.layout = layout;
        v.pos = pos(it->first);
        out.variants.push_back(std::move(v));
        warn(it->second, "'design.theme' " + theme + ": the nearest cvpdf layout is '" + layout +
                             "'; render with --layout " + layout + " (or --variant rendercv)");
    }
}

// RenderCV infers an entry's type from the fields only that type has.
Kind Reader::kind_of(const Node& e, const std::string& where) {
    if (e.IsScalar()) return Kind::Text;
    if (!e.IsMap()) type_error(e, where, "an entry (a mapping or a string)");
    auto has = [&](std::initializer_list<const char*> keys) {
        for (const char* k : keys)
            if (e[k]) return true;
        return false;
    };
    if (has({"label", "details"})) return Kind::OneLine;
    if (has({"company", "position"})) return Kind::Experience;
    if (has({"institution", "area", "degree"})) return Kind::Education;
    if (has({"title", "authors", "doi", "journal", "url"})) return Kind::Publication;
    if (has({"bullet"})) return Kind::Bullet;
    if (has({"name"})) return Kind::Normal;
    throw Error("'" + where +
                    "': cannot tell the entry type; an entry has one of: institution (EducationEntry), company "
                    "(ExperienceEntry), name (NormalEntry), title (PublicationEntry), label (OneLineEntry), bullet "
                    "(BulletEntry), or is a string (TextEntry)",
                pos(e));
}

model::Section Reader::section(const Node& key, const Node& value) {
    const std::string& name = key.Scalar();
    std::string where = "cv.sections." + name;
    if (!value.IsSequence()) type_error(value, where, "a list of entries");
    model::Section s;
    s.title.src = escape_markup(section_title(name));
    s.title.pos = pos(key);
    s.pos = pos(key);
    bool kind_set = false;
    Kind first = Kind::Text;
    std::vector<std::pair<Node, Kind>> entries;
    size_t i = 0;
    for (const Node& e : value) {
        std::string w = where + "[" + std::to_string(i++) + "]";
        if (e.IsNull()) continue;
        Kind k = kind_of(e, w);
        if (!kind_set) {
            first = k;
            s.kind = section_kind(k);
            kind_set = true;
        } else if (section_kind(k) != s.kind) {
            throw Error("'" + w + "' is a " + kind_name(k) + ", but the section began with a " + kind_name(first) +
                            "; one section holds one kind of entry",
                        pos(e));
        }
        entries.emplace_back(e, k);
    }
    // A section of one TextEntry is a paragraph; several are a list of paragraphs.
    if (entries.size() == 1 && entries[0].second == Kind::Text) {
        s.kind = model::Section::Kind::Text;
        s.text = md(entries[0].first, where + "[0]");
        return s;
    }
    i = 0;
    for (const auto& [e, k] : entries) {
        std::string w = where + "[" + std::to_string(i++) + "]";
        switch (s.kind) {
            case model::Section::Kind::Entries: s.entries.push_back(entry(e, k, w)); break;
            case model::Section::Kind::Publications: s.publications.push_back(publication(e, w)); break;
            default: s.items.push_back(item(e, k, w)); break;
        }
    }
    return s;
}

model::Entry Reader::entry(const Node& e, Kind k, const std::string& w) {
    model::Entry out;
    out.pos = pos(e);
    const char* title_key = "name";
    if (k == Kind::Education) {
        check_map(e, w, with_dates({"institution", "area", "degree"}));
        title_key = "institution";
        model::Text degree = md(e, "degree", w), area = md(e, "area", w);
        out.role = degree.empty() ? area : degree;
        if (!degree.empty() && !area.empty()) out.role.src = degree.src + " in " + area.src;
    } else if (k == Kind::Experience) {
        check_map(e, w, with_dates({"company", "position"}));
        title_key = "company";
        out.role = md(e, "position", w);
    } else {
        check_map(e, w, with_dates({"name"}));
    }
    out.title = md(e, title_key, w);
    if (out.title.empty()) {
        if (out.role.empty()) throw Error("'" + w + "' needs a \"" + title_key + "\" (it titles the entry)", pos(e));
        std::swap(out.title, out.role);
    }
    out.location = md(e, "location", w);
    out.summary = md(e, "summary", w);
    // RenderCV: `date` wins; an end_date alone is a single date; a start_date alone is ongoing.
    model::Date date = this->date(e, "date", w), start = this->date(e, "start_date", w), end = this->date(e, "end_date", w);
    if (date.kind != model::Date::Kind::None) {
        out.dates.date = date;
        if (start.kind != model::Date::Kind::None || end.kind != model::Date::Kind::None)
            warn(get(e, "date"), "'" + w + "': 'date' is given, so 'start_date' and 'end_date' are ignored (as in RenderCV)");
    } else if (start.kind != model::Date::Kind::None) {
        out.dates.start = start;
        out.dates.end = end;
        if (end.kind == model::Date::Kind::None) {
            out.dates.end.kind = model::Date::Kind::Present;
            out.dates.end.pos = start.pos;
        }
    } else if (end.kind != model::Date::Kind::None) {
        out.dates.date = end;
    }
    std::vector<Node> hl = list(e, "highlights", w);
    for (size_t j = 0; j < hl.size(); ++j) {
        model::ListItem it;
        it.text = md(hl[j], w + ".highlights[" + std::to_string(j) + "]");
        it.pos = it.text.pos;
        if (!it.text.empty()) out.bullets.push_back(std::move(it));
    }
    return out;
}

// An author as RenderCV writes it, possibly emphasised ("***Jane Doe***" marks the owner).
model::Author author(const std::string& raw, const SourcePos& p) {
    model::Author a;
    std::string n = trim(raw);
    size_t lead = 0, tail = 0;
    while (lead < n.size() && (n[lead] == '*' || n[lead] == '_')) ++lead;
    while (tail < n.size() - lead && (n[n.size() - 1 - tail] == '*' || n[n.size() - 1 - tail] == '_')) ++tail;
    if (lead > 0 && tail >= lead) {
        a.is_self = true;  // provisional; resolved against the person's name and aliases
        n = trim(n.substr(lead, n.size() - 2 * lead));
        tail -= lead;
    } else if (lead > 0) {
        throw Error("unbalanced emphasis in the author name '" + raw + "'", p);
    }
    if (!n.empty() && n.back() == '*') {
        a.equal_contribution = true;
        n = trim(std::string_view(n).substr(0, n.size() - 1));
    }
    if (n.empty()) throw Error("an author name must not be empty", p);
    a.name = n;
    return a;
}

model::Publication Reader::publication(const Node& e, const std::string& w) {
    check_map(e, w, {"title", "authors", "doi", "url", "journal", "date"});
    model::Publication p;
    p.pos = pos(e);
    p.title = md(e, "title", w);
    if (p.title.empty()) throw Error("'" + w + "' needs a \"title\"", pos(e));
    p.venue = md(e, "journal", w);
    model::Date d = date(e, "date", w);
    if (d.kind == model::Date::Kind::Exact) p.year = std::to_string(d.year);
    else if (d.kind == model::Date::Kind::Literal) p.year = d.literal;
    else if (d.kind == model::Date::Kind::Present) p.year = str(e, "date", w);
    p.doi = str(e, "doi", w);
    p.url = str(e, "url", w);
    std::vector<Node> authors = list(e, "authors", w);
    for (size_t j = 0; j < authors.size(); ++j) {
        if (!authors[j].IsScalar()) type_error(authors[j], w + ".authors[" + std::to_string(j) + "]", "a string");
        p.authors.push_back(author(authors[j].Scalar(), content_pos(authors[j])));
    }
    return p;
}

model::ListItem Reader::item(const Node& e, Kind k, const std::string& w) {
    model::ListItem it;
    it.pos = pos(e);
    if (k == Kind::Text) {
        it.text = md(e, w);
    } else if (k == Kind::Bullet) {
        check_map(e, w, {"bullet"});
        it.text = md(e, "bullet", w);
    } else {  // OneLineEntry: "**label:** details"
        check_map(e, w, {"label", "details"});
        model::Text label = md(e, "label", w), details = md(e, "details", w);
        it.text = label.empty() ? details : label;
        if (!label.empty()) it.text.src = "**" + label.src + ":**" + (details.empty() ? "" : " " + details.src);
        if (!label.empty()) {
            try {
                style::parse_inline(it.text);
            } catch (const Error&) {  // markup in the label that does not nest inside bold
                it.text.src = label.src + ":" + (details.empty() ? "" : " " + details.src);
            }
        }
    }
    if (it.text.empty()) throw Error("'" + w + "' is empty", pos(e));
    return it;
}

}  // namespace

model::Cv load_rendercv_string(std::string_view yaml, const std::string& path, std::vector<std::string>& warnings) {
    Reader r(path, yaml, warnings);
    Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        std::string msg = e.msg.empty() ? std::string(e.what()) : e.msg;
        throw Error("YAML syntax error: " + msg, r.pos(e.mark));
    }
    try {
        return r.load(root);
    } catch (const YAML::Exception& e) {  // e.g. a conversion deep inside; still positioned
        throw Error("YAML error: " + (e.msg.empty() ? std::string(e.what()) : e.msg), r.pos(e.mark));
    }
}

model::Cv load_rendercv_file(const std::string& path, std::vector<std::string>& warnings) {
    std::string text = read_data_file(path);
    return load_rendercv_string(text, path, warnings);
}

}  // namespace cvpdf::import
