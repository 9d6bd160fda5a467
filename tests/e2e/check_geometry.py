#!/usr/bin/env python3
"""Page geometry of a rendered CV: words inside the margins, no overlapping words, no word
straddling two columns.

Usage: check_geometry.py PDF [--margins L,R,T,B] [--columns x0-x1,x2-x3,...] [--footer]

Words and their boxes come from `pdftotext -bbox-layout` (xMin/yMin/xMax/yMax in PDF points,
origin at the top left of the page).

* --margins L,R,T,B (points): nothing may be set outside the text area
  [L, width-R] x [T, height-B], within TOL_MARGIN = 0.5 pt.
  - Left/right: on the word boxes. poppler's x extent is where the engine put the glyphs
    (first origin .. last origin + advance), exactly what a line breaker justifies.
  - Top/bottom: NOT on the word boxes, because poppler's y extent is the font descriptor's
    /Ascent../Descent (Gentium Book Plus: 1.099 em above the baseline, room for stacked
    accents), not ink: a first line whose capitals start exactly at the top margin has a box
    ~4 pt above it. Instead the page is rasterised (pdftoppm, 288 dpi, grey) and no pixel
    darker than 50% may lie above T-0.5 pt or below height-B+0.5 pt; the report names the
    word whose box holds the offending ink.
  - --footer: the layout sets a running footer in the bottom margin by design; words lying
    entirely inside the bottom margin band are then counted as footer and not reported (the
    bottom-margin ink check is skipped); a word straddling the margin line still fails.
* Overlap: two words overlap when their boxes intersect by more than a tolerance in BOTH
  axes. poppler's boxes are not ink boxes: the x extent is the advance width of the glyphs
  (from the first glyph's origin to the last glyph's origin + advance) and the y extent is the
  font's ascent..descent scaled by the font size, so
    - horizontally, a kerned pair across a word boundary ("V." then "A", an italic word
      followed by a roman one, a negative kern before punctuation split off as its own word)
      can make adjacent advance boxes intersect by a fraction of a point while the ink does
      not touch. We allow OVERLAP_X = 1.0 pt: larger than any real kern at the body sizes
      these layouts use (a -100/1000 em kern at 10 pt is 1 pt), far smaller than the width
      of any glyph, so two words really printed on top of each other are still caught;
    - vertically, ascent + descent usually exceeds the leading (Gentium at 10 pt: about
      12.5 pt of box on a 12.2 pt leading; superscripts and math glyphs raise it further),
      so boxes of consecutive lines legitimately intersect by a couple of points. We allow
      OVERLAP_Y = 40% of the smaller box height: consecutive lines intersect by far less,
      while two words set on the same or nearly the same baseline intersect by nearly all
      of their height.
  A pair is reported only when both intersections exceed their tolerances.
  Exempt from the overlap test: words containing a radical or big operator
  (RAISED below). An OpenType MATH font draws these from an origin shifted far from their
  ink (the engine raises U+221A so it hangs below the baseline), and poppler places its
  ascent/descent box at that shifted origin: $\Omega(\sqrt{N})$ yields a 'sqrt' box 7.7 pt
  above the words of its own line, intersecting the line above, while the ink does not.
* --columns x0-x1,x2-x3: every word must lie within one column (within TOL_MARGIN); a word
  outside every column, or spanning two, is reported.

Prints one summary line per page; exits 1 with every violation listed on failure (2 on bad
usage or when pdftotext fails).
"""
import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TOL_MARGIN = 0.5
OVERLAP_X = 1.0
OVERLAP_Y_FRAC = 0.40
RAISED = set("\u221a\u221b\u221c\u2211\u220f\u2210\u222b\u222c\u222d\u222e\u22c3\u22c2\u22c1\u22c0\u2a00\u2a01\u2a02")
DPI = 288
INK = 128          # grey level (0 black .. 255 white) below which a pixel counts as ink


def ink_rows(pdf, npages):
    """For each page: (width_px, height_px, rows) where rows[y] = (min_x, max_x) of ink or None."""
    import os
    import tempfile
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", pdf, os.path.join(tmp, "p")], check=True,
                       capture_output=True)
        files = sorted(f for f in os.listdir(tmp) if f.endswith(".pgm"))
        for f in files[:npages]:
            data = open(os.path.join(tmp, f), "rb").read()
            m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
            w, h = int(m.group(1)), int(m.group(2))
            px = data[m.end():]
            rows = []
            mark = bytes(1 if v < INK else 0 for v in range(256))  # ink -> 1, paper -> 0
            for y in range(h):
                row = px[y * w:(y + 1) * w].translate(mark)
                first = row.find(1)
                rows.append(None if first < 0 else (first, row.rfind(1)))
            out.append((w, h, rows))
    return out


def parse_pairs(text, sep, n=None):
    out = []
    for part in text.split(","):
        nums = [float(v) for v in part.split(sep)] if sep else [float(part)]
        out.append(nums)
    if n is not None and len(out) != n:
        raise ValueError(f"expected {n} comma-separated values, got {len(out)}")
    return out


def load_pages(pdf):
    try:
        xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                             capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as e:
        print(f"check_geometry: pdftotext failed on {pdf}: {e.stderr.strip()}", file=sys.stderr)
        sys.exit(2)
    xml = re.sub(r'xmlns="[^"]+"', "", xml, count=1)
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter("page"):
        w, h = float(page.get("width")), float(page.get("height"))
        words = [(wd.text or "", float(wd.get("xMin")), float(wd.get("yMin")),
                  float(wd.get("xMax")), float(wd.get("yMax"))) for wd in page.iter("word")]
        pages.append((w, h, words))
    return pages


