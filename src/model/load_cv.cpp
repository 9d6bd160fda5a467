// Loading and validating the CV data file (schema: docs/data-schema.md).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "base/text.hpp"
#include "model/cv.hpp"
#include "model/dates.hpp"
#include "model/toml_util.hpp"

namespace cvpdf::model {
namespace {
// Case- and space-insensitive, as layouts match section titles.
std::string fold_title(const std::string& t) {
    std::string r;
    for (char c : t)
        if (!std::isspace(static_cast<unsigned char>(c))) r += char(std::tolower(static_cast<unsigned char>(c)));
    return r;
}
}  // namespace

namespace {

using detail::Source;
using detail::Table;

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

bool before(const SourcePos& a, const SourcePos& b) {
    return a.line != b.line ? a.line < b.line : a.col < b.col;
}

class Loader {
public:
    explicit Loader(const Source& src) : src_(src) {}

    Cv load(const toml::table& root_table) {
        Table root(src_, root_table, "", {"person", "meta", "sections", "variants"});
        Cv cv;
        cv.source = src_.file();

        const toml::node* person = root.get("person");
        if (!person) throw Error("missing required table [person] (with at least name = \"…\")", {src_.file(), 1, 1});
        if (!person->is_table()) root.fail_type(*person, "person", "a table ([person])");
        cv.person = read_person(*person->as_table());
        person_ = &cv.person;

        if (const toml::node* meta = root.get("meta")) {
            if (!meta->is_table()) root.fail_type(*meta, "meta", "a table ([meta])");
            Table m(src_, *meta->as_table(), "meta", {"title", "subject", "keywords", "language"});
            m.string("title", cv.meta.title);
            m.string("subject", cv.meta.subject);
            m.string("keywords", cv.meta.keywords);
            m.string("language", cv.meta.language);
        }
        if (trim(cv.meta.title).empty()) cv.meta.title = "Curriculum Vitae of " + cv.person.name;

        if (const toml::array* sections = root.tables("sections")) {
            // Titles name sections in the outline and in layouts (a sidebar's list), so two
            // sections with one title would be ambiguous. Folded title → index of its section.
            std::unordered_map<std::string, size_t> seen;
            for (const auto& s : *sections) {
                Section sec = read_section(*s.as_table());
                auto [it, fresh] = seen.emplace(fold_title(sec.title.src), cv.sections.size());
                if (!fresh)
                    throw Error("duplicate section title '" + sec.title.src + "' (first at line " +
                                    std::to_string(cv.sections[it->second].title.pos.line) +
                                    "); merge the two or rename one",
                                sec.title.pos);
                cv.sections.push_back(std::move(sec));
            }
        }

        if (const toml::node* variants = root.get("variants")) {
            if (!variants->is_table()) root.fail_type(*variants, "variants", "a table of variants ([variants.NAME])");
            read_variants(*variants->as_table(), cv.variants);
        }
        return cv;
    }

private:
    const Source& src_;
    const Person* person_ = nullptr;

    // [variants.NAME] tables, in file order.
    void read_variants(const toml::table& t, std::vector<Variant>& out) {
        for (const auto& [k, v] : t) {
            Variant var;
            var.name = std::string(k.str());
            var.pos = src_.pos(k);
            if (!v.is_table())
                throw Error("'variants." + var.name + "' must be a table ([variants." + var.name + "]), found " +
                                detail::type_name(v),
                            src_.pos(v));
            Table vt(src_, *v.as_table(), "variants." + var.name, {"tags", "layout", "set"});
            if (!vt.strings("tags", var.tags)) var.tags = {var.name};
            vt.string("layout", var.layout);
            if (const toml::node* set = vt.get("set")) {
                if (!set->is_table()) vt.fail_type(*set, "set", "a table of layout values ({ \"page.size\" = \"a4\" })");
                for (const auto& [sk, sv] : *set->as_table()) {
                    VariantSetting vs;
                    vs.key = std::string(sk.str());
                    vs.pos = src_.pos(sk);
                    vs.value = toml_value_text(sv, vt.where("set." + vs.key));
                    var.set.push_back(std::move(vs));
                }
                std::sort(var.set.begin(), var.set.end(),
                          [](const VariantSetting& a, const VariantSetting& b) { return before(a.pos, b.pos); });
            }
            out.push_back(std::move(var));
        }
        std::sort(out.begin(), out.end(), [](const Variant& a, const Variant& b) { return before(a.pos, b.pos); });
    }

