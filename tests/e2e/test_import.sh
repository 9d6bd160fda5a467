# JSON Resume import: the complete example renders with every word, `convert` gives TOML
# that renders to the same bytes, bad JSON is reported at file:line:col.
source "$(dirname "$0")/lib.sh"
EX=$SRC/data/jsonresume-example.json

# Render directly; the only warnings are the two known-but-unprinted fields.
"$CVPDF" "$EX" -o "$WORK/json.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "render of the JSON example failed"; }
cat "$WORK/err"
[ "$(wc -l <"$WORK/err")" -eq 2 ] || fail "expected exactly 2 warnings"
grep -q "warning: 'basics.image': cvpdf does not print photos; ignored at 6:14" "$WORK/err" || fail "image warning"
grep -q "warning: 'meta' describes the JSON file" "$WORK/err" || fail "meta warning"
qpdf --check "$WORK/json.pdf" >"$WORK/qpdf" 2>&1 || { cat "$WORK/qpdf"; fail "qpdf --check"; }
pdfinfo "$WORK/json.pdf" | grep -q "^Title: *Curriculum Vitae of Rosalind Okafor" || fail "PDF Title"
ok "JSON Resume example renders, clean PDF, two warnings"

recall=$(python3 "$SRC/tests/e2e/json_recall.py" "$EX" "$WORK/json.pdf")
echo "$recall"
case "$recall" in "recall 100.00%"*) ;; *) fail "word recall of the JSON example below 100%";; esac
pdftotext -layout "$WORK/json.pdf" - >"$WORK/text"
grep -q 'prices in \$ and snake_case_names stay literal' "$WORK/text" || fail "markup characters not literal"
grep -q 'at \*two\* companies' "$WORK/text" || fail "asterisks not literal"
grep -q 'Mar\. 2021—Present' "$WORK/text" || fail "ongoing date range"
ok "every word of the JSON in the PDF; markup characters stay literal"

# convert: JSON -> TOML -> PDF equals JSON -> PDF, byte for byte.
"$CVPDF" convert "$EX" -o "$WORK/cv.toml" -q
grep -q "^\[\[sections.publications\]\]" "$WORK/cv.toml" || fail "converted TOML has no publications"
"$CVPDF" "$WORK/cv.toml" -o "$WORK/toml.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "render of the converted TOML"; }
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "warnings rendering the converted TOML"; }
cmp "$WORK/json.pdf" "$WORK/toml.pdf" || fail "JSON -> TOML -> PDF differs from JSON -> PDF"
"$CVPDF" convert "$WORK/cv.toml" -o "$WORK/again.toml"
cmp <(grep -v '^# Converted from' "$WORK/cv.toml") <(grep -v '^# Converted from' "$WORK/again.toml") \
  || fail "convert of the converted TOML is not a fixed point"
"$CVPDF" convert "$EX" -o - -q >"$WORK/stdout.toml"
cmp "$WORK/stdout.toml" "$WORK/cv.toml" || fail "convert -o - differs from the file"
ok "convert round trip is byte-identical"

# Detected by content when the name does not say .json.
cp "$EX" "$WORK/resume"
"$CVPDF" "$WORK/resume" -o "$WORK/noext.pdf" -q
cmp "$WORK/json.pdf" "$WORK/noext.pdf" || fail "detection without the .json extension"
ok "JSON detected without the extension"

# Unknown fields: warned, with position.
printf '{\n  "basics": {"name": "A B", "nickname": "ab"}\n}\n' >"$WORK/unk.json"
"$CVPDF" "$WORK/unk.json" -o "$WORK/unk.pdf" 2>"$WORK/err"
grep -q "unk.json: warning: unknown field 'basics.nickname' ignored at 2:29" "$WORK/err" || { cat "$WORK/err"; fail "unknown field warning"; }
ok "unknown fields are warnings"

# Bad JSON: file:line:col: error, exit 1, an existing PDF untouched.
printf 'old pdf bytes\n' >"$WORK/cv.pdf"
cp "$WORK/cv.pdf" "$WORK/orig.pdf"
printf '{\n  "basics": {\n    "name": "A B",\n  }\n}\n' >"$WORK/bad.json"
set +e
"$CVPDF" "$WORK/bad.json" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] || fail "exit status $rc for bad JSON, expected 1"
grep -Eq "^$WORK/bad.json:4:3: error: JSON syntax error: " "$WORK/err" || fail "bad JSON is not file:4:3: error:"
cmp "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "existing cv.pdf was changed"
printf '{"basics": {"name": "A"},\n "work": [{"name": "W", "startDate": "2018-13"}]}' >"$WORK/date.json"
set +e
"$CVPDF" "$WORK/date.json" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/date.json:2:39: error: invalid date '2018-13'" "$WORK/err" || { cat "$WORK/err"; fail "bad date"; }
set +e
"$CVPDF" convert "$WORK/bad.json" -o "$WORK/bad.toml" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/bad.json:4:3: error: " "$WORK/err" && [ ! -e "$WORK/bad.toml" ] || fail "convert of bad JSON"
set +e
"$CVPDF" convert 2>/dev/null; rc=$?
set -e
[ $rc -eq 2 ] || fail "convert without input should exit 2, got $rc"
ok "bad JSON and bad dates at file:line:col; usage errors exit 2"

# Markup characters everywhere, bold labels around odd names, the 'authors' extension: renders
# (no markup errors) and every character comes out literally.
"$CVPDF" "$SRC/tests/data/import/tricky.json" -o "$WORK/tricky.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "tricky.json"; }
pdftotext -layout "$WORK/tricky.pdf" - | tr -s ' \n' ' ' >"$WORK/tricky.txt"
for s in 'Jo *Star* O'"'"'Neil' '$100k ~ [hire me] _now_ \o/' '*nix (C++ guru): $PATH, snake_case, a * b' \
         '.NET: F#' 'C++ (**bold?**)' 'ends with \: x' 'On [brackets] and $dollars$' 'Trust me* — (Anonymous)' \
         'Parens (Ltd)' '~tilde'; do
  grep -qF -- "$s" "$WORK/tricky.txt" || { cat "$WORK/tricky.txt"; fail "not printed literally: $s"; }
done
"$CVPDF" convert "$SRC/tests/data/import/tricky.json" -o "$WORK/tricky.toml"
"$CVPDF" "$WORK/tricky.toml" -o "$WORK/tricky2.pdf"
cmp "$WORK/tricky.pdf" "$WORK/tricky2.pdf" || fail "tricky.json round trip"
ok "markup characters in JSON strings print literally; round trip byte-identical"
