// Variant selection and layout resolution for one job; the files a layout reads.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "cli/render.hpp"
#include "style/builtin_layouts.hpp"

namespace cvpdf::cli {
namespace fs = std::filesystem;

Prepared prepare(model::Cv cv, const RenderRequest& req) {
    Prepared p;
    std::vector<style::Override> sets;
    std::string layout = req.layout;
    SourcePos layout_pos;
    if (!req.variant.empty()) {
        model::Variant v = model::find_variant(cv, req.variant);
        if (layout.empty() && !v.layout.empty()) {
            layout = v.layout;
            layout_pos = v.pos;
            // A path in the data file is relative to the data file.
            fs::path lp = v.layout, dir = fs::path(cv.source).parent_path();
            std::error_code ec;
            if (lp.is_relative() && !dir.empty() && fs::exists(dir / lp, ec)) layout = (dir / lp).string();
        }
        for (const auto& s : v.set) sets.push_back({s.key, s.value, s.pos});
        p.cv = model::select_variant(cv, v);
    } else {
        p.cv = std::move(cv);
    }
    if (layout.empty()) layout = "classic";
    sets.insert(sets.end(), req.sets.begin(), req.sets.end());
    try {
        p.spec = style::load_layout_with_overrides(layout, sets);
    } catch (const Error& e) {
        if (e.pos().file.empty() && !layout_pos.file.empty())
            throw Error(e.message() + " (the layout of variant '" + req.variant + "')", layout_pos);
        throw;
    }
    p.layout = layout;
    return p;
}

// The layout file and what it extends (files only), then the font files.
std::vector<std::string> layout_inputs(const Prepared& p) {
    std::vector<std::string> out;
    std::string name = p.layout;
    for (int depth = 0; depth < 8; ++depth) {
        bool builtin = false;
        for (const auto& b : style::builtin_layouts()) builtin = builtin || b.name == name;
        if (builtin) break;
        std::ifstream in(name, std::ios::binary);
        if (!in) break;
        out.push_back(name);
        std::stringstream ss;
        ss << in.rdbuf();
        toml::table t;
        try {
            t = toml::parse(ss.str(), name);
        } catch (const toml::parse_error&) {
            break;
        }
        const toml::node* ext = t.get("extends");
        if (!ext || !ext->is_string()) break;
        std::string base = ext->as_string()->get();
        fs::path dir = fs::path(name).parent_path();
        std::error_code ec;
        if (fs::path(base).is_relative() && !dir.empty() && fs::exists(dir / base, ec)) base = (dir / base).string();
        name = base;
    }
    for (const std::string* f : {&p.spec.fonts.regular, &p.spec.fonts.bold, &p.spec.fonts.italic,
                                 &p.spec.fonts.bold_italic, &p.spec.fonts.math})
        if (!f->empty() && std::find(out.begin(), out.end(), *f) == out.end()) out.push_back(*f);
    return out;
}

}  // namespace cvpdf::cli
