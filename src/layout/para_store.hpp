// Laid-out paragraphs kept on disk between runs, as Typst memoises layout across compilations.
//
// A paragraph's lines are a function of what was added to it (texts, markup spans and their
// styles, each with its font's stamp), the width and alignment asked for, the layout (by the
// fingerprint of its source texts, LayoutSpec::fingerprint), the fonts' files, the
// hyphenation dictionary and the program itself (Context::para_salt). All of that forms the
// key and the file's stamp, so a stored paragraph is only ever used for exactly the inputs
// that made it. Re-rendering a CV after an edit then sets again only the paragraphs that
// changed: no markup parsing, shaping, hyphenation or line breaking for the rest.
//
// A paragraph that warned (a missing glyph, an overfull line) is not stored, so that every
// run repeats its warning; nor is one with boxes made outside it (Paragraph::add_box).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/kv_store.hpp"
#include "layout/line_box.hpp"

namespace cvpdf::layout {

// A paragraph's result as stored: its lines, whose runs' `font` index `fonts`, and the fonts
// in the order the paragraph first asked the document for them (so that a stored paragraph
// enters them into the document in the same order as setting it again would).
struct StoredParagraph {
    struct FontRef {
        std::string path;
        uint32_t face_index = 0;
        std::string stamp;  // shape::font_stamp when stored: the same file, or not used
        bool operator==(const FontRef&) const = default;
    };
    std::vector<FontRef> fonts;
    std::vector<LineBox> lines;
    bool empty = false;  // Paragraph::empty() after setting it
};

// Every field of every line, floats bit for bit (a stored paragraph gives the same PDF
// bytes as a fresh one). decode: false unless `bytes` is exactly one encoded paragraph whose
// runs name fonts it lists.
std::string encode_paragraph(const StoredParagraph& p);
bool decode_paragraph(std::string_view bytes, StoredParagraph& out);

// One file per salt (the stamp: layout fingerprint, program, fonts, dictionary) in the cache
// folder; nothing at all until use_store() names the folder. Thread-safe.
class ParaStore {
public:
    static constexpr std::string_view kMagic = "CVPARAS1";  // bump when a stored paragraph's meaning changes
    // A file keeps only the paragraphs of the last run that set one: those it took from the
    // file and those it set. An edited paragraph's old versions would otherwise pile up, each
    // read and written again at every run (measured: 1.8 MB after 100 edits of one long
    // bullet, and an edit's re-render 4 ms slower than without the store).
    static constexpr size_t kMaxParagraphs = 0;

    ParaStore();
    ~ParaStore();
    void use_store(std::filesystem::path dir) { dir_ = std::move(dir); }
    bool enabled() const { return !dir_.empty(); }
    // The paragraph stored under `key` for `salt`, decoded into `out`.
    bool find(const std::string& salt, std::string_view key, StoredParagraph& out);
    void add(const std::string& salt, std::string key, const StoredParagraph& p);
    // Writes the files that gained paragraphs: the number written.
    size_t save();
    size_t hits() const { return hits_; }

private:
    KvFile* file(const std::string& salt);
    std::mutex mu_;
    std::filesystem::path dir_;
    std::unordered_map<std::string, std::unique_ptr<KvFile>> files_;
    size_t hits_ = 0;
};

}  // namespace cvpdf::layout
