# Every built-in layout renders both data files cleanly: qpdf --check, page geometry (words
# inside the layout's margins, no overlapping words, no word across the sidebar gap), 100%
# word recall of the long CV on 3+ pages; and two layout knobs have the expected effect
# (page.margin = 1in moves the text in; text.size = 11pt makes the CV longer).
source "$(dirname "$0")/lib.sh"

GEOM="$SRC/tests/e2e/check_geometry.py"
DATA=("$SRC/data/mike-he.toml" "$SRC/data/long-academic.toml")

if "$CVPDF" layouts >"$WORK/layouts" 2>/dev/null && [ -s "$WORK/layouts" ]; then
  mapfile -t LAYOUTS < <(awk 'NF {print $1}' "$WORK/layouts")
else
  LAYOUTS=(classic)
fi
ok "layouts: ${LAYOUTS[*]}"

# geometry_args LAYOUT: the check_geometry.py options for a built-in layout. classic: 0.75in on
# every side; others: [page] margin / margin_* from layouts/NAME.toml (no margins there: no
# margin check), --columns from a [columns] sidebar, --footer when the layout has a [footer].
geometry_args() {
  python3 - "$1" "$SRC/layouts/$1.toml" <<'EOF'
import os, re, sys, tomllib
name, path = sys.argv[1], sys.argv[2]
SIZES = {"letter": (612, 792), "a4": (595.276, 841.89), "a5": (419.528, 595.276), "legal": (612, 1008)}
def pt(v, em=10.0):
    if isinstance(v, (int, float)): return float(v)
    m = re.fullmatch(r"\s*([0-9.]+)\s*(pt|mm|cm|in|em)?\s*", v)
    n, u = float(m.group(1)), m.group(2) or "pt"
    return n * {"pt": 1, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72, "em": em}[u]
spec = tomllib.load(open(path, "rb")) if os.path.exists(path) else {}
page = spec.get("page", {})
out = []
if name == "classic":
    m = [54.0] * 4
elif any(k in page for k in ("margin", "margin_left", "margin_right", "margin_top", "margin_bottom")):
    base = pt(page["margin"]) if "margin" in page else 54.0   # the rest is inherited from classic
    m = [pt(page[k]) if k in page else base for k in ("margin_left", "margin_right", "margin_top", "margin_bottom")]
else:
    m = None
if m:
    out.append("--margins=" + ",".join(f"{v:g}" for v in m))
    cols = spec.get("columns", {})
    if "sidebar" in cols:
        em = pt(spec.get("text", {}).get("size", 10))
        w = SIZES.get(page.get("size", "letter"), SIZES["letter"])[0]
        s0 = m[0]
        s1 = s0 + pt(cols["sidebar"], em)
        g = pt(cols.get("sidebar_gap", 0), em)
        out.append(f"--columns={s0:g}-{s1:g},{s1 + g:g}-{w - m[1]:g}")
if "footer" in spec:
    out.append("--footer")
print(" ".join(out))
EOF
}

# recall DATA PDF: every word of the data file's printed text values (markup markers, math,
# link targets removed; structured dates skipped; literal dates kept) is in `pdftotext -layout`.
recall() {
  python3 - "$1" "$2" <<'EOF'
import re, subprocess, sys, tomllib, unicodedata, datetime
data, pdf = sys.argv[1], sys.argv[2]
cv = tomllib.load(open(data, "rb"))
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
def norm(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "'").replace("\u00ad", "")
    return s.casefold()
def strip(t):
    t = re.sub(r"(?<!\\)\$(?! )(?:\\.|[^$])*\$", " ", t)          # inline math
    t = re.sub(r"(?<!\\)\[((?:\\.|[^\]])*)\]\((?:[^()]|\([^)]*\))*\)", r"\1", t)  # [text](url)
    t = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", t)                   # escapes
    return t.replace("*", " ").replace("~", " ")
texts = []
def lit_date(v):
    if isinstance(v, (int, datetime.date)): return
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", v) or v.strip().lower() in ("present", "now"): return
    texts.append(v)
def lst(items):
    for it in items or []:
        if isinstance(it, str): texts.append(it)
        else: texts.append(it["text"]); lst(it.get("items"))
def dated(e):
    for k in ("role", "location", "dates", "summary"):
        if k in e: texts.append(e[k])
    for k in ("start", "end", "date"):
        if k in e: lit_date(e[k])
    lst(e.get("bullets"))
p = cv["person"]
texts += [p["name"]] + [p[k] for k in ("headline", "email", "phone", "location") if k in p]
if "website" in p: texts.append(re.sub(r"^https?://", "", p["website"]))
texts += [l["label"] for l in p.get("links", [])]
for s in cv.get("sections", []):
    texts.append(s["title"])
    if "text" in s: texts.append(s["text"])
    lst(s.get("items"))
    for e in s.get("entries", []):
        texts += [e[k] for k in ("title", "organisation", "organization") if k in e]
        dated(e)
        for r in e.get("roles", []): dated(r)
    for pub in s.get("publications", []):
        texts += [a.strip().rstrip("*").strip() for a in pub.get("authors", [])]
        texts += [str(pub[k]) for k in ("title", "venue", "year", "status", "note") if k in pub]
src = set(WORD.findall(norm(" ".join(strip(t) for t in texts))))
text = norm(subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], check=True,
                           capture_output=True, text=True).stdout)