    // A value as TOML text on one line, for the layout overlay a variant's `set` becomes.
    std::string toml_value_text(const toml::node& n, const std::string& where) {
        if (const auto* s = n.as_string()) return toml_quote(s->get());
        if (const auto* i = n.as_integer()) return std::to_string(i->get());
        if (const auto* f = n.as_floating_point()) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", f->get());
            std::string out = buf;
            if (out.find_first_of(".eEni") == std::string::npos) out += ".0";
            return out;
        }
        if (const auto* b = n.as_boolean()) return b->get() ? "true" : "false";
        if (const auto* a = n.as_array()) {
            std::string out = "[";
            for (size_t i = 0; i < a->size(); ++i) out += (i ? ", " : "") + toml_value_text(*a->get(i), where);
            return out + "]";
        }
        if (const auto* t = n.as_table()) {
            std::string out = "{";
            bool first = true;
            for (const auto& [k, v] : *t) {
                out += first ? " " : ", ";
                first = false;
                out += toml_value_text(toml::value<std::string>(std::string(k.str())), where) + " = " +
                       toml_value_text(v, where);
            }
            return out + (first ? "}" : " }");
        }
        throw Error("'" + where + "' must be a string, number, boolean, array or table, found " + detail::type_name(n),
                    src_.pos(n));
    }

    Person read_person(const toml::table& t) {
        Table p(src_, t, "person",
                {"name", "aliases", "headline", "email", "phone", "website", "location", "links"});
        Person person;
        person.pos = p.pos();
        if (!p.string("name", person.name)) p.missing("name");
        person.name = trim(person.name);
        if (person.name.empty()) throw Error("'person.name' must not be empty", src_.pos(*p.get("name")));
        p.strings("aliases", person.aliases);
        for (auto& a : person.aliases) a = trim(a);
        p.text("headline", person.headline);
        p.string("email", person.email);
        p.string("phone", person.phone);
        p.string("website", person.website);
        p.string("location", person.location);
        if (const toml::array* links = p.tables("links")) {
            for (const auto& l : *links) {
                Table lt(src_, *l.as_table(), "person.links", {"label", "url"});
                Link link;
                link.pos = lt.pos();
                if (!lt.string("label", link.label)) lt.missing("label");
                if (!lt.string("url", link.url)) lt.missing("url");
                person.links.push_back(std::move(link));
            }
        }
        return person;
    }

