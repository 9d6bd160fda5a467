# Entry templates ([entry] head / role_head) and margin headings ([heading] position =
# "margin"), on real TOML: text order and lines (pdftotext), geometry (pdftotext -bbox-layout),
# qpdf --check, 100% word recall of the seed, and the layout errors of both features.
source "$(dirname "$0")/lib.sh"

GEOM="$SRC/tests/e2e/check_geometry.py"
MIKE="$SRC/data/mike-he.toml"
LONG="$SRC/data/long-academic.toml"

qpdf_ok() {
  qpdf --check "$1" >"$WORK/qpdf" 2>&1 && grep -q "No syntax or stream encoding errors" "$WORK/qpdf" ||
    { cat "$WORK/qpdf"; fail "qpdf --check $1"; }
}
recall_ok() {
  local r
  r=$(python3 "$SHARED/tools/word_recall.py" "$SEED" "$1")
  case "$r" in "recall 100.00%"*) ok "$2: $r" ;; *) echo "$r"; fail "$2: word recall below 100%" ;; esac
}

# ---- A template: the role and its location first with the dates, the title under them.
cat >"$WORK/tpl.toml" <<'TOML'
extends = "classic"
[entry]
head = [
  { left = "_{role}_ ({location})", right = "**{dates}**" },
  { left = "{title}, {organisation}" },
]
TOML
"$CVPDF" "$MIKE" -l "$WORK/tpl.toml" -o "$WORK/tpl.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "template render"; }
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "warnings with a template"; }
qpdf_ok "$WORK/tpl.pdf"
pdftotext -raw "$WORK/tpl.pdf" "$WORK/tpl.txt"
# Lines as the template says: role (location) and dates on one line, the title on the next.
grep -qx "Research Assistant @ PLSE (Seattle, WA) June 2020—Present" "$WORK/tpl.txt" || { cat "$WORK/tpl.txt"; fail "template line 1"; }
grep -A1 -x "Research Assistant @ PLSE (Seattle, WA) June 2020—Present" "$WORK/tpl.txt" | tail -1 | grep -qx "3LA, LATTE ’21" ||
  fail "template line 2: the title under the role line"
