# One test per layout knob family: balanced columns, heading bar, dates left/right,
# language, footer, page size, base size. Each checks that the knob moves what it should.
source "$(dirname "$0")/lib.sh"

bbox() {  # PDF WORD → "xMin yMin xMax" of the first occurrence
  pdftotext -bbox "$1" - | python3 -c "
import re,sys
for l in sys.stdin:
    m=re.search(r'xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\".*>(.*)</word>', l)
    if m and m.group(4)==sys.argv[1]: print(m.group(1), m.group(2), m.group(3)); break" "$2"
}

cat >"$WORK/cols.toml" <<'TOML'
[person]
name = "Ada Lovelace"

[[sections]]
title = "Skills"
columns = 3
items = ["Alpha one", "Beta two", "Gamma three", "Delta four", "Epsilon five", "Zeta six", "Eta seven", "Theta eight"]
TOML
"$CVPDF" "$WORK/cols.toml" -o "$WORK/cols.pdf"
read -r ax ay _ <<<"$(bbox "$WORK/cols.pdf" Alpha)"
read -r dx dy _ <<<"$(bbox "$WORK/cols.pdf" Delta)"
read -r ex ey _ <<<"$(bbox "$WORK/cols.pdf" Eta)"
python3 -c "import sys; ax,ay,dx,dy,ex,ey=map(float,sys.argv[1:]); assert dx>ax+100 and ex>dx+100, 'three columns'; assert abs(ay-dy)<0.5 and abs(dy-ey)<0.5, 'columns start on one line'" "$ax" "$ay" "$dx" "$dy" "$ex" "$ey" || fail "columns"
pdftotext -raw "$WORK/cols.pdf" - | tr '\n' ' ' | grep -q "Alpha one • Beta two • Gamma three • Delta four" || fail "columns read top to bottom, left column first"
ok "columns = 3: three balanced columns, read column by column"

printf 'extends = "classic"\n[heading]\nrule_position = "bar"\nrule = "3pt"\n' >"$WORK/bar.toml"
"$CVPDF" "$WORK/cols.toml" -o "$WORK/plain.pdf"
"$CVPDF" "$WORK/cols.toml" -l "$WORK/bar.toml" -o "$WORK/bar.pdf"
p=$(bbox "$WORK/plain.pdf" Skills | cut -d' ' -f1); b=$(bbox "$WORK/bar.pdf" Skills | cut -d' ' -f1)
python3 -c "import sys; p,b=map(float,sys.argv[1:]); assert b>p+3, (p,b)" "$p" "$b" || fail "heading bar shifts the heading"
ok "heading rule_position = bar: a colour bar before the heading ($p → $b)"

printf 'extends = "classic"\n[heading]\nrule_position = "above"\nrule = "1pt"\n' >"$WORK/above.toml"
"$CVPDF" "$WORK/cols.toml" -l "$WORK/above.toml" -o "$WORK/above.pdf"
py=$(bbox "$WORK/plain.pdf" Skills | cut -d' ' -f2); ay2=$(bbox "$WORK/above.pdf" Skills | cut -d' ' -f2)
python3 -c "import sys; p,a=map(float,sys.argv[1:]); assert a>p, (p,a)" "$py" "$ay2" || fail "a rule above moves the heading down"
ok "heading rule_position = above: the rule sits over the heading ($py → $ay2)"

"$CVPDF" "$SRC/data/mike-he.toml" -l modern -o "$WORK/modern.pdf"
read -r mx _ <<<"$(bbox "$WORK/modern.pdf" Sept.)"
read -r cx _ <<<"$(bbox "$WORK/modern.pdf" University)"
python3 -c "import sys; m,c=map(float,sys.argv[1:]); assert m<c, (m,c)" "$mx" "$cx" || fail "modern: dates left of the title"
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/classic.pdf"
read -r kx _ <<<"$(bbox "$WORK/classic.pdf" Sept.)"
read -r ux _ <<<"$(bbox "$WORK/classic.pdf" University)"
python3 -c "import sys; k,u=map(float,sys.argv[1:]); assert k>u+200, (k,u)" "$kx" "$ux" || fail "classic: dates right of the title"
ok "entry dates_position: left column (modern) vs flush right (classic)"

