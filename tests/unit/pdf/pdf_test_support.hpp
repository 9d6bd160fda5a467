// Test helpers for the PDF writer: shape real text with HarfBuzz into page::GlyphRuns, write
// PDFs to temporary files and run poppler/qpdf on them.
#pragma once
#include <hb.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "page/page.hpp"

namespace cvpdf::pdf::test {

struct TestFont {
    page::FontResource res;
    std::shared_ptr<hb_font_t> font;
    unsigned upem = 1000;
};

inline TestFont load_font(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    auto bytes = std::make_shared<std::vector<unsigned char>>(std::istreambuf_iterator<char>(in),
                                                              std::istreambuf_iterator<char>());
    TestFont f;
    f.res.path = file;
    f.res.data = std::span<const unsigned char>(bytes->data(), bytes->size());
    f.res.owner = bytes;
    hb_blob_t* blob = hb_blob_create(reinterpret_cast<const char*>(bytes->data()), unsigned(bytes->size()),
                                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    f.upem = hb_face_get_upem(face);
    f.font.reset(hb_font_create(face), hb_font_destroy);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return f;
}

inline TestFont load_repo_font(const char* name) { return load_font(std::string(CVPDF_SOURCE_DIR "/fonts/") + name); }

// Shapes `text` (features like "smcp,c2sc") into a run at (x, y), top-left origin.
inline page::GlyphRun shape(const TestFont& f, uint32_t font_index, const std::string& text, float size, float x,
                            float y, const char* features = "") {
    hb_buffer_t* buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text.data(), int(text.size()), 0, int(text.size()));
    hb_buffer_guess_segment_properties(buf);
    std::vector<hb_feature_t> feats;
    std::string fs = features;
    size_t pos = 0;
    while (pos < fs.size()) {
        size_t end = fs.find(',', pos);
        if (end == std::string::npos) end = fs.size();
        hb_feature_t ft;
        if (hb_feature_from_string(fs.data() + pos, int(end - pos), &ft)) feats.push_back(ft);
        pos = end + 1;
    }
    hb_shape(f.font.get(), buf, feats.data(), unsigned(feats.size()));
    unsigned n;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t* p = hb_buffer_get_glyph_positions(buf, &n);
    page::GlyphRun run;
    run.font = font_index;
    run.size = size;
    run.x = x;
    run.y = y;
    run.text = text;
    const float k = size / float(f.upem);
    for (unsigned i = 0; i < n; ++i)
        run.glyphs.push_back({info[i].codepoint, p[i].x_advance * k, p[i].x_offset * k, p[i].y_offset * k,
                              info[i].cluster});
    hb_buffer_destroy(buf);
    return run;
}

struct CmdResult {
    int status = -1;
    std::string out;
};

inline CmdResult run_cmd(const std::string& cmd) {
    CmdResult r;
    FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    r.status = pclose(p);
    return r;
}

// Writes `bytes` to a per-process temporary file and returns its path.
inline std::string write_temp(const std::vector<unsigned char>& bytes, const std::string& name) {
    auto path = std::filesystem::temp_directory_path() /
                ("cvpdf_pdf_test_" + std::to_string(::getpid()) + "_" + name + ".pdf");
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    return path.string();
}

// Removes a temporary PDF unless CVPDF_KEEP_TEST_PDF is set (for inspecting failures).
inline void remove_temp(const std::string& path) {
    if (!std::getenv("CVPDF_KEEP_TEST_PDF")) std::filesystem::remove(path);
}

}  // namespace cvpdf::pdf::test
