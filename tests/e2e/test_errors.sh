# Bad input: file:line:col: error, exit 1, nothing written, an existing PDF untouched.
source "$(dirname "$0")/lib.sh"

printf 'old pdf bytes\n' >"$WORK/cv.pdf"
cp "$WORK/cv.pdf" "$WORK/orig.pdf"

# TOML syntax error on line 3.
printf '[person]\nname = "Mike He"\nemail = "unterminated\n' >"$WORK/bad.toml"
set +e
"$CVPDF" "$WORK/bad.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] || fail "exit status $rc, expected 1"
grep -Eq "^$WORK/bad.toml:3:[0-9]+: error: " "$WORK/err" || fail "message is not file:line:col: error:"
cmp "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "existing cv.pdf was changed"
[ "$(ls -A "$WORK" | grep -c '^\.cv\.pdf')" -eq 0 ] || fail "a temporary file was left behind"
ok "syntax error reported at line 3, old PDF untouched"

# A misspelt key gets a suggestion.
printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitel = "Education"\n' >"$WORK/typo.toml"
set +e
"$CVPDF" "$WORK/typo.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] || fail "exit status $rc for unknown key"
grep -Eq "^$WORK/typo.toml:5:1: error: .*titel.*did you mean 'title'" "$WORK/err" || fail "no suggestion for titel"
cmp "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "existing cv.pdf was changed"
ok "unknown key with suggestion"

# Unbalanced markup inside a value: position of the opener.
printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Service"\ntext = "a **bold"\n' >"$WORK/markup.toml"
set +e
"$CVPDF" "$WORK/markup.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] || fail "exit status $rc for unbalanced markup"
grep -Eq "^$WORK/markup.toml:6:11: error: " "$WORK/err" || fail "markup error not at 6:11"
ok "unbalanced markup at its opener"

# Missing file, usage errors.
set +e
"$CVPDF" "$WORK/nope.toml" -o "$WORK/x.pdf" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "nope.toml" "$WORK/err" || fail "missing file"
set +e
"$CVPDF" --bogus 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown option should exit 2, got $rc"
"$CVPDF" --help | grep "Usage: cvpdf" >/dev/null || fail "--help"
"$CVPDF" --version | grep -E "^cvpdf [0-9]+\.[0-9]+\.[0-9]+$" >/dev/null || fail "--version"
ok "missing file, usage errors, --help, --version"

# A custom layout file that extends the default, from another folder.
mkdir -p "$WORK/elsewhere"
printf 'extends = "classic"\n[page]\nsize = "a4"\n' >"$WORK/elsewhere/a4.toml"
(cd "$WORK/elsewhere" && "$CVPDF" "$SRC/data/mike-he.toml" --layout a4.toml -o out.pdf)
pdfinfo "$WORK/elsewhere/out.pdf" | grep -q "(A4)" || fail "--layout a4.toml did not give A4"
ok "--layout file extending classic, run from another folder"
