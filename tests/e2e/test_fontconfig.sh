# Fonts by family and style through fontconfig: a layout whose [fonts] are
# { family, style } tables renders the seed CV with exactly those faces; a family that is not
# installed is an error at the value's file:line:col. Install-independent: FONTCONFIG_FILE
# points fontconfig at a fonts.conf naming only the project's fonts/ folder.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

cat >fonts.conf <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$SRC/fonts</dir>
  <cachedir>$WORK/fc-cache</cachedir>
</fontconfig>
CONF
export FONTCONFIG_FILE=$WORK/fonts.conf

cat >sans.toml <<'TOML'
extends = "classic"
[fonts]
regular = { family = "Noto Sans" }
bold = { family = "Noto Sans", style = "Bold" }
italic = { family = "Noto Sans", style = "Italic" }
bold_italic = { family = "noto sans", style = "bold italic" }
TOML
"$CVPDF" "$SRC/data/mike-he.toml" -l sans.toml -o sans.pdf
qpdf --check sans.pdf >/dev/null || fail "qpdf --check"
pdftotext sans.pdf - | grep -q "Mike He" || fail "the seed's text is missing"
pdffonts sans.pdf >fonts.txt
cat fonts.txt
for face in NotoSans-Regular NotoSans-Bold NotoSans-Italic; do
  grep -q "+$face " fonts.txt || fail "$face not embedded"
done
! grep -q "Gentium" fonts.txt || fail "classic's Gentium should have been replaced"
ok "a layout with { family, style } fonts renders the seed with those faces"

# A file name and a family/style table mix; the table's style picks the face.
cat >mixed.toml <<'TOML'
extends = "classic"
[fonts]
regular = "GentiumBookPlus-Regular.ttf"
italic = { family = "Gentium Book Plus", style = "Italic" }
bold = { family = "Noto Sans", style = "Bold" }
TOML
"$CVPDF" "$SRC/data/mike-he.toml" -l mixed.toml -o mixed.pdf
pdffonts mixed.pdf >fonts.txt
grep -q "+GentiumBookPlus " fonts.txt && grep -q "+NotoSans-Bold " fonts.txt || fail "mixed fonts"
ok "file names and family/style tables mix"

# Not installed: an error at the value, exit 1, no PDF.
cat >bad.toml <<'TOML'
extends = "classic"
[fonts]
bold = { family = "Nope Sans", style = "Bold" }
TOML
set +e
"$CVPDF" "$SRC/data/mike-he.toml" -l bad.toml -o bad.pdf 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] || fail "unknown family: exit $rc"
grep -q '^bad.toml:3:8: error: no installed font matches family "Nope Sans" style "Bold" (fc-list shows what is installed)$' err \
  || fail "unknown family message"
[ ! -e bad.pdf ] || fail "a PDF was written"
# A style the family lacks is not silently replaced by another style (or by synthetic bold).
printf 'extends = "classic"\n[fonts]\nbold = { family = "Latin Modern Math", style = "Bold" }\n' >bad2.toml
set +e
"$CVPDF" "$SRC/data/mike-he.toml" -l bad2.toml -o bad2.pdf 2>err; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'no installed font matches family "Latin Modern Math" style "Bold"' err || fail "missing style"
ok "a family or style that is not installed is an error at file:line:col"

# The same through --set.
"$CVPDF" "$SRC/data/mike-he.toml" --set 'fonts.bold={ family = "Noto Sans", style = "Bold" }' -o set.pdf
pdffonts set.pdf | grep -q "+NotoSans-Bold " || fail "--set fonts.bold={family, style}"
ok "--set takes a family/style table"
