# init (the starter renders), check (validates without writing), layouts, --help/--man.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

"$CVPDF" init
[ -f cv.toml ] || fail "init wrote no cv.toml"
grep -q '^#' cv.toml || fail "the starter has no comments"
"$CVPDF" cv.toml
qpdf --check cv.pdf >/dev/null && pdftotext cv.pdf - | grep -c "Ada Lovelace" >/dev/null || fail "the starter does not render"
set +e
"$CVPDF" init 2>err; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "already exists" err || fail "init overwrote cv.toml"
"$CVPDF" init --force
"$CVPDF" init - | cmp - cv.toml || fail "init - differs from the file"
ok "init: starter renders, no overwrite without --force"

rm -f cv.pdf
"$CVPDF" check cv.toml 2>err
[ ! -s err ] && [ ! -e cv.pdf ] || fail "check printed something or wrote a PDF"
"$CVPDF" check -v cv.toml --all-variants 2>err
grep -q "cv.toml (variant academic): ok" err || fail "check -v: $(cat err)"
printf '[person]\nname = "X"\n\n[[sections]]\ntitle = "S"\ntext = "a **bold"\n' >bad.toml
set +e
"$CVPDF" check cv.toml bad.toml 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] && grep -q "^bad.toml:6:11: error: " err && [ ! -e bad.pdf ] || fail "check of bad markup"
printf 'extends = "classic"\n[page]\nmargins = "1in"\n' >lay.toml
set +e
"$CVPDF" check -l lay.toml 2>err; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^lay.toml:3:1: error: unknown key 'page.margins'; did you mean 'margin'" err || fail "check -l"
ok "check: silent on success, errors at file:line:col, layout alone"

"$CVPDF" layouts | grep -Ec "^classic +[^ ]" >/dev/null || fail "layouts: $("$CVPDF" layouts)"
ok "layouts lists classic with its description"

"$CVPDF" --help | grep -c "Exit status:" >/dev/null || fail "--help"
"$CVPDF" --man | cmp - "$SRC/share/man/cvpdf.1" || fail "share/man/cvpdf.1 is stale: run cvpdf --man > share/man/cvpdf.1"
if command -v man >/dev/null; then MANWIDTH=80 man -l "$SRC/share/man/cvpdf.1" 2>/dev/null | grep -c "manifest" >/dev/null || true; fi
bash -n "$SRC/share/bash-completion/cvpdf" || fail "completion script syntax"
ok "--help, man page up to date, completion parses"
