# RenderCV YAML import: the complete example renders with every word, `convert` gives TOML
# that renders to the same bytes, bad YAML is reported at file:line:col.
source "$(dirname "$0")/lib.sh"
EX=$SRC/data/rendercv-example.yaml

# Render directly; the only warnings are the design values (theme mapped, page_size not).
"$CVPDF" "$EX" -o "$WORK/yaml.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "render of the RenderCV example failed"; }
cat "$WORK/err"
[ "$(wc -l <"$WORK/err")" -eq 2 ] || fail "expected exactly 2 warnings"
grep -q "warning: 'design.theme' moderncv: the nearest cvpdf layout is 'modern'" "$WORK/err" || fail "theme warning"
grep -q "warning: 'design.page_size' has no cvpdf equivalent; ignored .* at 89:3" "$WORK/err" || fail "page_size warning"
qpdf --check "$WORK/yaml.pdf" >"$WORK/qpdf" 2>&1 || { cat "$WORK/qpdf"; fail "qpdf --check"; }
pdfinfo "$WORK/yaml.pdf" | grep -q "^Title: *Curriculum Vitae of Leonor Vasquez-Oyelaran" || fail "PDF Title"
ok "RenderCV example renders, clean PDF, two warnings"

# Word recall: every word of every text value of `cv:` (not URLs, DOIs, dates or `design`),
# Markdown markers and link targets removed, is in the PDF.
recall=$(python3 - "$EX" "$WORK/yaml.pdf" <<'EOF'
import re, subprocess, sys, unicodedata
import yaml
SKIP = {"url", "doi", "website", "date", "start_date", "end_date"}
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
def words(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u00ad", "")
    return WORD.findall(s.casefold())
def strings(v, key=None):
    if key in SKIP:
        return
    if isinstance(v, dict):
        for k, x in v.items():
            if key == "sections":
                yield str(k)
            yield from strings(x, k)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif key == "phone":
        yield re.sub(r"^tel:", "", str(v))  # RenderCV's URL scheme, not printed
    elif v is not None:
        yield re.sub(r"\]\([^)]*\)", "]", str(v))
src = set()
for s in strings(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["cv"]):
    src.update(words(s))
text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", sys.argv[2], "-"],
                      check=True, capture_output=True, text=True).stdout
pdf = set(words(text)) | set(words(re.sub(r"(\w)-\n[ \t]*(\w)", r"\1\2", text)))
missing = sorted(src - pdf)
pct = 100.0 * (len(src) - len(missing)) / len(src)
print(f"recall {pct:.2f}% ({len(src) - len(missing)}/{len(src)} distinct words); missing: {' '.join(missing) or '-'}")
EOF
)
echo "$recall"
case "$recall" in "recall 100.00%"*) ;; *) fail "word recall of the RenderCV example below 100%";; esac
pdftotext -layout "$WORK/yaml.pdf" - | tr -s ' \n' ' ' >"$WORK/text"
grep -qF 'fond of snake_case and budgets under $5k' "$WORK/text" || fail "\$ and intraword _ not literal"
grep -qF 'Mar. 2021—Present' "$WORK/text" || fail "present end date"
grep -qF '2018—Present' "$WORK/text" || fail "start_date alone is ongoing"
grep -qF 'Languages: Rust' "$WORK/text" || fail "OneLineEntry"
# Markdown: **bold** is set in the bold face, [text](url) is a link; the owner is highlighted.
pdffonts "$WORK/yaml.pdf" | grep -qi bold || fail "no bold font"
qpdf --qdf --object-streams=disable "$WORK/yaml.pdf" "$WORK/qdf.pdf"
grep -aq 'example.org/tidewater' "$WORK/qdf.pdf" || fail "Markdown link target missing"
grep -aq 'doi.org/10.1234/mareco.2021.0042' "$WORK/qdf.pdf" || grep -aq '10.1234/mareco.2021.0042' "$WORK/qdf.pdf" \
  || fail "DOI missing"
ok "every word of the YAML in the PDF; Markdown kept, \$ and snake_case literal"

