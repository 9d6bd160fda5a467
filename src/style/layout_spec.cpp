#include "style/layout_spec.hpp"

#include "base/disk_cache.hpp"
#include "base/text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <fcntl.h>
#include <unistd.h>

#include "style/builtin_layouts.hpp"
#include "style/font_lookup.hpp"
#include "style/toml_reader.hpp"

namespace cvpdf::style {
namespace fs = std::filesystem;

bool parse_length(std::string_view text, float em, float& out) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    double v = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc()) return false;
    std::string_view unit(r.ptr, size_t(text.data() + text.size() - r.ptr));
    double k;
    if (unit.empty() || unit == "pt") k = 1;
    else if (unit == "mm") k = 72 / 25.4;
    else if (unit == "cm") k = 72 / 2.54;
    else if (unit == "in") k = 72;
    else if (unit == "em") k = em;
    else return false;
    out = float(v * k);
    return true;
}

bool parse_color(std::string_view text, Rgb& out) {
    static const std::pair<const char*, const char*> names[] = {
        {"black", "#000000"}, {"white", "#ffffff"}, {"gray", "#808080"}, {"grey", "#808080"},
        {"darkgray", "#404040"}, {"dimgray", "#696969"}, {"silver", "#c0c0c0"}, {"navy", "#000080"},
        {"blue", "#0000ff"}, {"darkblue", "#00008b"}, {"teal", "#008080"}, {"green", "#008000"},
        {"darkgreen", "#006400"}, {"maroon", "#800000"}, {"red", "#ff0000"}, {"darkred", "#8b0000"},
        {"purple", "#800080"}, {"orange", "#ffa500"}, {"steelblue", "#4682b4"}, {"slategray", "#708090"},
    };
    for (auto [n, hex] : names)
        if (text == n) return parse_color(hex, out);
    if (text.size() != 7 && text.size() != 4) return false;
    if (text[0] != '#') return false;
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    int v[6];
    for (size_t i = 1; i < text.size(); ++i)
        if ((v[i - 1] = hexval(text[i])) < 0) return false;
    if (text.size() == 4) {
        out = {float(v[0] * 17) / 255, float(v[1] * 17) / 255, float(v[2] * 17) / 255};
    } else {
        out = {float(v[0] * 16 + v[1]) / 255, float(v[2] * 16 + v[3]) / 255, float(v[4] * 16 + v[5]) / 255};
    }
    return true;
}

std::string default_fonts_dir() {
    if (const char* env = std::getenv("CVPDF_FONTS_DIR"); env && *env) return env;
    // Installed layout: <prefix>/bin/cvpdf and <prefix>/share/cvpdf/fonts. Looked up once:
    // every font path resolves against it, and /proc/self/exe costs a path walk each time.
    static const std::string dir = [] {
        char exe[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = 0;
            fs::path p = fs::path(exe).parent_path().parent_path() / "share" / "cvpdf" / "fonts";
            std::error_code ec;
            if (fs::is_directory(p, ec)) return p.string();
        }
        return std::string(CVPDF_FONTS_DIR);
    }();
    return dir;
}

