#include "layout/para_store.hpp"

#include <bit>

#include "base/byte_reader.hpp"

namespace cvpdf::layout {
namespace {

void put_f32(std::string& s, float v) { put_u32(s, std::bit_cast<uint32_t>(v)); }
void put_i32(std::string& s, int v) { put_u32(s, uint32_t(v)); }
void put_str(std::string& s, std::string_view v) {
    put_u32(s, uint32_t(v.size()));
    s.append(v);
}
void put_color(std::string& s, const page::Color& c) { put_f32(s, c.r), put_f32(s, c.g), put_f32(s, c.b); }
void put_ints(std::string& s, const std::vector<int>& v) {
    put_u32(s, uint32_t(v.size()));
    for (int x : v) put_i32(s, x);
}

class Reader {
public:
    explicit Reader(std::string_view b) : r_(b) {}
    bool ok() const { return r_.ok(); }
    bool done() const { return r_.ok() && r_.left() == 0; }
    uint32_t u32() { return r_.u32(); }
    int i32() { return int(r_.u32()); }
    float f32() { return std::bit_cast<float>(r_.u32()); }
    std::string str() { return std::string(r_.bytes(u32())); }
    page::Color color() {
        page::Color c;
        c.r = f32(), c.g = f32(), c.b = f32();
        return c;
    }
    // A count of items at least `min_bytes` each: 0 (and not ok) if the rest cannot hold them,
    // so that a damaged count never asks for a huge allocation.
    uint32_t count(size_t min_bytes) {
        const uint32_t n = u32();
        if (!r_.has(size_t(n) * min_bytes)) return 0;
        return n;
    }
    std::vector<int> ints() {
        std::vector<int> v(count(4));
        for (int& x : v) x = i32();
        return v;
    }

private:
    ByteReader r_;
};

void put_run(std::string& s, const page::GlyphRun& r) {
    put_u32(s, r.font);
    put_f32(s, r.size);
    put_color(s, r.color);
    put_f32(s, r.x), put_f32(s, r.y);
    put_str(s, r.text);
    put_u32(s, uint32_t(r.glyphs.size()));
    for (const auto& g : r.glyphs) {
        put_u32(s, g.gid);
        put_f32(s, g.advance), put_f32(s, g.dx), put_f32(s, g.dy);
        put_u32(s, g.cluster);
    }
    put_str(s, r.actual_text);
    put_u32(s, uint32_t(r.actual_spans.size()));
    for (const auto& a : r.actual_spans) {
        put_u32(s, a.first), put_u32(s, a.count);
        put_str(s, a.text);
    }
    put_i32(s, r.struct_elem);
}

page::GlyphRun read_run(Reader& in, size_t fonts, bool& fonts_ok) {
    page::GlyphRun r;
    r.font = in.u32();
    fonts_ok = fonts_ok && r.font < fonts;
    r.size = in.f32();
    r.color = in.color();
    r.x = in.f32(), r.y = in.f32();
    r.text = in.str();
    r.glyphs.resize(in.count(20));
    for (auto& g : r.glyphs) {
        g.gid = in.u32();
        g.advance = in.f32(), g.dx = in.f32(), g.dy = in.f32();
        g.cluster = in.u32();
    }
    r.actual_text = in.str();
    r.actual_spans.resize(in.count(12));
    for (auto& a : r.actual_spans) {
        a.first = in.u32(), a.count = in.u32();
        a.text = in.str();
    }
    r.struct_elem = in.i32();
    return r;
}

}  // namespace

std::string encode_paragraph(const StoredParagraph& p) {
    std::string s;
    s += p.empty ? '1' : '0';
    put_u32(s, uint32_t(p.fonts.size()));
    for (const auto& f : p.fonts) {
        put_str(s, f.path);
        put_u32(s, f.face_index);
        put_str(s, f.stamp);
    }
    put_u32(s, uint32_t(p.lines.size()));
    for (const LineBox& lb : p.lines) {
        put_f32(s, lb.width), put_f32(s, lb.ascent), put_f32(s, lb.descent), put_f32(s, lb.top);
        put_u32(s, lb.right_part == size_t(-1) ? UINT32_MAX : uint32_t(lb.right_part));
        put_u32(s, uint32_t(lb.runs.size()));
        for (const auto& r : lb.runs) put_run(s, r);
        put_u32(s, uint32_t(lb.rules.size()));
        for (const auto& r : lb.rules) {
            put_f32(s, r.x), put_f32(s, r.y), put_f32(s, r.width), put_f32(s, r.height);
            put_color(s, r.color);
            put_i32(s, r.struct_elem);
        }
        put_u32(s, uint32_t(lb.links.size()));
        for (const auto& l : lb.links) {
            put_f32(s, l.x), put_f32(s, l.y), put_f32(s, l.width), put_f32(s, l.height);
            put_str(s, l.uri);
            put_i32(s, l.struct_elem);
        }
        put_u32(s, uint32_t(lb.units.size()));
        for (const auto& u : lb.units) put_f32(s, u.x0), put_f32(s, u.x1);
        put_ints(s, lb.run_unit);
        put_ints(s, lb.rule_unit);
        put_ints(s, lb.link_unit);
    }
    return s;
}

bool decode_paragraph(std::string_view bytes, StoredParagraph& out) {
    if (bytes.empty() || (bytes[0] != '0' && bytes[0] != '1')) return false;
    out.empty = bytes[0] == '1';
    Reader in(bytes.substr(1));
    out.fonts.clear();
    out.lines.clear();
    out.fonts.resize(in.count(12));
    for (auto& f : out.fonts) {
        f.path = in.str();
        f.face_index = in.u32();
        f.stamp = in.str();
    }
    bool fonts_ok = true;
    out.lines.resize(in.count(48));
    for (LineBox& lb : out.lines) {
        lb.width = in.f32(), lb.ascent = in.f32(), lb.descent = in.f32(), lb.top = in.f32();
        const uint32_t rp = in.u32();
        lb.right_part = rp == UINT32_MAX ? size_t(-1) : size_t(rp);
        lb.runs.resize(in.count(48));
        for (auto& r : lb.runs) r = read_run(in, out.fonts.size(), fonts_ok);
        lb.rules.resize(in.count(32));
        for (auto& r : lb.rules) {
            r.x = in.f32(), r.y = in.f32(), r.width = in.f32(), r.height = in.f32();
            r.color = in.color();
            r.struct_elem = in.i32();
        }
        lb.links.resize(in.count(24));
        for (auto& l : lb.links) {
            l.x = in.f32(), l.y = in.f32(), l.width = in.f32(), l.height = in.f32();
            l.uri = in.str();
            l.struct_elem = in.i32();
        }
        lb.units.resize(in.count(8));
        for (auto& u : lb.units) u.x0 = in.f32(), u.x1 = in.f32();
        lb.run_unit = in.ints();
        lb.rule_unit = in.ints();
        lb.link_unit = in.ints();
    }
    return in.done() && fonts_ok;
}

ParaStore::ParaStore() = default;
ParaStore::~ParaStore() = default;

KvFile* ParaStore::file(const std::string& salt) {
    auto [it, fresh] = files_.try_emplace(salt);
    if (fresh) it->second = std::make_unique<KvFile>(dir_, "paras", kMagic, salt);
    return it->second.get();
}

bool ParaStore::find(const std::string& salt, std::string_view key, StoredParagraph& out) {
    if (dir_.empty() || salt.empty()) return false;
    std::lock_guard lock(mu_);
    const auto v = file(salt)->find(key);
    if (!v || !decode_paragraph(*v, out)) return false;
    ++hits_;
    return true;
}

void ParaStore::add(const std::string& salt, std::string key, const StoredParagraph& p) {
    if (dir_.empty() || salt.empty()) return;
    std::lock_guard lock(mu_);
    file(salt)->add(std::move(key), encode_paragraph(p));
}

size_t ParaStore::save() {
    if (dir_.empty()) return 0;
    std::lock_guard lock(mu_);
    size_t written = 0;
    for (auto& [salt, f] : files_)
        if (f->save(kMaxParagraphs)) ++written;
    return written;
}

}  // namespace cvpdf::layout
