// The tagged-PDF structure tree (ISO 32000-1 §14.7–14.8): the writer records, while it
// draws each page, which marked content and which link annotation belongs to which
// element of page::Document::structure; write_structure then makes the StructElem objects,
// /StructTreeRoot with its /ParentTree, and /MarkInfo.
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "page/page.hpp"
#include "pdf/haru.hpp"
#include "pdf/pdf_format.hpp"

namespace cvpdf::pdf {

struct StructKid {
    uint64_t seq;           // drawing order (global); element kids take their subtree's first
    enum Kind : uint8_t { Mcid, Objr, Elem } kind;
    uint32_t page;          // Mcid, Objr
    int value;              // MCID, or element index
    HPDF_Annotation annot;  // Objr
};

// What an element's dictionary says, written at save time by its dict's write hook (see
// struct_tree.cpp). Kept in StructState, which must outlive the save.
struct StructElemBody {
    std::string type;            // /S
    HPDF_Dict parent = nullptr;  // /P: an element or the root
    struct Text {
        const char* key;
        TextString value;
    };
    std::vector<Text> texts;     // /T, /Lang, /Alt, /ActualText when not empty
    HPDF_Page page = nullptr;    // /Pg, or none
    const std::vector<StructKid>* kids = nullptr;  // /K
    const std::vector<HPDF_Dict>* elems = nullptr;
    const std::vector<HPDF_Page>* pages = nullptr;
};

struct StructState {
    explicit StructState(size_t n) : kids(n), first_seq(n, std::numeric_limits<uint64_t>::max()) {}
    std::vector<std::vector<StructKid>> kids;
    std::vector<uint64_t> first_seq;
    uint64_t seq = 0;
    std::vector<std::vector<int>> page_mcids;  // per page: MCID → element
    struct AnnotParent { HPDF_Annotation annot; int elem; };
    std::vector<AnnotParent> annots;
    std::vector<HPDF_Dict> elems;        // filled by write_structure
    std::vector<StructElemBody> bodies;  // idem

    void add(int elem, StructKid k) {
        first_seq[size_t(elem)] = std::min(first_seq[size_t(elem)], k.seq);
        kids[size_t(elem)].push_back(k);
    }
};

// A PDF name from a structure type: only regular characters, so no #-escaping is needed.
std::string struct_type_name(const std::string& type);

void write_structure(const HaruDoc& doc, const page::Document& d, const std::vector<HPDF_Page>& pages,
                     StructState& st, Hash128& digest);

}  // namespace cvpdf::pdf
