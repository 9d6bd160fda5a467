// HarfBuzz, hb-subset and FreeType loaded on first use instead of when the process starts.
//
// A re-render takes everything it would ask HarfBuzz from the stores (shape, facts and subset
// files), so it need not load HarfBuzz's stack at all: libharfbuzz, libharfbuzz-subset,
// glib, pcre2, graphite2 and FreeType (which only the statically linked fontconfig uses, when
// it scans fonts). Mapping and relocating them was about 1.1 ms of a 7.7 ms re-render timed
// beside pdfLaTeX (docs/performance.md). Release builds therefore do not link these
// libraries: forwarders.cpp defines each function cvpdf calls, with the library's own
// signature (the compiler checks it against the library's header), and the first call
// opens the library with dlopen. Sanitizer and fuzzing builds link them as usual
// (CVPDF_LAZY_LIBS off), so the same code runs both ways.
#pragma once

namespace cvpdf::dynload {

enum Library { kHarfBuzz, kSubset, kFreeType, kLibraryCount };

// The address of `name` in `lib`, opening `lib` on first use. A library or function that
// cannot be found (a broken installation) ends the process with a message naming it: the
// callers include fontconfig's C code, which an exception must not cross.
void* symbol(Library lib, const char* name);

}  // namespace cvpdf::dynload