    Section read_section(const toml::table& t) {
        Table s(src_, t, "sections", {"title", "entries", "publications", "items", "text", "numbered", "bullet", "tags",
                                        "page_break_before", "columns"});
        Section sec;
        sec.pos = s.pos();
        if (!s.text("title", sec.title)) s.missing("title");
        if (trim(sec.title.src).empty()) throw Error("'sections.title' must not be empty", src_.pos(*s.get("title")));

        static const char* kinds[] = {"entries", "publications", "items", "text"};
        std::vector<std::string> present;
        for (const char* k : kinds)
            if (s.get(k)) present.push_back(k);
        std::sort(present.begin(), present.end(),
                  [&](const std::string& a, const std::string& b) { return before(s.key_pos(a), s.key_pos(b)); });
        const std::string one_of = "give exactly one of 'entries', 'publications', 'items' or 'text'";
        if (present.empty())
            throw Error("section '" + sec.title.src + "' has no content; " + one_of, sec.pos);
        if (present.size() > 1)
            throw Error("section '" + sec.title.src + "' has both '" + present[0] + "' and '" + present[1] + "'; " +
                            one_of,
                        s.key_pos(present[1]));

        const std::string& kind = present[0];
        if (kind != "items")
            for (const char* k : {"numbered", "bullet", "columns"})
                if (s.get(k))
                    throw Error("'sections." + std::string(k) + "' only applies to an 'items' section", s.key_pos(k));

        if (kind == "entries") {
            sec.kind = Section::Kind::Entries;
            for (const auto& e : *s.tables("entries")) sec.entries.push_back(read_entry(*e.as_table()));
        } else if (kind == "publications") {
            sec.kind = Section::Kind::Publications;
            for (const auto& e : *s.tables("publications")) sec.publications.push_back(read_publication(*e.as_table()));
        } else if (kind == "items") {
            sec.kind = Section::Kind::Items;
            read_items(s, "items", sec.items);
            s.boolean("numbered", sec.numbered);
            s.string("bullet", sec.bullet);
            if (const toml::node* c = s.get("columns")) {
                const auto v = c->value<int64_t>();
                if (!c->is_integer() || !v || *v < 1 || *v > 4)
                    throw Error("'sections.columns' must be a whole number from 1 to 4", src_.pos(*c));
                sec.columns = int(*v);
            }
        } else {
            sec.kind = Section::Kind::Text;
            s.text("text", sec.text);
        }
        s.strings("tags", sec.tags);
        s.boolean("page_break_before", sec.page_break_before);
        return sec;
    }

    Entry read_entry(const toml::table& t) {
        Table e(src_, t, "sections.entries",
                {"title", "organisation", "organization", "role", "location", "start", "end", "date", "dates",
                 "summary", "bullets", "tags", "roles", "page_break_before", "keep_together"});
        Entry entry;
        entry.pos = e.pos();
        e.text("title", entry.title);
        if (e.get("organisation") && e.get("organization")) {
            bool us_second = before(e.key_pos("organisation"), e.key_pos("organization"));
            const char* second = us_second ? "organization" : "organisation";
            throw Error("'" + e.where(second) + "' repeats '" + (us_second ? "organisation" : "organization") +
                            "' (the two spellings are the same key)",
                        e.key_pos(second));
        }
        if (!e.text("organisation", entry.organisation)) e.text("organization", entry.organisation);
        if (trim(entry.title.src).empty() && trim(entry.organisation.src).empty())
            throw Error("entry needs a 'title' or an 'organisation'", entry.pos);
        e.text("role", entry.role);
        e.text("location", entry.location);
        detail::read_dates(e, entry.dates);
        e.text("summary", entry.summary);
        read_items(e, "bullets", entry.bullets);
        e.strings("tags", entry.tags);
        e.boolean("page_break_before", entry.page_break_before);
        e.boolean("keep_together", entry.keep_together);
        if (const toml::array* roles = e.tables("roles"))
            for (const auto& r : *roles) entry.roles.push_back(read_role(*r.as_table()));
        return entry;
    }

    Role read_role(const toml::table& t) {
        Table r(src_, t, "sections.entries.roles",
                {"role", "location", "start", "end", "date", "dates", "summary", "bullets"});
        Role role;
        role.pos = r.pos();
        if (!r.text("role", role.role)) r.missing("role");
        r.text("location", role.location);
        detail::read_dates(r, role.dates);
        r.text("summary", role.summary);
        read_items(r, "bullets", role.bullets);
        return role;
    }

    // `key` of `t`: an array of strings or {text, items, numbered} tables, nested freely.
    void read_items(const Table& t, const char* key, std::vector<ListItem>& out) {
        const toml::array* a = t.array(key);
        if (!a) return;
        for (const auto& n : *a) {
            ListItem item;
            if (n.is_string()) {
                item.text = src_.text_of(n);
                item.pos = item.text.pos;
            } else if (n.is_table()) {
                Table it(src_, *n.as_table(), t.where(key), {"text", "items", "numbered"});
                item.pos = it.pos();
                if (!it.text("text", item.text)) it.missing("text");
                read_items(it, "items", item.children);
                it.boolean("numbered", item.children_numbered);
            } else {
                throw Error("'" + t.where(key) + "' must contain only strings or {text = …, items = […]} tables, found " +
                                detail::type_name(n),
                            src_.pos(n));
            }
            out.push_back(std::move(item));
        }
    }

