# Non-Latin scripts inside an English CV, in the three built-in layouts: a Hebrew name in a
# bold entry title is set in the fallback's *bold* Hebrew face (Noto Sans Hebrew Bold, and no
# regular Hebrew at all), an Arabic name in the Arabic font with its joining forms; both
# ordered right to left, extracted in logical order, no "no font has" warning, qpdf clean.
# Then the words the layout itself prints around publications in the CV's language:
# German "und"/"In", French "et"/"Dans", Hebrew "ו"/"בתוך" (with the maqaf only before a
# foreign name).
source "$(dirname "$0")/lib.sh"

HE_NAME="דנה כהן"          # in the bold title
AR_NAME="سمير حداد"        # in a regular bullet
AR_LIG="صلاح علاء"         # lam-alef: one glyph for two letters
cat >"$WORK/cv.toml" <<TOML
[person]
name = "Jordan Reyes"
email = "jordan@example.org"

[[sections]]
title = "Experience"

[[sections.entries]]
title = "Research Assistant to $HE_NAME"
organisation = "Example University"
start = "2021-01"
end = "present"
bullets = ["Co-authored with $AR_NAME on speech recognition.", "Thanks to $AR_LIG."]
TOML

# Letters of the text with pdftotext's own direction marks (U+200E/F, U+202A–U+202E) taken
# out and spaces collapsed.
plain() {
  pdftotext "$1" - | python3 -c "
import re, sys
t = re.sub('[\u200e\u200f\u202a-\u202e]', '', sys.stdin.read())
print(re.sub(r'[ \t]+', ' ', t))"
}

for layout in classic modern sidebar; do
  pdf="$WORK/$layout.pdf"
  "$CVPDF" "$WORK/cv.toml" -l "$layout" -o "$pdf" 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "$layout: render failed"; }
  if grep -q "no font has" "$WORK/err"; then cat "$WORK/err" >&2; fail "$layout: a character found no font"; fi
  [ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "$layout: warnings"; }
  qpdf --check "$pdf" >"$WORK/qpdf" 2>&1 && grep -q "No syntax or stream encoding errors" "$WORK/qpdf" \
    || { cat "$WORK/qpdf" >&2; fail "$layout: qpdf --check"; }

  fonts=$(pdffonts "$pdf")
  grep -q "+NotoSansHebrew-Bold " <<<"$fonts" || { echo "$fonts" >&2; fail "$layout: the bold title's Hebrew is not in Noto Sans Hebrew Bold"; }
  if grep -q "+NotoSansHebrew-Regular " <<<"$fonts"; then echo "$fonts" >&2; fail "$layout: regular Hebrew embedded for a bold title"; fi
  grep -q "+NotoSansArabic-Regular " <<<"$fonts" || { echo "$fonts" >&2; fail "$layout: Arabic not in Noto Sans Arabic"; }

  txt=$(plain "$pdf")
  grep -qF "Research Assistant to $HE_NAME" <<<"$txt" || { echo "$txt" >&2; fail "$layout: the Hebrew name does not extract in logical order"; }
  # (poppler drops the space between a right-to-left name and the English word after it.)
  grep -qF "Co-authored with $AR_NAME" <<<"$txt" && grep -qF "on speech recognition." <<<"$txt" \
    || { echo "$txt" >&2; fail "$layout: the Arabic name does not extract in logical order"; }
  # A ligature glyph's letters, too: "صلاح", not "صالح" (ToUnicode in visual order, see
  # src/pdf/font_usage.hpp).
  grep -qF "Thanks to $AR_LIG" <<<"$txt" || { echo "$txt" >&2; fail "$layout: the lam-alef ligature extracts reversed"; }

  # Drawn right to left: the first word of each name right of its second. pdftotext -bbox
  # reports a right-to-left word's letters in visual order, so words are looked up reversed.
  python3 - "$pdf" "$HE_NAME" "$AR_NAME" <<'EOF'