sed 's/^name = "Mike He"$/name = "Mike He"\n\n[meta]\nlanguage = "de"/' "$SRC/data/mike-he.toml" >"$WORK/de.toml"
"$CVPDF" "$WORK/de.toml" -l modern -o "$WORK/de.pdf"
txt=$(pdftotext "$WORK/de.pdf" -)
grep -q "heute" <<<"$txt" || fail "German present word"
grep -q "LEBENSLAUF" <<<"$txt" || fail "German tagline"
grep -q "gleicher Beitrag" <<<"$txt" || fail "German equal-contribution note"
ok "language = de: month names, present word and phrases in German"

printf 'extends = "classic"\n[footer]\ntext = "{name} · {t:page} {page} {t:of} {pages}"\nfirst_page = true\n' >"$WORK/foot.toml"
"$CVPDF" "$SRC/data/long-academic.toml" -l "$WORK/foot.toml" -o "$WORK/foot.pdf"
n=$(pdfinfo "$WORK/foot.pdf" | awk '/^Pages/{print $2}')
pdftotext -f "$n" -l "$n" "$WORK/foot.pdf" - | grep -q "page $n of $n" || fail "footer page N of M"
ok "footer: page $n of $n on the last page"

printf 'extends = "classic"\n[page]\nsize = "a4"\n' >"$WORK/a4.toml"
"$CVPDF" "$SRC/data/mike-he.toml" -l "$WORK/a4.toml" -o "$WORK/a4.pdf"
pdfinfo "$WORK/a4.pdf" | grep -q "(A4)" || fail "page size"
printf 'extends = "classic"\n[text]\nsize = "9pt"\n' >"$WORK/small.toml"
"$CVPDF" "$SRC/data/long-academic.toml" -l "$WORK/small.toml" -o "$WORK/small.pdf"
"$CVPDF" "$SRC/data/long-academic.toml" -o "$WORK/normal.pdf"
s=$(pdfinfo "$WORK/small.pdf" | awk '/^Pages/{print $2}'); m=$(pdfinfo "$WORK/normal.pdf" | awk '/^Pages/{print $2}')
[ "$s" -le "$m" ] || fail "a smaller base size should not need more pages ($s vs $m)"
ok "page size a4; base size 9pt: $s page(s) vs $m at 10pt"

# Fonts per role: the name, the headings and `code` each in a face of their own.
printf 'extends = "classic"\n[fonts]\nname = "NotoSans-Bold.ttf"\nheading = "NotoSans-Regular.ttf"\n' >"$WORK/roles.toml"
printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Code"\ntext = %s\n' "'Run \`cvpdf cv.toml\` now.'" >"$WORK/code.toml"
"$CVPDF" "$WORK/code.toml" -l "$WORK/roles.toml" -o "$WORK/roles.pdf"
fonts=$(pdffonts "$WORK/roles.pdf")
grep -q "NotoSans-Bold" <<<"$fonts" && grep -q "NotoSans-Regular" <<<"$fonts" && grep -q "DejaVuSansMono" <<<"$fonts" ||
  { echo "$fonts"; fail "role fonts"; }
pdftotext "$WORK/roles.pdf" - | grep -q "Run cvpdf cv.toml now." || fail "code text"
ok "fonts per role: name, heading and monospace code each embedded"

# Bidirectional text: a Hebrew phrase inside an English line, set right to left (FriBidi),
# extracts in its logical order.
printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Education"\ntext = "Visiting student at אוניברסיטת תל אביב in 2019."\n' >"$WORK/heb.toml"
"$CVPDF" "$WORK/heb.toml" -o "$WORK/heb.pdf" 2>"$WORK/err"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "Hebrew should need no warning (fallback font)"; }
# pdftotext -bbox lists a right-to-left word's letters in visual order: look them up reversed.
first=$(bbox "$WORK/heb.pdf" "תטיסרבינוא" | cut -d' ' -f1); last=$(bbox "$WORK/heb.pdf" "ביבא" | cut -d' ' -f1)
python3 -c "import sys; f,l=map(float,sys.argv[1:]); assert f>l, (f,l)" "$first" "$last" || fail "Hebrew words not right to left"
pdftotext "$WORK/heb.pdf" - | grep -q "אוניברסיטת תל אביב" || fail "Hebrew does not extract in logical order"
ok "bidi: Hebrew words right to left (first at x=$first, last at x=$last), extracted in logical order"
