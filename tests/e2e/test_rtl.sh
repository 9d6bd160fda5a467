# A right-to-left CV (data/rtl-example.toml, [meta] language = "he") in the three built-in
# layouts: a mirrored page, measured with `pdftotext -bbox-layout` —
#   every line's right end on the right margin (or the right edge of its column); bullets
#   right of their text, the text hanging from the right; dates and locations flush against
#   the left edge on their entry's baseline (classic, sidebar) or in a date column on the
#   right (modern); the sidebar on the right; the footer mirrored to the left;
# plus qpdf --check, the margins and columns (check_geometry.py), no warnings, Hebrew
# extracted in logical order, and reproducible bytes.
source "$(dirname "$0")/lib.sh"

DATA="$SRC/data/rtl-example.toml"
GEOM="$SRC/tests/e2e/check_geometry.py"

render() {  # render NAME [ARGS...]
  local name=$1; shift
  "$CVPDF" "$DATA" "$@" -o "$WORK/$name.pdf" 2>"$WORK/$name.err" || { cat "$WORK/$name.err" >&2; fail "$name: render failed"; }
  [ ! -s "$WORK/$name.err" ] || { cat "$WORK/$name.err" >&2; fail "$name: warnings while rendering"; }
  qpdf --check "$WORK/$name.pdf" >"$WORK/qpdf" 2>&1 && grep -q "No syntax or stream encoding errors" "$WORK/qpdf" \
    || { cat "$WORK/qpdf" >&2; fail "$name: qpdf --check"; }
  ok "$name: rendered, qpdf --check clean"
}

render classic
render modern --variant modern --set footer.first_page=true
render sidebar --variant sidebar
render ltr --set text.direction=ltr   # the same data forced left to right: the control

python3 "$GEOM" "$WORK/classic.pdf" --margins 54,54,54,54 || fail "classic: geometry"
python3 "$GEOM" "$WORK/modern.pdf" --margins 46.8,46.8,43.2,43.2 --footer || fail "modern: geometry"
python3 "$GEOM" "$WORK/sidebar.pdf" --margins 32.4,39.6,39.6,39.6 --footer --columns 32.4-385.2,417.6-572.4 \
  || fail "sidebar: geometry"
ok "margins, columns and overlaps clean in all three layouts"

# Geometry of the mirrored frame. Rows are words whose boxes share most of their height.
# pdftotext lists a right-to-left word's letters in visual order, so Hebrew words are
# looked up reversed.
python3 - "$WORK" <<'EOF'
import re, sys, xml.etree.ElementTree as ET, subprocess
work = sys.argv[1]
TOL = 0.5

def words(pdf):
    x = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", pdf, "-"], check=True,
                       capture_output=True, text=True).stdout
    x = re.sub(r'<!DOCTYPE[^>]*>', '', x).replace('xmlns="http://www.w3.org/1999/xhtml"', '')
    out = []
    for w in ET.fromstring(x).iter("word"):
        out.append(dict(t=w.text or "", x0=float(w.get("xMin")), x1=float(w.get("xMax")),
                        y0=float(w.get("yMin")), y1=float(w.get("yMax"))))
    return out

def rows(ws):
    rs = []
    for w in sorted(ws, key=lambda w: (w["y0"] + w["y1"]) / 2):
        for r in rs:
            a, b = max(r["y0"], w["y0"]), min(r["y1"], w["y1"])
            if b - a > 0.5 * min(r["y1"] - r["y0"], w["y1"] - w["y0"]):
                r["w"].append(w); r["y0"] = min(r["y0"], w["y0"]); r["y1"] = max(r["y1"], w["y1"]); break
        else:
            rs.append(dict(y0=w["y0"], y1=w["y1"], w=[w]))
    for r in rs:
        r["x0"] = min(w["x0"] for w in r["w"]); r["x1"] = max(w["x1"] for w in r["w"])
        r["text"] = " ".join(w["t"] for w in r["w"])
    return rs

def heb(s): return s[::-1]
def row_with(rs, word):
    for r in rs:
        if any(w["t"] == word for w in r["w"]): return r
    sys.exit(f"FAIL: no row holds {word!r}")
def near(a, b, what):
    if abs(a - b) > TOL: sys.exit(f"FAIL: {what}: {a:.2f}, expected {b:.2f}")
    print(f"ok: {what}: {a:.2f}")

