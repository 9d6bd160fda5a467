# Issue 5 "must show": reading order (pdftotext -raw equals the text built from the data)
# on the seed in the classic and the two-column sidebar layout, word recall, links,
# metadata + XMP, qpdf --check, structure tree, outline = section titles, size, determinism.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
DATA=$SRC/data/mike-he.toml
LONG=$SRC/data/long-academic.toml

render() {  # render DATA LAYOUT OUT
    "$CVPDF" "$1" -l "$2" -o "$3" 2>"$WORK/err" || { cat "$WORK/err"; fail "render $1 ($2)"; }
}
render "$DATA" classic "$WORK/classic.pdf"
render "$DATA" sidebar "$WORK/sidebar.pdf"
render "$LONG" classic "$WORK/long.pdf"

# 1. Reading order, exact, word by word; and -layout word recall.
for l in classic sidebar; do
    python3 "$SRC/tests/e2e/reading_order.py" "$DATA" "$l" "$WORK/$l.pdf" || fail "reading order of the seed ($l)"
    ok "reading order: seed, $l"
done
for l in classic sidebar; do
    recall=$(python3 "$SHARED/tools/word_recall.py" "$SEED" "$WORK/$l.pdf")
    case "$recall" in "recall 100.00%"*) ok "$l: $recall" ;; *) fail "$l: $recall" ;; esac
done

# 2. pdfinfo -url lists every link of the data.
python3 - "$LONG" "$WORK/long.pdf" "$DATA" "$WORK/classic.pdf" <<'EOF' || fail "links"
import re, subprocess, sys, tomllib
def links(cv):
    want = []
    def walk(v):
        if isinstance(v, str):
            want.extend(re.findall(r"\]\(([^()\s]*(?:\([^()]*\)[^()\s]*)*)\)", v))
        elif isinstance(v, dict):
            for k, x in v.items():
                if k not in ("url", "doi"): walk(x)
        elif isinstance(v, list):
            for x in v: walk(x)
    p = cv["person"]
    if p.get("email"): want.append("mailto:" + p["email"])
    if p.get("phone"): want.append("tel:" + re.sub(r"[^0-9+]", "", p["phone"]))
    if p.get("website"): want.append(p["website"])
    want += [l["url"] for l in p.get("links", [])]
    for s in cv.get("sections", []):
        walk(s)
        for pub in s.get("publications", []):
            if pub.get("doi"): want.append("https://doi.org/" + pub["doi"])
            if pub.get("url"): want.append(pub["url"])  # with a DOI too, both are links
    return want
bad = 0
for data, pdf in zip(sys.argv[1::2], sys.argv[2::2]):
    cv = tomllib.load(open(data, "rb"))
    out = subprocess.run(["pdfinfo", "-url", pdf], check=True, capture_output=True, text=True).stdout
    got = {l.split()[-1] for l in out.splitlines()[1:] if l.strip()}
    want = set(links(cv))
    missing = sorted(want - got)
    extra = sorted(got - want)
    print(f"ok: {pdf.rsplit('/',1)[-1]}: {len(want)} links of the data, {len(got)} distinct URIs in the PDF"
          if not missing else f"FAIL: missing links in {pdf}: {missing}")
    if extra: print(f"  note: URIs not in the data: {extra}")
    bad |= bool(missing)
sys.exit(bad)
EOF