def fmt(wd):
    t, x0, y0, x1, y1 = wd
    return f"{t!r} [{x0:.2f},{y0:.2f} – {x1:.2f},{y1:.2f}]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("--margins", help="L,R,T,B in points")
    ap.add_argument("--columns", help="x0-x1,x2-x3,... in points")
    ap.add_argument("--footer", action="store_true", help="the layout has a footer in the bottom margin")
    args = ap.parse_args()

    try:
        margins = [v[0] for v in parse_pairs(args.margins, None, 4)] if args.margins else None
        columns = parse_pairs(args.columns, "-") if args.columns else None
        if columns and any(len(c) != 2 or c[0] >= c[1] for c in columns):
            raise ValueError("each column is x0-x1 with x0 < x1")
    except ValueError as e:
        ap.error(str(e))

    pages = load_pages(args.pdf)
    if not pages:
        print(f"FAIL: {args.pdf}: no pages", file=sys.stderr)
        return 1
    raster = ink_rows(args.pdf, len(pages)) if margins else None
    problems = []
    for pno, (pw, ph, words) in enumerate(pages, 1):
        page_problems = []
        if margins:
            left, right, top, bottom = margins[0], pw - margins[1], margins[2], ph - margins[3]
            footer_words = [wd for wd in words if args.footer and wd[2] >= bottom - TOL_MARGIN]
            for wd in words:
                _, x0, y0, x1, y1 = wd
                sides = [name for name, bad in (("left", x0 < left - TOL_MARGIN),
                                                ("right", x1 > right + TOL_MARGIN)) if bad]
                if sides:
                    page_problems.append(
                        f"page {pno}: word {fmt(wd)} outside the {'/'.join(sides)} margin "
                        f"(text area x {left:.2f} – {right:.2f})")
                if args.footer and y0 < bottom - TOL_MARGIN < y1 - 0.3 * (y1 - y0):
                    page_problems.append(f"page {pno}: word {fmt(wd)} straddles the bottom margin "
                                         f"line y = {bottom:.2f} (footer layout)")
            iw, ih, rows = raster[pno - 1]
            scale = iw / pw
            bands = [("top", 0, int((top - TOL_MARGIN) * scale))]
            if not args.footer:
                bands.append(("bottom", int((bottom + TOL_MARGIN) * scale) + 1, ih))
            for side, ya, yb in bands:
                hits = [(y, rows[y]) for y in range(max(ya, 0), min(yb, ih)) if rows[y]]
                if hits:
                    y, (xa, xb) = hits[0] if side == "top" else hits[-1]
                    ypt, xapt, xbpt = y / scale, xa / scale, xb / scale
                    near = [wd for wd in words if wd[1] - 1 <= xbpt and wd[3] + 1 >= xapt
                            and wd[2] - 1 <= ypt <= wd[4] + 1]
                    page_problems.append(
                        f"page {pno}: ink in the {side} margin at y = {ypt:.2f} pt, x {xapt:.2f} – {xbpt:.2f} "
                        f"(margin line y = {top if side == 'top' else bottom:.2f}; "
                        f"word{'s' if len(near) != 1 else ''}: {', '.join(fmt(w) for w in near) or '(not text)'})")
        if columns:
            for wd in words:
                _, x0, _, x1, _ = wd
                if not any(x0 >= c0 - TOL_MARGIN and x1 <= c1 + TOL_MARGIN for c0, c1 in columns):
                    hit = [f"{c0:g}-{c1:g}" for c0, c1 in columns if x0 < c1 and x1 > c0]
                    where = f"spans columns {', '.join(hit)}" if len(hit) > 1 else \
                        f"not inside its column {hit[0]}" if hit else "outside every column"
                    page_problems.append(f"page {pno}: word {fmt(wd)} {where}")
        # Overlaps: sort by xMin and sweep, so the check stays fast on dense pages.
        order = sorted(words, key=lambda wd: wd[1])
        overlaps = 0
        for i, a in enumerate(order):
            if any(c in RAISED for c in a[0]):
                continue
            for b in order[i + 1:]:
                if b[1] >= a[3] - OVERLAP_X:
                    break
                if any(c in RAISED for c in b[0]):
                    continue
                ix = min(a[3], b[3]) - max(a[1], b[1])
                iy = min(a[4], b[4]) - max(a[2], b[2])
                tol_y = OVERLAP_Y_FRAC * min(a[4] - a[2], b[4] - b[2])
                if ix > OVERLAP_X and iy > tol_y:
                    overlaps += 1
                    page_problems.append(f"page {pno}: words overlap by {ix:.2f} x {iy:.2f} pt: "
                                         f"{fmt(a)} and {fmt(b)}")
        if words:
            ext = (min(w[1] for w in words), min(w[2] for w in words),
                   max(w[3] for w in words), max(w[4] for w in words))
            extent = f"text extent {ext[0]:.2f},{ext[1]:.2f} – {ext[2]:.2f},{ext[3]:.2f}"
        else:
            extent = "no text"
        if margins and args.footer:
            extent += f", {len(footer_words)} footer words"
        status = "ok" if not page_problems else f"FAIL ({len(page_problems)} problems)"
        print(f"page {pno}: {pw:g}x{ph:g} pt, {len(words)} words, {extent}, "
              f"{overlaps} overlaps: {status}")
        problems += page_problems
    if problems:
        for p in problems:
            print(f"FAIL: {args.pdf}: {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