have = set(WORD.findall(text)) | set(WORD.findall(re.sub(r"(\w)-\n[ \t]*(\w)", r"\1\2", text)))
missing = sorted(src - have)
print(f"recall {100.0 * (len(src) - len(missing)) / len(src):.2f}% ({len(src) - len(missing)}/{len(src)} distinct words)"
      f"; missing: {' '.join(missing) if missing else '-'}")
sys.exit(1 if missing else 0)
EOF
}

failures=0
soft_fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for layout in "${LAYOUTS[@]}"; do
  read -r -a gargs <<<"$(geometry_args "$layout")"
  [ ${#gargs[@]} -gt 0 ] || echo "note: $layout: no margins in layouts/$layout.toml; margin checks skipped"
  for data in "${DATA[@]}"; do
    base=$(basename "$data" .toml)
    pdf="$WORK/$base-$layout.pdf"
    tag="$layout / $base"
    if ! "$CVPDF" -l "$layout" "$data" -o "$pdf" 2>"$WORK/err"; then
      cat "$WORK/err" >&2; soft_fail "$tag: render failed"; continue
    fi
    [ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; soft_fail "$tag: warnings while rendering"; }
    if qpdf --check "$pdf" >"$WORK/qpdf" 2>&1 && grep -q "No syntax or stream encoding errors" "$WORK/qpdf"; then
      ok "$tag: qpdf --check clean"
    else
      cat "$WORK/qpdf" >&2; soft_fail "$tag: qpdf --check"
    fi
    if python3 "$GEOM" "$pdf" "${gargs[@]}"; then ok "$tag: geometry ${gargs[*]}"
    else soft_fail "$tag: geometry ${gargs[*]}"; fi
    if [ "$base" = long-academic ]; then
      pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
      [ "$pages" -ge 3 ] && ok "$tag: $pages pages" || soft_fail "$tag: $pages pages, expected at least 3"
      if recall "$data" "$pdf"; then ok "$tag: word recall 100%"; else soft_fail "$tag: word recall below 100%"; fi
    fi
  done
done

# Knobs, on a layout file that extends classic.
printf 'extends = "classic"\n[page]\nmargin = "1in"\n' >"$WORK/margin1in.toml"
if "$CVPDF" -l "$WORK/margin1in.toml" "$SRC/data/mike-he.toml" -o "$WORK/m1.pdf" 2>"$WORK/err"; then
  if python3 "$GEOM" "$WORK/m1.pdf" --margins 72,72,72,72 \
     && pdftotext -bbox-layout "$WORK/m1.pdf" - | python3 -c '
import re, sys
xs = [(float(m.group(1)), m.group(2)) for m in re.finditer(r"<word xMin=\"([0-9.]+)\"[^>]*>([^<]*)<", sys.stdin.read())]
bad = [(x, w) for x, w in xs if x < 72 - 0.5]
assert xs and not bad, f"words left of 71.5 pt: {bad[:10]}"
print(f"min xMin {min(x for x, _ in xs):.2f} over {len(xs)} words")'; then
    ok "knob page.margin = 1in: every word at xMin >= 71.5"
  else soft_fail "knob page.margin = 1in"; fi
else cat "$WORK/err" >&2; soft_fail "knob page.margin = 1in: render failed"; fi

printf 'extends = "classic"\n[text]\nsize = "11pt"\n' >"$WORK/size11.toml"
# length = (pages, bottom of the last page's text): more pages, or a taller text extent.
length() {
  pdftotext -bbox-layout "$1" - | python3 -c '
import re, sys
pages = re.split(r"<page ", sys.stdin.read())[1:]
last = [float(y) for y in re.findall(r"<word [^>]*yMax=\"([0-9.]+)\"", pages[-1])]
print(len(pages), f"{max(last):.2f}")'
}
if "$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/s10.pdf" 2>/dev/null \
   && "$CVPDF" -l "$WORK/size11.toml" "$SRC/data/mike-he.toml" -o "$WORK/s11.pdf" 2>"$WORK/err"; then
  read -r p10 y10 <<<"$(length "$WORK/s10.pdf")"
  read -r p11 y11 <<<"$(length "$WORK/s11.pdf")"
  if [ "$p11" -gt "$p10" ] || { [ "$p11" -eq "$p10" ] && python3 -c "import sys; sys.exit(not $y11 > $y10 + 1)"; }; then
    ok "knob text.size = 11pt: $p10 page(s) to y=$y10 -> $p11 page(s) to y=$y11"
  else soft_fail "knob text.size = 11pt did not lengthen the CV: $p10 page(s) to y=$y10 -> $p11 page(s) to y=$y11"; fi
else cat "$WORK/err" >&2; soft_fail "knob text.size = 11pt: render failed"; fi

[ "$failures" -eq 0 ] || fail "$failures check(s) failed"
ok "all layout checks passed"