# 3. Metadata, XMP, qpdf --check.
TZ=UTC pdfinfo -isodates "$WORK/long.pdf" >"$WORK/info"
version=$("$CVPDF" --version | grep -o '[0-9][0-9.]*' | head -1)
when=$(TZ=UTC date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%S)
grep -q "^Title: *Curriculum Vitae of Agnieszka Kowalska$" "$WORK/info" || { cat "$WORK/info"; fail "Title"; }
grep -q "^Author: *Agnieszka Kowalska$" "$WORK/info" || fail "Author"
grep -q "^Subject: *Curriculum vitae (fictional test data)$" "$WORK/info" || fail "Subject"
grep -q "^Keywords: *programming languages, compilers" "$WORK/info" || fail "Keywords"
grep -q "^Creator: *cvpdf $version" "$WORK/info" || fail "Creator names cvpdf $version"
grep -q "^Producer: *cvpdf $version" "$WORK/info" || fail "Producer names cvpdf $version"
grep -q "^CreationDate: *$when" "$WORK/info" || { grep Date "$WORK/info"; fail "CreationDate is not SOURCE_DATE_EPOCH ($when)"; }
grep -q "^Tagged: *yes" "$WORK/info" || fail "not tagged"
ok "Info: Title, Author, Subject, Keywords, Creator/Producer cvpdf $version, CreationDate $when"
pdfinfo -meta "$WORK/long.pdf" >"$WORK/xmp"
grep -q "<rdf:li xml:lang=\"x-default\">Curriculum Vitae of Agnieszka Kowalska</rdf:li>" "$WORK/xmp" || fail "XMP dc:title"
grep -q "<rdf:li>Agnieszka Kowalska</rdf:li>" "$WORK/xmp" || fail "XMP dc:creator"
grep -q "<xmp:CreatorTool>cvpdf $version</xmp:CreatorTool>" "$WORK/xmp" || fail "XMP CreatorTool"
grep -q "<xmp:CreateDate>$when" "$WORK/xmp" || fail "XMP CreateDate"
ok "XMP matches the Info dictionary"
for f in classic sidebar long; do
    qpdf --check "$WORK/$f.pdf" >"$WORK/qpdf" 2>&1 || { cat "$WORK/qpdf"; fail "qpdf --check $f"; }
    grep -q "No syntax or stream encoding errors" "$WORK/qpdf" || fail "qpdf $f"
done
ok "qpdf --check clean (seed classic, sidebar; long-academic)"

# 4. Structure tree and outline.
for f in classic sidebar long; do
    pdfinfo -struct "$WORK/$f.pdf" >"$WORK/struct" || fail "pdfinfo -struct $f"
    for tag in Document H1 Sect H2 P L LI Lbl LBody Link; do
        grep -Eq "^ *$tag( |$)" "$WORK/struct" || { head -40 "$WORK/struct"; fail "$f: no $tag in the structure tree"; }
    done
done
ok "pdfinfo -struct: Document/H1/Sect/H2/P/L/LI/Lbl/LBody/Link"
for pair in "$DATA:classic" "$DATA:sidebar" "$LONG:long"; do
    python3 - "${pair%%:*}" "$WORK/${pair##*:}.pdf" <<'EOF' || fail "outline of ${pair##*:}"
import json, re, subprocess, sys, tomllib
cv = tomllib.load(open(sys.argv[1], "rb"))
strip = lambda t: re.sub(r"\*\*|__|[*_]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t))
want = [strip(s["title"]) for s in cv["sections"]]
js = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", sys.argv[2]], check=True,
                               capture_output=True, text=True).stdout)
got = [o["title"] for o in js["outlines"]]
if sys.argv[2].endswith("sidebar.pdf"):  # a sidebar's sections come first, in reading order
    pass
if sorted(got) != sorted(want) or (not sys.argv[2].endswith("sidebar.pdf") and got != want):
    print(f"outline {got}\n  != sections {want}"); sys.exit(1)
print(f"ok: outline of {sys.argv[2].rsplit('/',1)[-1]}: {len(got)} entries = section titles")
EOF
done

# 5. Size and determinism (time zone, job count, batch vs single).
size=$(stat -c %s "$WORK/classic.pdf")
[ "$size" -lt 61440 ] || fail "seed PDF is $size bytes (limit 60 KB)"
ok "seed PDF $size bytes < 60 KB"
mkdir -p "$WORK/tokyo"
TZ=Asia/Tokyo "$CVPDF" "$DATA" "$LONG" -d "$WORK/tokyo" -j 4 || fail "batch render"
TZ=UTC "$CVPDF" "$DATA" -j 1 -o "$WORK/utc.pdf" || fail "render"
cmp "$WORK/utc.pdf" "$WORK/tokyo/mike-he.pdf" || fail "seed differs between TZ=UTC -j1 and TZ=Asia/Tokyo -j4"
cmp "$WORK/long.pdf" "$WORK/tokyo/long-academic.pdf" || fail "long-academic differs between runs"
cmp "$WORK/classic.pdf" "$WORK/utc.pdf" || fail "seed differs between runs"
ok "byte-identical across TZ=UTC/Asia/Tokyo and -j 1/-j 4"
