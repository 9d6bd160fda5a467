# Issue 8: every class of bad input gives `file:line:col: error: …`, exit status 1, no
# crash, no PDF written and an existing PDF left byte-for-byte as it was.
source "$(dirname "$0")/lib.sh"

printf 'old pdf bytes\n' >"$WORK/orig.pdf"

# expect_error NAME REGEX [cvpdf args…]: run cvpdf on $WORK/NAME.toml, check the message.
expect_error() {
  local name=$1 re=$2; shift 2
  cp "$WORK/orig.pdf" "$WORK/cv.pdf"
  set +e
  "$CVPDF" "$WORK/$name.toml" -o "$WORK/cv.pdf" "$@" 2>"$WORK/err"; local rc=$?
  set -e
  cat "$WORK/err"
  [ $rc -eq 1 ] || fail "$name: exit status $rc, expected 1"
  grep -Eq -- "$re" "$WORK/err" || fail "$name: message does not match /$re/"
  ! grep -Eq "runtime error|AddressSanitizer|terminate called" "$WORK/err" || fail "$name: crashed"
  cmp -s "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "$name: existing cv.pdf was changed"
  [ -z "$(ls -A "$WORK" | grep '^\.cv\.pdf')" ] || fail "$name: a temporary file was left behind"
  ok "$name"
}
at() { echo "^$WORK/$1.toml:$2: error: $3"; }   # file:line:col prefix

P='[person]\nname = "Mike He"\n'
S='[[sections]]\ntitle = "Work"\n[[sections.entries]]\ntitle = "ACME"\n'

printf "$P"'headline = "caf\xe9"\n' >"$WORK/utf8.toml"
expect_error utf8 "$(at utf8 3:16 'invalid UTF-8 \(byte 0xE9')"

printf "$P"'[[sections]\n' >"$WORK/syntax.toml"
expect_error syntax "$(at syntax '3:[0-9]+' 'TOML syntax error')"

printf "$P"'email = 42\n' >"$WORK/type.toml"
expect_error type "$(at type 3:9 "'person.email' must be a string, found an integer")"

printf "$P$S"'rolle = "Engineer"\n' >"$WORK/unknown.toml"
expect_error unknown "$(at unknown 7:1 "unknown key 'sections.entries.rolle'; did you mean 'role'\?")"

printf '[person]\nemail = "m@example.org"\n' >"$WORK/required.toml"
expect_error required "$(at required '1:1' "missing required key 'person.name'")"

printf "$P"'[[sections]]\ntext = "no title"\n' >"$WORK/required2.toml"
expect_error required2 "$(at required2 '3:1' "missing required key 'sections.title'")"

printf "$P$S"'start = "2018-13"\n' >"$WORK/date.toml"
expect_error date "$(at date 7:10 "invalid date '2018-13': month must be between 01 and 12")"

printf "$P$S"'start = "2019-02-29"\n' >"$WORK/date2.toml"
expect_error date2 "$(at date2 7:10 "invalid date '2019-02-29'")"

printf "$P"'[[sections]]\ntitle = "Service"\ntext = "see *this"\n' >"$WORK/markup.toml"
expect_error markup "$(at markup 5:13 '')"

printf "$P"'[[sections]]\ntitle = "Links"\ntext = "[site](https://x.org"\n' >"$WORK/link.toml"
expect_error link "$(at link '5:[0-9]+' '')"

printf "$P"'[[sections]]\ntitle = "Theory"\ntext = "runs in $\\\\mathcal{O}(\\\\nlogn)$ time"\n' >"$WORK/math.toml"
expect_error math "$(at math '5:[0-9]+' 'unknown math command .*nlogn')"

printf "$P"'[[sections]]\ntitle = "Theory"\ntext = "$x^{2$"\n' >"$WORK/math2.toml"
expect_error math2 "$(at math2 '5:[0-9]+' '')"

printf "$P"'[[sections]]\ntitle = "Both"\ntext = "a"\nitems = ["b"]\n' >"$WORK/kinds.toml"
expect_error kinds "$(at kinds '[0-9]+:[0-9]+' "section 'Both' has both")"

: >"$WORK/empty.toml"
expect_error empty "$(at empty 1:1 'missing required table \[person\]')"

# Missing, unreadable and not-a-file data.
set +e
"$CVPDF" "$WORK/nope.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/nope.toml: error: cannot read CV data file: No such file" "$WORK/err" || fail "missing file: $(cat "$WORK/err")"
mkdir "$WORK/dir.toml"
set +e
"$CVPDF" "$WORK/dir.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "^$WORK/dir.toml: error: .*directory" "$WORK/err" || fail "directory as data: $(cat "$WORK/err")"
if [ "$(id -u)" -ne 0 ]; then
  printf "$P" >"$WORK/locked.toml"; chmod 000 "$WORK/locked.toml"
  set +e; "$CVPDF" "$WORK/locked.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; rc=$?; set -e
  [ $rc -eq 1 ] && grep -q "Permission denied" "$WORK/err" || fail "unreadable file"
fi
ok "missing, directory and unreadable data files"

# Fonts: a layout naming a missing file, a corrupt font and a file that is no font at all.
printf "$P"'[[sections]]\ntitle = "A"\ntext = "Hello"\n' >"$WORK/good.toml"
layout_error() {
  local name=$1 re=$2
  cp "$WORK/orig.pdf" "$WORK/cv.pdf"
  set +e
  "$CVPDF" "$WORK/good.toml" -l "$WORK/$name.layout.toml" -o "$WORK/cv.pdf" 2>"$WORK/err"; local rc=$?
  set -e
  cat "$WORK/err"
  [ $rc -eq 1 ] || fail "$name: exit status $rc, expected 1"
  grep -Eq -- "$re" "$WORK/err" || fail "$name: message does not match /$re/"
  ! grep -Eq "runtime error|AddressSanitizer|terminate called" "$WORK/err" || fail "$name: crashed"
  cmp -s "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "$name: existing cv.pdf was changed"
  ok "$name"
}
printf 'extends = "classic"\n[fonts]\nregular = "x.ttf"\n' >"$WORK/nofont.layout.toml"
layout_error nofont "^$WORK/nofont.layout.toml:3:11: error: .*x\.ttf"
printf 'not a font, just text\n' >"$WORK/text.ttf"
printf 'extends = "classic"\n[fonts]\nregular = "text.ttf"\n' >"$WORK/textfont.layout.toml"
layout_error textfont "^$WORK/textfont.layout.toml:3:11: error: \"text\.ttf\" is not a font file"
font=$(ls "$SRC"/fonts/*.[ot]tf 2>/dev/null | head -1)
if [ -n "$font" ]; then
  head -c 3000 "$font" >"$WORK/cut.ttf"
  printf 'extends = "classic"\n[fonts]\nregular = "cut.ttf"\n' >"$WORK/cutfont.layout.toml"
  layout_error cutfont "error: .*cut\.ttf"
fi
printf 'extends = "classic"\n[page]\nmargn = "2cm"\n' >"$WORK/typo.layout.toml"
layout_error typo "^$WORK/typo.layout.toml:3:1: error: .*margn.*did you mean 'margin'"
printf 'extends = "classic"\n[page]\nmargin = "2 furlongs"\n' >"$WORK/length.layout.toml"
layout_error length "^$WORK/length.layout.toml:3:10: error: "