bad = []
def check_bullets(rs, text_right, name, bullet_x):
    n = 0
    for r in rs:
        bs = [w for w in r["w"] if w["t"] == "•"]
        if not bs: continue
        n += 1
        b = bs[0]; rest = [w for w in r["w"] if w is not b]
        if not rest or b["x0"] < max(w["x1"] for w in rest): sys.exit(f"FAIL: {name}: bullet not right of its text: {r['text']}")
        near(max(w["x1"] for w in rest), text_right, f"{name}: bullet row text right end (row at y={r['y0']:.1f})")
        if b["x0"] < bullet_x - TOL: sys.exit(f"FAIL: {name}: bullet at {b['x0']:.2f} left of {bullet_x}")
    if n < 6: sys.exit(f"FAIL: {name}: {n} bullet rows")
    print(f"ok: {name}: {n} bullets right of their text")

# ---- classic: text area [54, 558]
rs = rows(words(f"{work}/classic.pdf"))
R, L = 558, 54
for h in ("תעסוקתי", "השכלה", "מיומנויות", "פרסומים"):
    near(row_with(rs, heb(h))["x1"], R, f"classic: heading {h} right end")
title = row_with(rs, "2021")          # the first entry's title row holds its dates
near(title["x1"], R, "classic: first entry title right end")
near(title["x0"], L, "classic: first entry dates left end")
if max(w["x1"] for w in title["w"] if w["x0"] < L + TOL) > 200: sys.exit("FAIL: classic: the date is not flush left")
loc = row_with(rs, heb("ירושלים"))
near(loc["x0"], L, "classic: location left end")
check_bullets(rs, R - 13, "classic", R - 13)
# Every other row below the header ends on the right margin: entry titles, roles, the
# continuation lines of items and publications end at the hanging indent.
header_end = row_with(rs, heb("תעסוקתי"))["y0"]
ends, labels = [], 0
for r in rs:
    if r["y0"] < header_end or "•" in r["text"]: continue
    label = [w for w in r["w"] if w["x0"] > R - 13 + TOL]
    text = [w for w in r["w"] if w not in label]
    if label and all(re.fullmatch(r"[.\d]+", w["t"]) for w in label):   # a publication's number
        labels += 1
        near(max(w["x1"] for w in text), R - 13, "classic: numbered publication's text right end")
        continue
    if abs(r["x0"] - L) <= TOL and r["x1"] < 200: continue   # a location alone, flush left
    ends.append(round(r["x1"], 2))
print("classic: row right ends:", sorted(set(ends)))
for e in ends:
    if abs(e - R) > TOL and abs(e - (R - 13)) > TOL:
        sys.exit(f"FAIL: classic: a row ends at {e}, neither the right margin nor the hanging indent")
if len(ends) < 8 or labels != 2: sys.exit(f"FAIL: classic: {len(ends)} rows measured, {labels} numbers")
# The header is centred: the name's row is centred on the page.
name = row_with(rs, heb("לוי"))
near((name["x0"] + name["x1"]) / 2, 306, "classic: name centred")

# ---- the ltr control: the same rows start on the left instead.
rl = rows(words(f"{work}/ltr.pdf"))
near(row_with(rl, heb("תעסוקתי"))["x0"], L, "ltr control: heading left end")

# ---- modern: text area [46.8, 565.2], date column 6.4em + 1.1em gap at 9pt on the right
rs = rows(words(f"{work}/modern.pdf"))
R, L, col, gap = 565.2, 46.8, 57.6, 9.9
for h in ("השכלה", "מיומנויות", "פרסומים"):
    r = row_with(rs, heb(h))
    w = [x for x in r["w"] if x["t"] == heb(h)][0]
    near(w["x1"], R - col - gap, f"modern: heading {h} right end (beside the date column)")
pubs_y = row_with(rs, heb("פרסומים"))["y0"]   # the years of the entries, above the publications
dates = [w for w in words(f"{work}/modern.pdf") if re.fullmatch(r"20\d\d", w["t"]) and w["y1"] < pubs_y]
if len(dates) < 7: sys.exit(f"FAIL: modern: {len(dates)} years")
for d in dates:
    if d["x0"] < R - col - TOL: sys.exit(f"FAIL: modern: a date at {d['x0']:.2f}, left of the date column")
starts = sorted({round(min(w['x0'] for w in r['w'] if w['x0'] >= R - col - TOL), 2) for r in rs
                 if r['y1'] < pubs_y and any(re.fullmatch(r'20\d\d', w['t']) for w in r['w'])})
near(starts[0], R - col, "modern: date column's left edge (flush against the content)")
loc = row_with(rs, heb("ירושלים"))
near(loc["x0"], L, "modern: location left end")
check_bullets(rs, R - col - gap - 9.9, "modern", R - col - gap - 9.9)
ws = words(f"{work}/modern.pdf")
pub = row_with(rs, "Levi")
num = [w for w in pub["w"] if w["x0"] >= R - col - TOL]
if not num or not all(re.fullmatch(r"[\[\]\d]+", w["t"]) for w in num): sys.exit(f"FAIL: modern: no number right of {pub['text']}")
near(min(w["x0"] for w in num), R - col, "modern: publication number [1] in the right column")
near(max(w["x1"] for w in pub["w"] if w not in num), R - col - gap, "modern: publication text right end")
foot = [w for w in ws if w["y0"] > 792 - 43.2]
if not foot: sys.exit("FAIL: modern: no footer")
near(min(w["x0"] for w in foot), L, "modern: footer (align = right) mirrored to the left margin")

