#!/usr/bin/env python3
"""Every entry's dates end on the right margin, on the baseline of the entry's title line.

Geometry from `pdftotext -bbox-layout`: for each entry title in the data (in order), find its
first word, then the words on the same baseline; the rightmost must end at the right margin
(within 0.5 pt) and be a date word (a digit or the layout's "present" word)."""
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

RIGHT_MARGIN = 612 - 54  # classic: US Letter, 0.75in margins
TOL = 0.5

pdf, data = sys.argv[1], sys.argv[2]
xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
xml = re.sub(r'xmlns="[^"]+"', "", xml, count=1)
root = ET.fromstring(xml)
words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
         for w in root.iter("word")]

cv = tomllib.load(open(data, "rb"))
titles = [e["title"] for s in cv["sections"] for e in s.get("entries", []) if any(k in e for k in ("start", "end", "date", "dates"))]
assert titles, "no dated entries in the data"
pos = 0
for title in titles:
    first = re.sub(r"[*_]", "", title).split()[0]
    while pos < len(words) and words[pos][0] != first:
        pos += 1
    assert pos < len(words), f"title word {first!r} not found"
    base = words[pos][4]
    line = [w for w in words if abs(w[4] - base) < TOL]
    right = max(line, key=lambda w: w[3])
    assert abs(right[3] - RIGHT_MARGIN) <= TOL, f"{title!r}: dates end at {right[3]:.2f}, margin is {RIGHT_MARGIN}"
    assert re.search(r"\d|Now|Present", right[0]), f"{title!r}: rightmost word {right[0]!r} is not a date"
    print(f"ok: {title!r}: dates end at {right[3]:.2f} on baseline {base:.2f}")
    pos += 1