# No location: the brackets go with it; the line is still there with the dates.
grep -qx "B.S. in Computer Science Sept. 2018—Est. Jun. 2022" "$WORK/tpl.txt" || fail "an empty field's brackets stay"
! grep -q "()" "$WORK/tpl.txt" || fail "empty brackets printed"
ok "template: fields on the lines the layout says; an empty field takes its brackets with it"
recall_ok "$WORK/tpl.pdf" "template"
# The dates end on the right margin, on the baseline of the role's line; bold as asked.
pdftotext -bbox-layout "$WORK/tpl.pdf" "$WORK/tpl.xml"
python3 - "$WORK/tpl.xml" <<'EOF' || fail "template: dates flush right on the role's line"
import re, sys
words = [(w[4], float(w[0]), float(w[1]), float(w[2]), float(w[3])) for w in
         re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', open(sys.argv[1]).read())]
roles = [i for i, w in enumerate(words) if w[0] in ("Research", "B.S.", "Teaching")]
assert len(roles) >= 4, roles
for i in roles:
    line = [w for w in words if abs(w[4] - words[i][4]) < 0.5 and abs(w[2] - words[i][2]) < 3]
    right = max(line, key=lambda w: w[3])
    assert abs(right[3] - 558) <= 0.5, (words[i][0], right)
    assert re.search(r"\d|Present", right[0]), right
    print(f"ok: {words[i][0]}: dates end at {right[3]:.2f}")
EOF
pdffonts "$WORK/tpl.pdf" | grep -q "GentiumBookPlus-Bold" || fail "bold dates need the bold face"
ok "template: right parts end on the right margin, on their line's baseline"

# Errors: an unknown placeholder, at its line and column, with a suggestion.
printf 'extends = "classic"\n[entry]\nhead = [\n  { left = "{title}", right = "{dats}" },\n]\n' >"$WORK/bad.toml"
if "$CVPDF" "$MIKE" -l "$WORK/bad.toml" -o "$WORK/bad.pdf" 2>"$WORK/err"; then fail "an unknown placeholder rendered"; fi
grep -q "bad.toml:4:32: error: unknown placeholder '{dats}' in 'entry.head\[0\].right'; did you mean '{dates}'?" "$WORK/err" ||
  { cat "$WORK/err"; fail "unknown placeholder message"; }
[ ! -e "$WORK/bad.pdf" ] || fail "a PDF was written despite the error"
ok "template: unknown placeholder is an error at file:line:col ($(head -1 "$WORK/err"))"

# ---- Margin headings (the README example).
cat >"$WORK/margin.toml" <<'TOML'
extends = "classic"
[heading]
position = "margin"
align = "right"
rule_position = "above"
[columns]
heading_column = "1.15in"
heading_gap = "0.18in"
TOML
COL=$(python3 -c "print(54 + 1.15 * 72)")           # the heading column: 54 .. 136.8
CONTENT=$(python3 -c "print(54 + 1.15 * 72 + 0.18 * 72)")
for data in "$MIKE" "$LONG"; do
  base=$(basename "$data" .toml)
  pdf="$WORK/margin-$base.pdf"
  "$CVPDF" "$data" -l "$WORK/margin.toml" -o "$pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "$base: margin render"; }
  [ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "$base: warnings with margin headings"; }
  qpdf_ok "$pdf"
  python3 "$GEOM" "$pdf" --margins 54,54,54,54 || fail "$base: geometry (margins, overlaps)"
  pdftotext -bbox-layout "$pdf" "$WORK/m.xml"
  python3 - "$WORK/m.xml" "$data" "$COL" "$CONTENT" <<'EOF' || fail "$base: margin heading geometry"
import re, sys, tomllib
xml, data, col, content = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
titles = [s["title"] for s in tomllib.load(open(data, "rb"))["sections"]]
heading_words = {w for t in titles for w in t.split()}
pages = re.split(r"<page ", open(xml).read())[1:]
found = []
for pno, page in enumerate(pages, 1):
    words = [(w[4], float(w[0]), float(w[1]), float(w[2]), float(w[3])) for w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
    # Below the header (page 1: from the first heading on), only headings left of the content.
    margin = [w for w in words if w[1] < content - 0.5]
    top = min((w[2] for w in margin if w[0] in heading_words), default=0) - 1 if pno == 1 else 0
    for w in margin:
        if w[2] < top:
            continue  # the name and contact lines span the page
        assert w[0] in heading_words, f"page {pno}: {w[0]!r} at x {w[1]:.2f} is left of the content ({content:.2f})"
        assert w[1] >= 54 - 0.5 and w[3] <= col + 0.5, f"page {pno}: heading word {w[0]!r} outside the column: {w}"
        found.append(w[0])
    # Each heading's first line is on the baseline of a content line (same font: same ratio).
    base = lambda w: w[2] + 0.78 * (w[4] - w[2])
    for w in margin:
        if w[2] >= top and w[0] in {t.split()[0] for t in titles}:
            beside = [c for c in words if c[1] >= content - 20 and abs(base(c) - base(w)) < 1.2]
            assert beside, f"page {pno}: heading {w[0]!r} has no content line on its baseline"
missing = [t for t in titles if t.split()[0] not in found]
assert not missing, f"headings not found in the margin column: {missing}"
print(f"ok: {len(titles)} headings in the column 54–{col:.1f}, content from {content:.1f}")
EOF
  ok "$base: margin headings in their column, content right of it, no overlaps, qpdf clean"
done
recall_ok "$WORK/margin-mike-he.pdf" "margin headings"
python3 "$SRC/tests/e2e/check_dates.py" "$WORK/margin-mike-he.pdf" "$MIKE" >/dev/null || fail "margin headings: dates off the right margin"
ok "margin headings: dates still end on the right margin"
pages=$(pdfinfo "$WORK/margin-long-academic.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 3 ] || fail "long CV: $pages pages"
# The outline still has one entry per section, and headings are tagged H2.
pdfinfo -struct "$WORK/margin-mike-he.pdf" | grep -c "^ *H2" | grep -qx 5 || fail "five H2 elements"

# The heading's text is read before its section's text.
pdftotext -raw "$WORK/margin-mike-he.pdf" - | grep -n "" | grep -E "EDUCATION|Education|University of Washington" | head -2 >"$WORK/order"
head -1 "$WORK/order" | grep -qi "education" || { cat "$WORK/order"; fail "the heading is not read first"; }
ok "margin headings: read before their section"

# With a template too, and from the command line.
"$CVPDF" "$MIKE" -l "$WORK/tpl.toml" --set heading.position=margin -o "$WORK/both.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "template + margin"; }
python3 "$GEOM" "$WORK/both.pdf" --margins 54,54,54,54 >/dev/null || fail "template + margin: geometry"
recall_ok "$WORK/both.pdf" "template + margin headings"

# Conflicts: the dates' left column (modern) is where margin headings go; a "beside" rule
# needs a heading line. Errors at the key, exit status 1.
printf 'extends = "modern"\n[heading]\nposition = "margin"\n' >"$WORK/conflict.toml"
if "$CVPDF" "$MIKE" -l "$WORK/conflict.toml" -o "$WORK/c.pdf" 2>"$WORK/err"; then fail "margin headings with dates left rendered"; fi
grep -q "conflict.toml:3:12: error: 'heading.position = \"margin\"' puts the section headings in the left column, where 'entry.dates_position = \"left\"'" "$WORK/err" ||
  { cat "$WORK/err"; fail "conflict message"; }
printf 'extends = "modern"\n[heading]\nposition = "margin"\nrule_position = "above"\n[entry]\ndates_position = "right"\n' >"$WORK/modern-margin.toml"
"$CVPDF" "$MIKE" -l "$WORK/modern-margin.toml" -o "$WORK/mm.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "modern with margin headings and dates right"; }
python3 "$GEOM" "$WORK/mm.pdf" --margins 46.8,46.8,43.2,43.2 --footer >/dev/null || fail "modern + margin: geometry"
printf 'extends = "classic"\n[heading]\nposition = "margin"\nrule_position = "beside"\n' >"$WORK/beside.toml"
if "$CVPDF" "$MIKE" -l "$WORK/beside.toml" -o "$WORK/b.pdf" 2>"$WORK/err"; then fail "margin + beside rendered"; fi
grep -q "beside.toml:3:12: error: 'heading.rule_position = \"beside\"'" "$WORK/err" || { cat "$WORK/err"; fail "beside message"; }
if "$CVPDF" "$MIKE" --set heading.position=left -o "$WORK/p.pdf" 2>"$WORK/err"; then fail "heading.position=left accepted"; fi
grep -q "<--set heading.position=left>:1:18: error: 'heading.position' must be \"top\"" "$WORK/err" || { cat "$WORK/err"; fail "position value message"; }
ok "conflicts and bad values: errors at file:line:col, exit 1; modern + margin works with dates right"