namespace {

struct Context {
    std::string file;      // for messages
    fs::path dir;          // folder of the layout file, for relative font paths ("" for built-ins)
    std::string_view text; // the layout's TOML source, to locate characters inside strings
};

// The string value `n` as a model::Text whose every character knows its line and column in
// the layout file (through escapes and multi-line strings), so that errors inside a template
// point at the character. Falls back to the string's start when the source is not at hand.
model::Text toml_text(const toml::node& n, const Context& ctx) {
    model::Text t;
    t.src = n.as_string()->get();
    SourcePos at = pos_of(n, ctx.file);
    t.pos = {ctx.file, at.line, at.col + 1};
    // Byte offset of the token in the source: toml++ counts lines from 1, columns in code points.
    std::string_view src = ctx.text;
    size_t off = 0;
    for (uint32_t l = 1; l < at.line && off < src.size(); ++l) {
        size_t nl = src.find('\n', off);
        if (nl == std::string_view::npos) return t;
        off = nl + 1;
    }
    for (uint32_t c = 1; c < at.col && off < src.size(); ++c) off += utf8_seq_len(static_cast<unsigned char>(src[off]));
    if (off >= src.size() || (src[off] != '"' && src[off] != '\'')) return t;
    const char q = src[off];
    const bool multi = src.substr(off, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''");
    const bool basic = q == '"';
    size_t i = off + (multi ? 3 : 1);
    uint32_t line = at.line, col = at.col + (multi ? 3 : 1);
    auto step = [&](size_t n_bytes) {
        for (size_t k = 0; k < n_bytes && i < src.size();) {
            if (src[i] == '\n') ++line, col = 1, ++i, ++k;
            else {
                size_t m = utf8_seq_len(static_cast<unsigned char>(src[i]));
                i += m, k += m, ++col;
            }
        }
    };
    if (multi && i < src.size() && src[i] == '\n') step(1);
    else if (multi && src.substr(i, 2) == "\r\n") step(2);
    std::string decoded;
    std::vector<model::TextAnchor> anchors;
    // Exactly the value's characters are walked: the closing quote is never reached.
    while (i < src.size() && decoded.size() < t.src.size()) {
        anchors.push_back({uint32_t(decoded.size()), line, col});
        if (basic && src[i] == '\\' && i + 1 < src.size()) {
            const char e = src[i + 1];
            if (e == 'u' || e == 'U') {
                const size_t digits = e == 'u' ? 4 : 8;
                unsigned long cp = std::strtoul(std::string(src.substr(i + 2, digits)).c_str(), nullptr, 16);
                append_utf8(decoded, char32_t(cp));
                step(2 + digits);
            } else if (multi && (e == '\n' || e == ' ' || e == '\t' || e == '\r')) {
                anchors.pop_back();  // a line-ending backslash: the whitespace after it vanishes
                step(1);
                while (i < src.size() && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r')) step(1);
            } else {
                static const std::string_view from = "btnfr\"\\e", to = "\b\t\n\f\r\"\\\x1b";
                size_t k = from.find(e);
                decoded += k == std::string_view::npos ? e : to[k];
                step(2);
            }
        } else {
            size_t m = utf8_seq_len(static_cast<unsigned char>(src[i]));
            decoded.append(src.substr(i, m));
            step(m);
        }
    }
    if (decoded == t.src) t.anchors = std::move(anchors);
    return t;
}

// `[entry] head` / `role_head`: an array of lines { left = "…", right = "…" }.
void read_template(TableReader& t, const Context& ctx, const char* key, EntryTemplate& out) {
    t.with(key, [&](const toml::node& n) {
        const toml::array* a = n.as_array();
        if (!a || a->empty())
            t.fail(n, "'" + t.where(key) + "' must be an array of lines such as { left = \"{title}\", right = \"{dates}\" }");
        out.clear();
        for (size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = *a->get(i);
            const std::string w = t.where(key) + "[" + std::to_string(i) + "]";
            if (!e.is_table()) t.fail(e, "'" + w + "' must be a table such as { left = \"{title}\", right = \"{dates}\" }, found " + type_name(e));
            TableReader lr(*e.as_table(), t.file(), w);
            TemplateLine line;
            bool any = false;
            for (const char* side : {"left", "right"})
                lr.with(side, [&](const toml::node& v) {
                    if (!v.is_string()) lr.fail(v, "'" + lr.where(side) + "' must be a string, found " + type_name(v));
                    (side[0] == 'l' ? line.left : line.right) = parse_template_part(toml_text(v, ctx), lr.where(side));
                    any = true;
                });
            lr.finish();
            if (!any) t.fail(e, "'" + w + "' needs a left or a right part, e.g. { left = \"{role}\" }");
            out.push_back(std::move(line));
        }
    });
}

Face parse_face(TableReader& r, const toml::node& n) {
    if (!n.is_string()) r.fail(n, "a face must be a string, found " + type_name(n));
    const std::string& s = n.as_string()->get();
    if (s == "regular") return Face::Regular;
    if (s == "bold") return Face::Bold;
    if (s == "italic") return Face::Italic;
    if (s == "bold-italic") return Face::BoldItalic;
    std::string hint = suggest(s, {"regular", "bold", "italic", "bold-italic"});
    r.fail(n, "unknown face \"" + s + "\" (use regular, bold, italic or bold-italic)" +
                  (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
}

void read_color(TableReader& r, const char* key, Rgb& out) {
    r.with(key, [&](const toml::node& n) {
        if (!n.is_string() || !parse_color(n.as_string()->get(), out))
            r.fail(n, "'" + r.where(key) + "' must be a colour such as \"#1f4e79\" or \"navy\"");
    });
}

void read_style(TableReader& r, TextStyle& s, float body_size) {
    r.with("face", [&](const toml::node& n) { s.face = parse_face(r, n); });
    r.length("size", s.size, body_size);
    read_color(r, "color", s.color);
    r.boolean("small_caps", s.small_caps);
    r.boolean("all_small_caps", s.all_small_caps);
    r.boolean("uppercase", s.uppercase);
    r.length("tracking", s.tracking, s.size);
    r.string("features", s.features);
}

void read_align(TableReader& r, Align& a) {
    r.with("align", [&](const toml::node& n) {
        std::string v = n.value<std::string>().value_or("");
        if (v == "left") a = Align::Left;
        else if (v == "center" || v == "centre") a = Align::Center;
        else if (v == "right") a = Align::Right;
        else r.fail(n, "'" + r.where("align") + "' must be \"left\", \"center\" or \"right\"");
    });
}

// A font: a file name (next to the layout, in its fonts/ folder, then cvpdf's fonts/), or
// { family = "Noto Sans", style = "Bold" } looked up through fontconfig (installed fonts).
// The first four bytes of every TrueType, OpenType (CFF) or collection file.
bool looks_like_font(const std::string& path) {
    // Four bytes per font of every layout: a bare read, not an ifstream and its buffer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char magic[4] = {};
    const bool got = ::read(fd, magic, 4) == 4;
    ::close(fd);
    if (!got) return false;
    const std::string_view m(magic, 4);
    return m == std::string_view("\0\1\0\0", 4) || m == "OTTO" || m == "true" || m == "ttcf";
}

std::string resolve_font(const Context& ctx, TableReader& r, const toml::node& n, const std::string& where) {
    if (const toml::table* tbl = n.as_table()) {
        TableReader t(*tbl, r.file(), where);
        std::string family, style = "Regular";
        t.string("family", family);
        t.string("style", style);
        t.finish();
        if (family.empty()) r.fail(n, "'" + where + "' needs a family, e.g. { family = \"Noto Sans\", style = \"Bold\" }");
        if (auto file = find_font_file(family, style)) return *file;
        r.fail(n, "no installed font matches family \"" + family + "\" style \"" + style +
                      "\" (fc-list shows what is installed)");
    }
    if (!n.is_string()) r.fail(n, "a font must be a file name or { family, style }, found " + type_name(n));
    fs::path p = n.as_string()->get();
    std::error_code ec;
    std::string found;
    if (p.is_absolute() && fs::exists(p, ec)) found = p.string();
    else if (!ctx.dir.empty() && fs::exists(ctx.dir / p, ec)) found = (ctx.dir / p).string();
    else if (!ctx.dir.empty() && fs::exists(ctx.dir / "fonts" / p, ec)) found = (ctx.dir / "fonts" / p).string();
    else if (fs::exists(fs::path(default_fonts_dir()) / p, ec)) found = (fs::path(default_fonts_dir()) / p).string();
    if (found.empty())
        r.fail(n, "font file \"" + p.string() + "\" not found (looked next to the layout and in " +
                      default_fonts_dir() + ")");
    // A file that is not a font at all is reported here, at the layout's line and column;
    // a damaged font is caught when it is loaded. Built-in layouts (no folder) name cvpdf's
    // own fonts, most of them fallbacks a CV never loads: no line of theirs would help, and
    // the check cost three system calls for each of them in every run.
    if (!ctx.dir.empty() && !looks_like_font(found))
        r.fail(n, "\"" + p.string() + "\" is not a font file (expected TrueType, OpenType or a collection)");
    return found;
}

// One entry of [fonts] fallback: a font for every face (a file or { family, style }), or a
// font per face, { regular = …, bold = …, italic = …, bold_italic = … } (regular required).
FallbackFont read_fallback(const Context& ctx, TableReader& r, const toml::node& n) {
    const toml::table* tbl = n.as_table();
    if (!tbl || tbl->contains("family") || tbl->contains("style")) {
        std::string f = resolve_font(ctx, r, n, r.where("fallback"));
        return {f, f, f, f};
    }
    FallbackFont out;
    TableReader t(*tbl, r.file(), r.where("fallback"));
    auto face = [&](const char* key, std::string& dst) {
        t.with(key, [&](const toml::node& v) { dst = resolve_font(ctx, t, v, t.where(key)); });
    };
    face("regular", out.regular);
    face("bold", out.bold);
    face("italic", out.italic);
    face("bold_italic", out.bold_italic);
    t.finish();
    if (out.regular.empty())
        r.fail(n, "a 'fonts.fallback' entry needs a regular font: a file, or { regular = \"NotoSansHebrew-Regular.ttf\", "
                  "bold = \"NotoSansHebrew-Bold.ttf\" }");
    if (out.bold.empty()) out.bold = out.regular;
    if (out.italic.empty()) out.italic = out.regular;
    if (out.bold_italic.empty()) out.bold_italic = out.bold;
    return out;
}

void apply(const toml::table& t, const Context& ctx, LayoutSpec& spec) {
    TableReader r(t, ctx.file, "");
    r.string("description", spec.description);
    r.with("extends", [](const toml::node&) {});  // handled by the caller
    // Text first: other lengths in em refer to the body size.
    r.table("text", [&](TableReader& t) {
        read_style(t, spec.body.style, spec.body.style.size);
        t.length("leading", spec.body.leading, spec.body.style.size);
        t.boolean("justify", spec.body.justify);
        t.boolean("hyphenate", spec.body.hyphenate);
        t.string("language", spec.body.language);
        t.length("paragraph_gap", spec.body.paragraph_gap, spec.body.style.size);
        t.boolean("smart_quotes", spec.body.smart_quotes);
        t.with("direction", [&](const toml::node& n) {
            std::string v = n.value<std::string>().value_or("");
            if (v != "ltr" && v != "rtl") t.fail(n, "'text.direction' must be \"ltr\" or \"rtl\"");
            spec.body.direction = v;
        });
        t.boolean("dashes", spec.body.tex_dashes);
    });
    const float em = spec.body.style.size;
    r.table("page", [&](TableReader& t) {
        t.with("size", [&](const toml::node& n) {
            std::string v = n.value<std::string>().value_or("");
            if (v == "letter") spec.page.width = 612, spec.page.height = 792;
            else if (v == "a4") spec.page.width = 595.276f, spec.page.height = 841.89f;
            else if (v == "legal") spec.page.width = 612, spec.page.height = 1008;
            else if (v == "a5") spec.page.width = 419.528f, spec.page.height = 595.276f;
            else t.fail(n, "unknown page size \"" + v + "\" (use letter, a4, a5, legal, or width/height)");
        });
        t.length("width", spec.page.width, em);
        t.length("height", spec.page.height, em);
        float m = -1;
        t.length("margin", m, em);
        if (m >= 0) spec.page.margin_top = spec.page.margin_right = spec.page.margin_bottom = spec.page.margin_left = m;
        t.length("margin_top", spec.page.margin_top, em);
        t.length("margin_right", spec.page.margin_right, em);
        t.length("margin_bottom", spec.page.margin_bottom, em);
        t.length("margin_left", spec.page.margin_left, em);
    });
    r.table("fonts", [&](TableReader& t) {
        auto font = [&](const char* key, std::string& out) {
            t.with(key, [&](const toml::node& n) { out = resolve_font(ctx, t, n, t.where(key)); });
        };
        font("regular", spec.fonts.regular);
        font("bold", spec.fonts.bold);
        font("italic", spec.fonts.italic);
        font("bold_italic", spec.fonts.bold_italic);
        font("math", spec.fonts.math);
        font("icons", spec.fonts.icons);
        font("name", spec.fonts.name);
        font("heading", spec.fonts.heading);
        font("monospace", spec.fonts.monospace);
        t.with("fallback", [&](const toml::node& n) {
            const toml::array* a = n.as_array();
            if (!a) t.fail(n, "'fonts.fallback' must be an array of font files");
            spec.fonts.fallback.clear();
            for (const auto& e : *a) spec.fonts.fallback.push_back(read_fallback(ctx, t, e));
        });
        t.string("features", spec.body.features);
    });
    r.table("name", [&](TableReader& t) {
        read_style(t, spec.name_style.style, em);
        read_align(t, spec.name_style.align);
        t.length("space_after", spec.name_style.space_after, em);
        t.table("last_word", [&](TableReader& s) {
            spec.name_style.last_word = spec.name_style.style;
            read_style(s, spec.name_style.last_word, em);
            spec.name_style.last_word_differs = true;
        });
        t.string("tagline", spec.name_style.tagline);
        t.table("tagline_style", [&](TableReader& s) { read_style(s, spec.name_style.tagline_style, em); });
    });
    r.table("contact", [&](TableReader& t) {
        read_style(t, spec.contact.style, em);
        read_align(t, spec.contact.align);
        t.string("separator", spec.contact.separator);
        t.length("space_after", spec.contact.space_after, em);
        t.boolean("icons", spec.contact.icons);
        read_color(t, "icon_color", spec.contact.icon_color);
    });
    r.table("heading", [&](TableReader& t) {
        read_style(t, spec.heading.style, em);
        t.length("space_above", spec.heading.space_above, em);
        t.length("space_below", spec.heading.space_below, em);
        t.length("rule", spec.heading.rule, em);
        t.length("rule_gap", spec.heading.rule_gap, em);
        read_color(t, "rule_color", spec.heading.rule_color);
        t.with("rule_position", [&](const toml::node& n) {
            std::string v = n.value<std::string>().value_or("");
            if (v != "below" && v != "above" && v != "beside" && v != "bar")
                t.fail(n, "'heading.rule_position' must be \"below\", \"above\", \"beside\" or \"bar\"");
            spec.heading.rule_position = v;
            spec.heading.rule_position_at = pos_of(n, ctx.file);
        });
        t.with("position", [&](const toml::node& n) {
            std::string v = n.value<std::string>().value_or("");
            if (v != "top" && v != "margin")
                t.fail(n, "'heading.position' must be \"top\" (a line of its own) or \"margin\" (a left column)");
            spec.heading.position = v;
            spec.heading.position_at = pos_of(n, ctx.file);
        });
        read_align(t, spec.heading.align);
    });
    r.table("entry", [&](TableReader& t) {
        t.table("title", [&](TableReader& s) { read_style(s, spec.entry.title, em); });
        t.table("organisation", [&](TableReader& s) { read_style(s, spec.entry.organisation, em); });
        t.table("dates", [&](TableReader& s) { read_style(s, spec.entry.dates, em); });
        t.table("role", [&](TableReader& s) { read_style(s, spec.entry.role, em); });
        t.table("location", [&](TableReader& s) { read_style(s, spec.entry.location, em); });
        t.string("title_separator", spec.entry.title_separator);
        t.length("space_above", spec.entry.space_above, em);
        t.length("head_leading", spec.entry.head_leading, em);
        t.length("space_below_head", spec.entry.space_below_head, em);
        t.with("dates_position", [&](const toml::node& n) {
            std::string v = n.value<std::string>().value_or("");
            if (v != "right" && v != "left") t.fail(n, "'entry.dates_position' must be \"right\" or \"left\"");
            spec.entry.dates_position = v;
            spec.entry.dates_position_at = pos_of(n, ctx.file);
        });
        read_template(t, ctx, "head", spec.entry.head);
        read_template(t, ctx, "role_head", spec.entry.role_head);
    });
    r.table("dates", [&](TableReader& t) {
        t.with("months", [&](const toml::node& n) {
            const toml::array* a = n.as_array();
            if (!a || a->size() != 12) t.fail(n, "'dates.months' must be an array of 12 strings");
            for (size_t i = 0; i < 12; ++i) {
                const toml::node& m = *a->get(i);
                if (!m.is_string()) t.fail(m, "'dates.months' must hold strings, found " + type_name(m));
                spec.dates.months[i] = m.as_string()->get();
            }
        });
        t.string("present", spec.dates.present);
        t.string("range_separator", spec.dates.range_separator);
    });
    r.table("list", [&](TableReader& t) {
        t.length("indent", spec.list.indent, em);
        t.length("label_gap", spec.list.label_gap, em);
        t.string("bullet", spec.list.bullet);
        t.string("number_suffix", spec.list.number_suffix);
        t.length("item_gap", spec.list.item_gap, em);
        t.length("space_above", spec.list.space_above, em);
        t.length("space_below", spec.list.space_below, em);
        t.length("nested_indent", spec.list.nested_indent, em);
        t.string("number_prefix", spec.list.number_prefix);
        t.with("bullet_color", [&](const toml::node& n) {
            if (!n.is_string() || !parse_color(n.as_string()->get(), spec.list.bullet_color))
                t.fail(n, "'list.bullet_color' must be a colour such as \"#1f4e79\" or \"navy\"");
            spec.list.bullet_color_set = true;
        });
    });
    r.table("publications", [&](TableReader& t) {
        t.boolean("numbered", spec.publications.numbered);
        t.with("self_face", [&](const toml::node& n) { spec.publications.self_face = parse_face(t, n); });
        t.boolean("underline_self", spec.publications.underline_self);
        t.string("equal_note", spec.publications.equal_note);
        t.string("venue_prefix", spec.publications.venue_prefix);
        t.string("author_and", spec.publications.author_and);
        t.string("author_and_last", spec.publications.author_and_last);
    });
    r.table("links", [&](TableReader& t) {
        read_color(t, "color", spec.links.color);
        t.boolean("underline", spec.links.underline);
    });
    r.table("small", [&](TableReader& t) { read_style(t, spec.small, em); });
    r.table("columns", [&](TableReader& t) {
        t.length("date_column", spec.columns.date_column, em);
        t.length("date_gap", spec.columns.date_gap, em);
        t.length("heading_column", spec.columns.heading_column, em);
        t.length("heading_gap", spec.columns.heading_gap, em);
        t.length("sidebar", spec.columns.sidebar, em);
        t.length("sidebar_gap", spec.columns.sidebar_gap, em);
        t.length("sidebar_padding", spec.columns.sidebar_padding, em);
        t.boolean("header_in_sidebar", spec.columns.header_in_sidebar);
        t.with("sidebar_fill", [&](const toml::node& n) {
            if (!n.is_string() || !parse_color(n.as_string()->get(), spec.columns.sidebar_fill))
                t.fail(n, "'columns.sidebar_fill' must be a colour such as \"#eef2f7\"");
            spec.columns.sidebar_fill_set = true;
        });
        t.with("sidebar_sections", [&](const toml::node& n) {
            const toml::array* a = n.as_array();
            if (!a) t.fail(n, "'columns.sidebar_sections' must be an array of section titles");
            spec.columns.sidebar_sections.clear();
            for (const auto& e : *a) {
                if (!e.is_string()) t.fail(e, "'columns.sidebar_sections' must hold strings, found " + type_name(e));
                spec.columns.sidebar_sections.push_back(e.as_string()->get());
            }
        });
    });
    r.table("footer", [&](TableReader& t) {
        t.string("text", spec.footer.text);
        read_style(t, spec.footer.style, em);
        read_align(t, spec.footer.align);
        t.boolean("first_page", spec.footer.first_page);
        t.length("offset", spec.footer.offset, em);
    });
    r.finish();
    // Role fonts: the name and the headings may be set in a face of their own.
    if (!spec.fonts.name.empty())
        spec.name_style.style.font = spec.name_style.last_word.font = spec.fonts.name;
    if (!spec.fonts.heading.empty()) spec.heading.style.font = spec.fonts.heading;
}

// Settings that cannot go together, reported at the one this file set (a layout it extends
// was checked on its own).
void check_conflicts(const LayoutSpec& spec, const std::string& file) {
    const auto& hs = spec.heading;
    if (hs.position != "margin") return;
    auto blame = [&](const SourcePos& mine, const SourcePos& other) { return mine.file == file || other.file != file ? mine : other; };
    if (spec.entry.dates_position == "left")
        throw Error("'heading.position = \"margin\"' puts the section headings in the left column, where "
                    "'entry.dates_position = \"left\"' sets the dates; set entry.dates_position = \"right\" "
                    "(dates flush right) or heading.position = \"top\"",
                    blame(hs.position_at, spec.entry.dates_position_at));
    if (hs.rule_position == "beside")
        throw Error("'heading.rule_position = \"beside\"' runs a rule beside a heading on a line of its own; "
                    "a margin heading takes \"below\", \"above\" or \"bar\"",
                    blame(hs.position_at, hs.rule_position_at));
}

toml::table parse_toml(std::string_view text, const std::string& file) {
    try {
        return toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        const auto& b = e.source().begin;
        throw Error(std::string(e.description()), {file, uint32_t(b.line), uint32_t(b.column)});
    }
}

LayoutSpec load(std::string_view text, const Context& ctx, int depth);

LayoutSpec load_named(const std::string& name_or_path, int depth) {
    if (depth > 8) throw Error("layout '" + name_or_path + "': `extends` chain is too deep (a cycle?)");
    for (const auto& b : builtin_layouts())
        if (b.name == name_or_path) {
            // A built-in layout gives the same spec every time in a process (its text is
            // compiled in, its fonts resolve against the same folders), and a batch asks for
            // it once per CV: parse it once. Failures are not kept, so they repeat.
            static std::mutex mu;
            static std::map<std::string, LayoutSpec> parsed;
            const std::string key = name_or_path + '\n' + default_fonts_dir();
            {
                std::lock_guard<std::mutex> lock(mu);
                if (auto it = parsed.find(key); it != parsed.end()) return it->second;
            }
            LayoutSpec s = load(b.toml, {"<built-in layout " + name_or_path + ">", {}}, depth);
            s.name = name_or_path;
            std::lock_guard<std::mutex> lock(mu);
            parsed.emplace(key, s);
            return s;
        }
    std::ifstream in(name_or_path, std::ios::binary);
    if (!in) {
        std::string names;
        for (const auto& b : builtin_layouts()) names += (names.empty() ? "" : ", ") + std::string(b.name);
        throw Error("cannot open layout '" + name_or_path + "' (not a file, nor a built-in layout: " + names + ")");
    }
    std::stringstream ss;
    ss << in.rdbuf();
    LayoutSpec s = load(ss.str(), {name_or_path, fs::path(name_or_path).parent_path().empty() ? fs::path(".") : fs::path(name_or_path).parent_path()}, depth);
    s.name = fs::path(name_or_path).stem().string();
    return s;
}

LayoutSpec load(std::string_view text, const Context& ctx, int depth) {
    toml::table t = parse_toml(text, ctx.file);
    LayoutSpec spec;
    bool builtin = ctx.dir.empty() && ctx.file.rfind("<built-in", 0) == 0;
    if (const toml::node* ext = t.get("extends")) {
        if (!ext->is_string()) throw Error("'extends' must be a layout name or path", pos_of(*ext, ctx.file));
        std::string base = ext->as_string()->get();
        fs::path p = base;
        if (!builtin && !ctx.dir.empty() && p.is_relative() && fs::exists(ctx.dir / p)) base = (ctx.dir / p).string();
        try {
            spec = load_named(base, depth + 1);
        } catch (const Error& e) {
            if (e.pos().file.empty()) throw Error(e.message(), pos_of(*ext, ctx.file));
            throw;
        }
    } else if (!builtin) {
        // A user's layout without `extends` still starts from the default look.
        spec = load_named("classic", depth + 1);
    }
    // The base's fingerprint, then this text under its name (relative font paths resolve
    // against the file's folder).
    spec.fingerprint = hex16(stable_hash(spec.fingerprint + '\n' + ctx.file + '\n' + ctx.dir.string() + '\n' +
                                         std::string(text)));
    Context with_text = ctx;
    with_text.text = text;
    apply(t, with_text, spec);
    check_conflicts(spec, ctx.file);
    if (spec.fonts.regular.empty()) throw Error("layout defines no regular font ([fonts] regular = …)", {ctx.file});
    if (spec.fonts.bold.empty()) spec.fonts.bold = spec.fonts.regular;
    if (spec.fonts.italic.empty()) spec.fonts.italic = spec.fonts.regular;
    if (spec.fonts.bold_italic.empty()) spec.fonts.bold_italic = spec.fonts.bold;
    if (spec.page.width - spec.page.margin_left - spec.page.margin_right < 72)
        throw Error("page margins leave less than 1in for text", {ctx.file});
    return spec;
}

}  // namespace

LayoutSpec load_layout(const std::string& name_or_path) { return load_named(name_or_path, 0); }

LayoutSpec load_layout_string(std::string_view toml, const std::string& source_name) {
    return load(toml, {source_name, fs::path(source_name).parent_path()}, 0);
}

// ---- Overrides (--set, variants) ----

namespace {

std::string trim_ws(std::string_view s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

bool bare_dotted_key(std::string_view k) {
    if (k.empty() || k.front() == '.' || k.back() == '.') return false;
    char prev = 0;
    for (char c : k) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok || (c == '.' && prev == '.')) return false;
        prev = c;
    }
    return true;
}

}  // namespace

Override parse_override(std::string_view arg) {
    Override o;
    o.arg = std::string(arg);
    o.pos = {"<--set " + o.arg + ">", 1, 1};
    size_t eq = arg.find('=');
    if (eq == std::string_view::npos)
        throw Error("expected KEY=VALUE, such as page.size=a4", o.pos);
    o.key = trim_ws(arg.substr(0, eq));
    if (!bare_dotted_key(o.key))
        throw Error("'" + o.key + "' is not a layout key (write a dotted key such as page.size or text.size)", o.pos);
    if (o.key == "extends") throw Error("use --layout to choose the layout to start from, not --set extends", o.pos);
    std::string v = trim_ws(arg.substr(eq + 1));
    bool is_toml = false;
    if (!v.empty() && v.find_first_of("\r\n") == std::string::npos) {
        try {
            toml::table t = toml::parse("x = " + v);
            is_toml = t.size() == 1 && t.contains("x");
        } catch (const toml::parse_error&) {
        }
    }
    o.value = is_toml ? v : toml_quote(v);
    o.quoted = !is_toml;
    o.pos.col = 1;
    return o;
}

LayoutSpec load_layout_with_overrides(const std::string& name_or_path, const std::vector<Override>& overrides,
                                      const std::string& base_dir) {
    if (overrides.empty()) return load_layout(name_or_path);
    // A later setting of a key wins.
    std::vector<const Override*> list;
    for (const auto& o : overrides) {
        for (auto it = list.begin(); it != list.end(); ++it)
            if ((*it)->key == o.key) {
                list.erase(it);
                break;
            }
        list.push_back(&o);
    }
    std::string text = "extends = " + toml_quote(name_or_path) + "\n";
    for (const Override* o : list) text += o->key + " = " + o->value + "\n";
    fs::path dir = base_dir.empty() ? fs::path(".") : fs::path(base_dir);
    const std::string source = (dir / "<overrides>").string();
    try {
        LayoutSpec spec = load_layout_string(text, source);
        bool builtin = false;
        for (const auto& b : builtin_layouts()) builtin = builtin || b.name == name_or_path;
        spec.name = builtin ? name_or_path : fs::path(name_or_path).stem().string();
        return spec;
    } catch (const Error& e) {
        if (e.pos().file != source) throw;
        uint32_t line = e.pos().line;
        if (line == 1) throw Error(e.message());
        if (line >= 2 && line - 2 < list.size()) {
            const Override& o = *list[line - 2];
            if (o.arg.empty()) throw Error(e.message(), o.pos);
            // Columns of "key = value" → columns of the argument "key=value".
            uint32_t k = uint32_t(o.key.size()), c = e.pos().col;
            if (c > k) c = c >= k + 4 ? std::max(k + 2, c - 2 - (o.quoted ? 1 : 0)) : k + 1;
            if (c == 0) c = 1;
            throw Error(e.message(), {o.pos.file, 1, c});
        }
        throw Error(e.message(), {list.size() == 1 ? list[0]->pos.file : std::string("<overrides>")});
    }
}

}  // namespace cvpdf::style
