# Text extraction of a word hyphenated at a line end right before punctuation set in another
# style ("*rematerialization*," — an italic word, a roman comma): `pdftotext` and
# `pdftotext -raw` must give "rematerialization," intact, exactly once, with no stray comma
# starting the next line and no hyphen. Several measures are rendered; at least one must
# really hyphenate the word before its comma (its /ActualText span then holds the comma).
# Then a publication with both a DOI and a URL: two link annotations, each over its own
# text (pdftotext -bbox-layout), two Link elements in the structure tree.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/p.toml" <<'EOF'
[person]
name = "Test Person"

[[sections]]
title = "Text"
text = "Dynamic tensor *rematerialization*, gradient checkpointing for memory-constrained devices."

[[sections]]
title = "Publications"
[[sections.publications]]
authors = ["Marisa Kirisame", "Test Person"]
title = "Dynamic tensor rematerialization"
venue = "International Conference on Learning Representations"
year = 2021
doi = "10.1145/3385412.3386010"
url = "https://arxiv.org/abs/2006.09616"
EOF

# UTF-16BE hex of "rematerialization," as the writer puts it in /ActualText <feff…>.
SPAN_HEX=$(printf 'rematerialization,' | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 | tr -d ' \n')
hyphenated=0
for m in 2.9in 3in 3.1in 3.2in 3.3in 3.4in 3.5in; do
  pdf="$WORK/p-$m.pdf"
  "$CVPDF" "$WORK/p.toml" --set page.margin=$m -o "$pdf" 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "$m: render failed"; }
  qpdf --qdf --object-streams=disable "$pdf" "$WORK/q.pdf"
  if grep -aqi "ActualText *<feff$SPAN_HEX>" "$WORK/q.pdf"; then hyphenated=$((hyphenated + 1)); fi
  for mode in "" -raw; do
    pdftotext $mode "$pdf" "$WORK/t.txt"
    n=$(grep -o 'rematerialization,' "$WORK/t.txt" | wc -l)
    [ "$n" -eq 1 ] || { cat "$WORK/t.txt" >&2; fail "$m pdftotext $mode: 'rematerialization,' $n times, want 1"; }
    ! grep -q '^ *[,.;:)]' "$WORK/t.txt" || { cat "$WORK/t.txt" >&2; fail "$m pdftotext $mode: a line starts with punctuation"; }
    ! grep -Eq 'rematerial-|-ization|[a-z]-$' "$WORK/t.txt" || { cat "$WORK/t.txt" >&2; fail "$m pdftotext $mode: a hyphen in the text"; }
    grep -q 'Representations,' "$WORK/t.txt" || { cat "$WORK/t.txt" >&2; fail "$m pdftotext $mode: 'Representations,' split"; }
    tr '\n' ' ' <"$WORK/t.txt" | grep -q 'Dynamic tensor rematerialization, gradient checkpointing for memory-constrained devices\.' \
      || { cat "$WORK/t.txt" >&2; fail "$m pdftotext $mode: the paragraph is not extracted in order"; }
  done
done
[ "$hyphenated" -ge 1 ] || fail "no measure hyphenated 'rematerialization' before its comma: the test proves nothing"
ok "'rematerialization,' extracts whole, once, in place ($hyphenated of 7 measures hyphenate it before the comma)"

# Both links of the publication, each annotation over exactly its words.
pdf="$WORK/p.pdf"
"$CVPDF" "$WORK/p.toml" -o "$pdf" 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "render failed"; }
python3 - "$pdf" <<'EOF' || fail "publication links"
import json, re, subprocess, sys, xml.etree.ElementTree as ET
pdf = sys.argv[1]
js = json.loads(subprocess.run(["qpdf", "--json=2", pdf], check=True, capture_output=True, text=True).stdout)
objs = js["qpdf"][1]
links = []
for v in objs.values():
    val = v.get("value") if isinstance(v, dict) else None
    if isinstance(val, dict) and val.get("/Subtype") == "/Link":
        links.append((val["/A"]["/URI"][2:], [float(x) for x in val["/Rect"]]))
uris = sorted(set(u for u, _ in links))  # a link wrapped over two lines has two rectangles
want = ["https://arxiv.org/abs/2006.09616", "https://doi.org/10.1145/3385412.3386010"]
if uris != want:
    print(f"FAIL: link URIs {uris}, want {want}"); sys.exit(1)
n_link_elems = sum(1 for v in objs.values() if isinstance(v, dict) and isinstance(v.get("value"), dict)
                   and v["value"].get("/S") == "/Link" and "/P" in v["value"])
if n_link_elems != 2:
    print(f"FAIL: {n_link_elems} Link elements in the structure tree, want 2"); sys.exit(1)
x = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
x = re.sub(r'<!DOCTYPE[^>]*>', '', x).replace('xmlns="http://www.w3.org/1999/xhtml"', '')
root = ET.fromstring(x)
page_h = float(next(root.iter("page")).get("height"))
words = [(w.text or "", float(w.get("xMin")), page_h - float(w.get("yMax")), float(w.get("xMax")), page_h - float(w.get("yMin")))
         for w in root.iter("word")]
def centre_in(w, r):
    cx, cy = (w[1] + w[3]) / 2, (w[2] + w[4]) / 2
    return r[0] <= cx <= r[2] and r[1] <= cy <= r[3]
got = {}
for uri, r in links:
    ws = [w for w in words if centre_in(w, r)]
    if not ws:
        print(f"FAIL: the link to {uri} covers no word"); sys.exit(1)
    # Exactly over its text: from the first word's left edge to the last word's right edge
    # (pdftotext's word box may also hold punctuation after the link: "rematerialization.").
    if abs(r[0] - min(w[1] for w in ws)) > 1.0 or r[2] > max(w[3] for w in ws) + 1.0 or r[2] < max(w[3] for w in ws) - 4.0:
        print(f"FAIL: the link to {uri} {r} is not over its words {[(w[0], w[1], w[3]) for w in ws]}"); sys.exit(1)
    got.setdefault(uri, []).extend(w[0] for w in ws)
doi_words, url_words = got[want[1]], got[want[0]]
if "".join(doi_words) != "doi:10.1145/3385412.3386010":
    print(f"FAIL: the DOI link covers {doi_words}"); sys.exit(1)
if url_words != ["Dynamic", "tensor", "rematerialization."]:
    print(f"FAIL: the URL link covers {url_words}"); sys.exit(1)
print(f"ok: two links: the title ({' '.join(url_words)}) → {want[0]}, {''.join(doi_words)} → {want[1]}; two Link elements")
EOF
qpdf --check "$pdf" >"$WORK/qpdf" 2>&1 && grep -q "No syntax or stream encoding errors" "$WORK/qpdf" || { cat "$WORK/qpdf"; fail "qpdf --check"; }
ok "qpdf --check clean"
