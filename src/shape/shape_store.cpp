#include "shape/shape_store.hpp"

#include <cstdio>
#include <cstring>

#include "base/byte_reader.hpp"
#include "base/disk_cache.hpp"
#include "shape/font.hpp"

namespace cvpdf::shape {
namespace {
constexpr size_t kGlyphBytes = 20;
}

std::string encode_glyphs(const std::vector<RawGlyph>& glyphs) {
    std::string s;
    s.reserve(glyphs.size() * kGlyphBytes);
    for (const RawGlyph& g : glyphs) {
        put_u32(s, g.gid), put_u32(s, g.cluster);
        put_u32(s, uint32_t(g.x_advance)), put_u32(s, uint32_t(g.x_offset)), put_u32(s, uint32_t(g.y_offset));
    }
    return s;
}

bool decode_glyphs(std::string_view value, std::vector<RawGlyph>& out) {
    if (value.size() % kGlyphBytes) return false;
    out.resize(value.size() / kGlyphBytes);
    ByteReader r(value);
    for (RawGlyph& g : out) {
        g.gid = r.u32(), g.cluster = r.u32();
        g.x_advance = int32_t(r.u32()), g.x_offset = int32_t(r.u32()), g.y_offset = int32_t(r.u32());
    }
    return r.ok();
}

void shape_key(std::string& k, std::string_view features, bool tracked, std::string_view language,
               std::string_view text) {
    k.clear();
    k.reserve(9 + features.size() + language.size() + text.size());
    k += tracked ? 'T' : '-';
    put_u32(k, uint32_t(features.size()));
    k += features;
    put_u32(k, uint32_t(language.size()));
    k += language;
    k += text;
}

std::string shape_key(std::string_view features, bool tracked, std::string_view language, std::string_view text) {
    std::string k;
    shape_key(k, features, tracked, language, text);
    return k;
}

ShapeStore::ShapeStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
ShapeStore::~ShapeStore() = default;

std::string ShapeStore::stamp_of(const Font& font) { return font.stamp(); }

std::filesystem::path ShapeStore::file_of(const std::filesystem::path& dir, const std::string& stamp) {
    return KvFile::path_for(dir, "shapes", stamp);
}

KvFile* ShapeStore::file(const Font& font) {
    auto [it, fresh] = fonts_.try_emplace(&font);
    if (fresh)
        if (std::string stamp = stamp_of(font); !stamp.empty())
            it->second = std::make_unique<KvFile>(dir_, "shapes", kMagic, std::move(stamp));
    return it->second.get();
}

bool ShapeStore::find(const Font& font, std::string_view key, std::vector<RawGlyph>& out) {
    if (dir_.empty()) return false;
    std::lock_guard lock(mutex_);
    KvFile* f = file(font);
    if (!f) return false;
    const auto value = f->find(key);
    return value && decode_glyphs(*value, out);
}

void ShapeStore::add(const Font& font, std::string key, const std::vector<RawGlyph>& glyphs) {
    if (dir_.empty()) return;
    std::lock_guard lock(mutex_);
    if (KvFile* f = file(font)) f->add(std::move(key), encode_glyphs(glyphs));
}

size_t ShapeStore::save() {
    if (dir_.empty()) return 0;
    std::lock_guard lock(mutex_);
    size_t written = 0;
    for (auto& font : fonts_)
        if (font.second && font.second->save(kMaxWords)) ++written;
    return written;
}

}  // namespace cvpdf::shape
