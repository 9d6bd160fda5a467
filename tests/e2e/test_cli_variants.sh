# Variants: tags, [variants.NAME] with layout settings, --all-variants, unknown names.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
"$CVPDF" init cv.toml

"$CVPDF" cv.toml -o all.pdf
pdftotext all.pdf all.txt
grep -q "Difference Engine" all.txt && grep -q "Sketch of the Analytical" all.txt || fail "no variant keeps everything"

"$CVPDF" cv.toml --variant academic -o academic.pdf
pdftotext academic.pdf academic.txt
grep -q "Sketch of the Analytical" academic.txt || fail "academic lost its publication"
grep -q "Analytical Engine" academic.txt || fail "academic lost an untagged entry"
! grep -q "Difference Engine" academic.txt || fail "academic kept an entry tagged full"
! grep -q "Interests" academic.txt || fail "academic kept a section tagged full"
pdfinfo academic.pdf | grep -c "(letter)" >/dev/null || fail "academic should be letter"
ok "--variant keeps untagged and matching items only"

timeout 60 "$CVPDF" cv.toml --all-variants -d out
ls out
[ -f out/cv-academic.pdf ] && [ -f out/cv-full.pdf ] || fail "--all-variants outputs"
pdfinfo out/cv-full.pdf | grep -c "(A4)" >/dev/null || fail "variant set page.size = a4 not applied"
pdftotext out/cv-full.pdf - | grep -c "Difference Engine" >/dev/null || fail "full variant"
ok "--all-variants writes one PDF per variant, with the variant's settings"

# A tag works as a variant even without [variants.NAME]; an unknown name is an error.
sed -i 's/tags = \["full"\]  /tags = ["talks"]/' cv.toml
set +e
"$CVPDF" cv.toml --variant acadmic -o x.pdf 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] && grep -q "^cv.toml: error: unknown variant 'acadmic'; did you mean 'academic'?" err || fail "unknown variant"
[ ! -e x.pdf ] || fail "unknown variant wrote a PDF"
ok "unknown variant: error with a suggestion"

# A bad value in a variant's `set` points into the data file; --set beats the variant.
cat >>cv.toml <<'T'

[variants.bad]
set = { "page.sise" = "a4" }
T
set +e
"$CVPDF" cv.toml --variant bad -o x.pdf 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] && grep -Eq "^cv.toml:[0-9]+:[0-9]+: error: unknown key 'page.sise'; did you mean 'size'" err ||
    fail "bad variant setting"
"$CVPDF" cv.toml --variant full --set page.size=letter -o full-letter.pdf
pdfinfo full-letter.pdf | grep -c "(letter)" >/dev/null || fail "--set should override the variant"
ok "variant settings: errors in the data file, --set wins"
