# --set KEY=VALUE: layout values from the command line, validated like a layout file.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
cp "$SRC/data/mike-he.toml" cv.toml

"$CVPDF" cv.toml --set page.size=a4 --set text.size=10.5pt -s 'heading.color=#1f4e79' -s text.justify=false -o a4.pdf
pdfinfo a4.pdf | grep -c "(A4)" >/dev/null || fail "--set page.size=a4"
"$CVPDF" cv.toml -l classic --set=page.size=a5 -o a5.pdf
pdfinfo a5.pdf | grep -c "419.528 x 595.276" >/dev/null || fail "--set=page.size=a5"
ok "--set values: strings, lengths, colours, booleans"

printf 'old\n' >keep.pdf
set +e
"$CVPDF" cv.toml --set page.sizee=a4 -o keep.pdf 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] || fail "bad key: exit $rc"
grep -q "^<--set page.sizee=a4>:1:6: error: unknown key 'page.sizee'; did you mean 'size'?" err || fail "bad key message"
grep -q '^old$' keep.pdf || fail "a failed run changed the PDF"
set +e
"$CVPDF" cv.toml --set text.size=huge -o keep.pdf 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] && grep -q "^<--set text.size=huge>:1:11: error: 'text.size': bad length \"huge\"" err || fail "bad value"
set +e
"$CVPDF" cv.toml --set page.size -o keep.pdf 2>err; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "KEY=VALUE" err || fail "--set without = should be a usage error"
ok "--set errors: unknown key with suggestion, bad value, malformed"
