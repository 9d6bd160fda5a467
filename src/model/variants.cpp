// Variants: one data file, many CVs (schema: docs/data-schema.md, "[variants]").
#include <algorithm>
#include <set>

#include "model/cv.hpp"
#include "model/toml_util.hpp"

namespace cvpdf::model {

namespace {

bool keeps(const std::vector<std::string>& item_tags, const std::vector<std::string>& variant_tags) {
    if (item_tags.empty()) return true;
    for (const auto& t : item_tags)
        if (std::find(variant_tags.begin(), variant_tags.end(), t) != variant_tags.end()) return true;
    return false;
}

std::set<std::string> tags_used(const Cv& cv) {
    std::set<std::string> out;
    for (const auto& s : cv.sections) {
        out.insert(s.tags.begin(), s.tags.end());
        for (const auto& e : s.entries) out.insert(e.tags.begin(), e.tags.end());
        for (const auto& p : s.publications) out.insert(p.tags.begin(), p.tags.end());
    }
    return out;
}

}  // namespace

Variant find_variant(const Cv& cv, const std::string& name) {
    for (const auto& v : cv.variants)
        if (v.name == name) return v;
    std::set<std::string> tags = tags_used(cv);
    if (tags.count(name)) {
        Variant v;
        v.name = name;
        v.tags = {name};
        return v;
    }
    std::vector<std::string> known;
    for (const auto& v : cv.variants) known.push_back(v.name);
    for (const auto& t : tags)
        if (std::find(known.begin(), known.end(), t) == known.end()) known.push_back(t);
    std::string msg = "unknown variant '" + name + "'";
    std::string hint = detail::suggest(name, known);
    if (!hint.empty()) {
        msg += "; did you mean '" + hint + "'?";
    } else if (known.empty()) {
        msg += " (the file defines no [variants] and uses no tags)";
    } else {
        msg += " (variants and tags in the file:";
        for (size_t i = 0; i < known.size(); ++i) msg += (i ? ", " : " ") + known[i];
        msg += ")";
    }
    throw Error(msg, {cv.source, 0, 0});
}

Cv select_variant(const Cv& cv, const Variant& variant) {
    Cv out;
    out.person = cv.person;
    out.meta = cv.meta;
    out.variants = cv.variants;
    out.source = cv.source;
    for (const auto& s : cv.sections) {
        if (!keeps(s.tags, variant.tags)) continue;
        Section sec = s;
        sec.entries.clear();
        sec.publications.clear();
        for (const auto& e : s.entries)
            if (keeps(e.tags, variant.tags)) sec.entries.push_back(e);
        for (const auto& p : s.publications)
            if (keeps(p.tags, variant.tags)) sec.publications.push_back(p);
        if (sec.kind == Section::Kind::Entries && sec.entries.empty()) continue;
        if (sec.kind == Section::Kind::Publications && sec.publications.empty()) continue;
        out.sections.push_back(std::move(sec));
    }
    return out;
}

Cv select_variant(const Cv& cv, const std::string& name) { return select_variant(cv, find_variant(cv, name)); }

}  // namespace cvpdf::model