import re, subprocess, sys
pdf, he, ar = sys.argv[1:]
x = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
words = [(float(a), w) for a, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', x)]
def x_of(word):
    # Arabic letters may be reported as presentation forms: compare compatibility forms.
    import unicodedata
    want = unicodedata.normalize("NFKC", word[::-1])
    hits = [a for a, w in words if unicodedata.normalize("NFKC", w) == want]
    if len(hits) != 1: sys.exit(f"FAIL: {pdf}: {word!r} found {len(hits)} times")
    return hits[0]
for name in (he, ar):
    first, second = name.split()
    if not x_of(first) > x_of(second): sys.exit(f"FAIL: {pdf}: {name!r} not right to left")
print(f"ok: {pdf.rsplit('/', 1)[-1]}: both names drawn right to left")
EOF
  ok "$layout: Hebrew bold title in Noto Sans Hebrew Bold, Arabic in Noto Sans Arabic, logical order, qpdf clean"
done

# Arabic is joined: the word's glyphs are not the letters' isolated forms. Poppler maps the
# contextual glyphs back to the letters (ToUnicode), so check the glyph widths instead: the
# name joined is narrower than its letters set apart.
cat >"$WORK/iso.toml" <<TOML
[person]
name = "Jordan Reyes"

[[sections]]
title = "Names"
text = "سمير  س م ي ر"
TOML
"$CVPDF" "$WORK/iso.toml" -o "$WORK/iso.pdf" 2>"$WORK/err"
[ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "iso: warnings"; }
python3 - "$WORK/iso.pdf" <<'EOF'
import re, subprocess, sys
x = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], check=True, capture_output=True, text=True).stdout
ws = [(float(a), float(b), w) for a, b, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', x)]
import unicodedata
joined = [b - a for a, b, w in ws if len(unicodedata.normalize("NFKC", w)) == 4]
single = [b - a for a, b, w in ws if len(unicodedata.normalize("NFKC", w)) == 1 and "\u0600" <= unicodedata.normalize("NFKC", w) <= "\u06ff"]
if len(joined) != 1 or len(single) != 4: sys.exit(f"FAIL: words {ws}")
if not joined[0] < 0.9 * sum(single): sys.exit(f"FAIL: the joined word ({joined[0]:.2f}) is not narrower than its isolated letters ({sum(single):.2f})")
print(f"ok: joined 'سمير' {joined[0]:.2f} pt wide, its isolated letters {sum(single):.2f} pt")
EOF

# The layout's own words around publications follow the CV's language. English stays as it
# was: "and", ", and", "In".
pubs() {  # LANGUAGE → a CV with two publications
  cat <<TOML
[meta]
language = "$1"

[person]
name = "Noa Levi"

[[sections]]
title = "Publications"

[[sections.publications]]
authors = ["Noa Levi", "Dan Cohen"]
title = "Fast sparse attention"
venue = "NeurIPS"
year = 2022

[[sections.publications]]
authors = ["Noa Levi", "Dan Cohen", "Amir Said"]
title = "Small models"
year = 2023

[[sections.publications]]
authors = ["נועה לוי", "דן כהן"]
title = "דחיסת מודלים"
year = 2019
TOML
}
check_pubs() {  # LANGUAGE PHRASE...
  local lang=$1; shift
  pubs "$lang" >"$WORK/pubs-$lang.toml"
  "$CVPDF" "$WORK/pubs-$lang.toml" -o "$WORK/pubs-$lang.pdf" 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "pubs $lang"; }
  [ ! -s "$WORK/err" ] || { cat "$WORK/err" >&2; fail "pubs $lang: warnings"; }
  local txt; txt=$(plain "$WORK/pubs-$lang.pdf")
  for phrase in "$@"; do
    grep -qF -- "$phrase" <<<"$txt" || { echo "$txt" >&2; fail "pubs $lang: '$phrase' missing"; }
  done
  ok "publications in '$lang': $*"
}
check_pubs en "Noa Levi and Dan Cohen." "In NeurIPS" "Noa Levi, Dan Cohen, and Amir Said."
check_pubs de "Noa Levi und Dan Cohen." "In NeurIPS" "Noa Levi, Dan Cohen und Amir Said."
check_pubs fr "Noa Levi et Dan Cohen." "Dans NeurIPS" "Noa Levi, Dan Cohen et Amir Said."
check_pubs es "Noa Levi y Dan Cohen." "En NeurIPS" "Noa Levi, Dan Cohen y Amir Said."
# Hebrew: "ו" joins a Hebrew name directly, a foreign one with a maqaf; "בתוך" before the venue.
# (pdftotext lays the mixed lines out visually; the maqaf appears only before the Latin names.)
check_pubs he "נועה לוי ודן כהן" "ו־" "בתוך"
[ "$(plain "$WORK/pubs-he.pdf" | grep -o "ו־" | wc -l)" -eq 2 ] || fail "pubs he: expected 'ו־' twice (before Dan Cohen, Amir Said)"
if plain "$WORK/pubs-he.pdf" | grep -qE "\band\b|\bIn NeurIPS"; then fail "pubs he: English connectors in a Hebrew CV"; fi
ok "Hebrew CV: no English 'and'/'In' around publications"