# convert: YAML -> TOML -> PDF equals YAML -> PDF, byte for byte.
"$CVPDF" convert "$EX" -o "$WORK/cv.toml" -q
grep -q '^\[\[sections.publications\]\]' "$WORK/cv.toml" || fail "converted TOML has no publications"
grep -q 'Leonor Vasquez-Oyelaran' "$WORK/cv.toml" || fail "converted TOML has no name"
grep -q '^\[variants.rendercv\]' "$WORK/cv.toml" || fail "theme is not kept as a variant"
grep -q "^layout = 'modern'" "$WORK/cv.toml" || fail "theme -> modern layout"
"$CVPDF" "$WORK/cv.toml" -o "$WORK/toml.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "render of the converted TOML"; }
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "warnings rendering the converted TOML"; }
cmp "$WORK/yaml.pdf" "$WORK/toml.pdf" || fail "YAML -> TOML -> PDF differs from YAML -> PDF"
"$CVPDF" "$EX" --variant rendercv -o "$WORK/v1.pdf" -q
"$CVPDF" "$WORK/cv.toml" --variant rendercv -o "$WORK/v2.pdf" -q
"$CVPDF" "$EX" --layout modern -o "$WORK/v3.pdf" -q
cmp "$WORK/v1.pdf" "$WORK/v2.pdf" || fail "--variant rendercv: YAML and converted TOML differ"
cmp "$WORK/v1.pdf" "$WORK/v3.pdf" || fail "--variant rendercv is not the modern layout"
ok "convert round trip is byte-identical (default layout and the theme's)"

# Detected by content (first line 'cv:') when the name does not say .yaml; .yml works too.
grep -v '^#' "$EX" >"$WORK/cvdata"
"$CVPDF" "$WORK/cvdata" -o "$WORK/noext.pdf" -q
cmp "$WORK/yaml.pdf" "$WORK/noext.pdf" || fail "detection without the .yaml extension"
cp "$EX" "$WORK/cv.YML"
"$CVPDF" "$WORK/cv.YML" -o "$WORK/yml.pdf" -q
cmp "$WORK/yaml.pdf" "$WORK/yml.pdf" || fail ".YML extension"
ok "RenderCV detected by extension (any case) and by content"

# Unknown fields: warned, with position and a suggestion.
printf 'cv:\n  name: A B\n  emial: a@b.c\n' >"$WORK/unk.yaml"
"$CVPDF" "$WORK/unk.yaml" -o "$WORK/unk.pdf" 2>"$WORK/err"
grep -q "unk.yaml: warning: unknown field 'cv.emial' (did you mean 'email'?) ignored at 3:3" "$WORK/err" \
  || { cat "$WORK/err"; fail "unknown field warning"; }
ok "unknown fields are warnings"

# Bad YAML: file:line:col: error, exit 1, an existing PDF untouched; convert writes nothing.
printf 'old pdf bytes\n' >"$WORK/cv.pdf"
cp "$WORK/cv.pdf" "$WORK/orig.pdf"
printf 'cv:\n  name: A B\n  sections:\n    edu: [a, b\n  email: x\n' >"$WORK/bad.yaml"
set +e
"$CVPDF" "$WORK/bad.yaml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] || fail "exit status $rc for bad YAML, expected 1"
grep -Eq "^$WORK/bad.yaml:[0-9]+:[0-9]+: error: YAML syntax error: " "$WORK/err" || fail "bad YAML is not file:line:col: error:"
cmp "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "existing cv.pdf was changed"
printf 'cv:\n  name: A\n  sections:\n    jobs:\n      - company: W\n        start_date: "2018-13"\n' >"$WORK/date.yaml"
set +e
"$CVPDF" "$WORK/date.yaml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/date.yaml:6:22: error: invalid date '2018-13'" "$WORK/err" || { cat "$WORK/err"; fail "bad date"; }
printf 'cv:\n  name: A\n  sections:\n    s:\n      - name: "x **open"\n' >"$WORK/md.yaml"
set +e
"$CVPDF" "$WORK/md.yaml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/md.yaml:5:18: error: unclosed '\*\*'" "$WORK/err" || { cat "$WORK/err"; fail "bad Markdown"; }
set +e
"$CVPDF" convert "$WORK/bad.yaml" -o "$WORK/bad.toml" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/bad.yaml:[0-9]*:[0-9]*: error: " "$WORK/err" && [ ! -e "$WORK/bad.toml" ] || fail "convert of bad YAML"
ok "bad YAML, bad dates and bad Markdown at file:line:col"