# ---- sidebar: sidebar [417.6, 572.4] on the right, main column [32.4, 385.2]
rs = rows(words(f"{work}/sidebar.pdf"))
SR, MR, ML = 572.4, 385.2, 32.4
ws = words(f"{work}/sidebar.pdf")
def word(t): return [w for w in ws if w["t"] == t][0]
near(word(heb("נועה"))["x1"], SR, "sidebar: name right end (right of the page)")
if word(heb("לוי"))["x0"] < 417.6 - TOL: sys.exit("FAIL: sidebar: name outside the sidebar")
near(word(heb("השכלה"))["x1"], SR, "sidebar: sidebar heading right end")
near(word(heb("ניסיון"))["x1"], MR, "sidebar: main heading right end")
title = row_with(rs, "2021")   # the first entry's title row (the sidebar's rows are elsewhere)
main = [w for w in title["w"] if w["x1"] <= MR + TOL]
near(min(w["x0"] for w in main), ML, "sidebar: first entry dates at the main column's left edge")
near(max(w["x1"] for w in main), MR, "sidebar: first entry title at the main column's right edge")
EOF
[ $? -eq 0 ] || fail "mirrored geometry"

# Logical order: Hebrew phrases extract as written, English words inside them too.
for pdf in classic modern sidebar; do
  txt=$(pdftotext "$WORK/$pdf.pdf" -)
  for phrase in "ניסיון תעסוקתי" "מערכת הסקה מבוססת" "מהנדסת למידת מכונה בכירה" "אורקה טכנולוגיות בע״מ" "עברית (שפת אם)"; do
    grep -qF "$phrase" <<<"$txt" || fail "$pdf: '$phrase' not extracted in logical order"
  done
  grep -qF "PyTorch" <<<"$txt" || fail "$pdf: PyTorch missing"
done
ok "Hebrew extracted in logical order in all three layouts"

# The contact line's phone number, e-mail address and URL read left to right as units
# (directional isolates): "+972 50 000 0000" with the plus first — never "972 50 000 0000+",
# which the bare bidi algorithm makes of a number alone on a right-to-left line (the
# sidebar's stacked items) or after an icon (modern). The isolate marks (U+2066–U+2069) are
# neither drawn (no warning above) nor extracted.
for pdf in classic modern sidebar ltr; do
  txt=$(pdftotext "$WORK/$pdf.pdf" -)
  grep -qF "+972 50 000 0000" <<<"$txt" || fail "$pdf: the phone number does not extract as '+972 50 000 0000'"
  if grep -qF "0000+" <<<"$txt"; then fail "$pdf: the phone number's plus moved to its end"; fi
  for unit in "noa.levi@example.org" "example.org/noa"; do
    grep -qF "$unit" <<<"$txt" || fail "$pdf: '$unit' not extracted whole"
  done
  if grep -qF -e $'\xe2\x81\xa6' -e $'\xe2\x81\xa7' -e $'\xe2\x81\xa8' -e $'\xe2\x81\xa9' <<<"$txt"; then
    fail "$pdf: a directional isolate mark was extracted"
  fi
done
# Geometry: on the mirrored page the plus is the leftmost mark of the number's word group.
python3 - "$WORK" <<'EOF'
import re, subprocess, sys
for name in ("classic", "modern", "sidebar"):
    x = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", f"{sys.argv[1]}/{name}.pdf", "-"],
                       check=True, capture_output=True, text=True).stdout
    ws = [(float(a), w) for a, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', x)]
    plus = [a for a, w in ws if w == "+972"]
    tail = [a for a, w in ws if w == "0000"]
    if len(plus) != 1 or not tail or not all(t > plus[0] for t in tail):
        sys.exit(f"FAIL: {name}: '+972' is not left of '0000' ({plus}, {tail})")
    print(f"ok: {name}: +972 at x={plus[0]:.1f}, left of the rest of the number")
EOF
[ $? -eq 0 ] || fail "phone number geometry"
ok "phone number, e-mail and URL read left to right in the contact line; no isolate marks extracted"

# Reproducible: the same bytes twice.
"$CVPDF" "$DATA" --variant sidebar -o "$WORK/again.pdf"
cmp -s "$WORK/sidebar.pdf" "$WORK/again.pdf" || fail "rtl output not reproducible"
ok "rtl output byte-identical on a second run"
