#!/usr/bin/env python3
"""Word recall of a PDF against the text of the JSON Resume file it was rendered from.

Usage: json_recall.py RESUME.json FILE.pdf

Source words: every string value in the JSON except those that are not printed as text
by design: URLs (`url`, `image`, `$schema`; they become link targets), dates (`startDate`,
`endDate`, `date`, `releaseDate`; printed reformatted, "2018-09" -> "Sept. 2018") and the
file's own `meta`. PDF words: `pdftotext -layout`. Both sides NFKC-normalised and
case-folded; a word is a run of letters/digits with internal apostrophes, as in
/work/shared/tools/word_recall.py. Prints "recall NN.NN% …" and the missing words.
"""
import json
import re
import subprocess
import sys
import unicodedata

SKIP = {"url", "image", "$schema", "meta", "startDate", "endDate", "date", "releaseDate"}
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u00ad", "")
    return WORD.findall(s.casefold())


def strings(v, key=None):
    if key in SKIP:
        return
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from strings(x, k)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src = set()
    for s in strings(json.load(open(sys.argv[1], encoding="utf-8"))):
        src.update(words(s))
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", sys.argv[2], "-"],
                          check=True, capture_output=True, text=True).stdout
    pdf = set(words(text)) | set(words(re.sub(r"(\w)-\n[ \t]*(\w)", r"\1\2", text)))
    missing = sorted(src - pdf)
    pct = 100.0 * (len(src) - len(missing)) / len(src) if src else 100.0
    print(f"recall {pct:.2f}% ({len(src) - len(missing)}/{len(src)} distinct words); "
          f"missing: {' '.join(missing) if missing else '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