    Publication read_publication(const toml::table& t) {
        Table p(src_, t, "sections.publications",
                {"authors", "title", "venue", "year", "status", "note", "url", "doi", "tags"});
        Publication pub;
        pub.pos = p.pos();
        if (!p.text("title", pub.title)) p.missing("title");
        if (const toml::array* authors = p.array("authors")) {
            for (const auto& a : *authors) {
                if (!a.is_string())
                    throw Error("'" + p.where("authors") + "' must contain only strings, found " + detail::type_name(a),
                                src_.pos(a));
                pub.authors.push_back(read_author(a));
            }
        }
        p.text("venue", pub.venue);
        if (const toml::node* y = p.get("year")) {
            if (const auto* i = y->as_integer())
                pub.year = std::to_string(i->get());
            else if (const auto* s = y->as_string())
                pub.year = trim(s->get());
            else
                p.fail_type(*y, "year", "an integer or a string");
        }
        p.text("status", pub.status);
        p.text("note", pub.note);
        p.string("url", pub.url);
        p.string("doi", pub.doi);
        p.strings("tags", pub.tags);
        return pub;
    }

    Author read_author(const toml::node& n) {
        Author a;
        std::string name = trim(n.as_string()->get());
        if (!name.empty() && name.back() == '*') {
            a.equal_contribution = true;
            name = trim(std::string_view(name).substr(0, name.size() - 1));
        }
        if (name.empty()) throw Error("an author name must not be empty", src_.pos(n));
        a.name = name;
        a.is_self = name == person_->name ||
                    std::find(person_->aliases.begin(), person_->aliases.end(), name) != person_->aliases.end();
        return a;
    }
};

}  // namespace

// First byte that is not well-formed UTF-8 (overlong forms, surrogates and code points
// above U+10FFFF included), as file:line:col with columns in code points; toml++ alone
// reports the character before it.
static void check_utf8(std::string_view s, const std::string& path) {
    uint32_t line = 1, col = 1;
    size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        bool ok = len != 0 && i + len <= s.size() && !(len == 2 && b < 0xC2);
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok && len >= 3) {
            auto b1 = static_cast<unsigned char>(s[i + 1]);
            if (len == 3) ok = !(b == 0xE0 && b1 < 0xA0) && !(b == 0xED && b1 >= 0xA0);
            else ok = !(b == 0xF0 && b1 < 0x90) && !(b == 0xF4 && b1 >= 0x90) && b <= 0xF4;
        }
        if (!ok) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", unsigned(b));
            throw Error(std::string("invalid UTF-8 (byte ") + hex + " starts no valid character); save the file as UTF-8",
                        {path, line, col});
        }
        if (b == '\n') line++, col = 1;
        else col++;
        i += len;
    }
}

Cv load_cv_string(std::string_view toml_text, const std::string& path) {
    // toml++ skips a UTF-8 byte order mark without counting it; so do we.
    if (toml_text.substr(0, 3) == "\xEF\xBB\xBF") toml_text.remove_prefix(3);
    check_utf8(toml_text, path);
    toml::table root;
    try {
        root = toml::parse(toml_text, path);
    } catch (const toml::parse_error& e) {
        const auto& b = e.source().begin;
        throw Error("TOML syntax error: " + std::string(e.description()), {path, b.line, b.column});
    }
    Source src(path, toml_text);
    return Loader(src).load(root);
}

Cv load_cv_file(const std::string& path) { return load_cv_string(read_data_file(path), path); }

}  // namespace cvpdf::model
