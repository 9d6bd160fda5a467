# Warnings and limits that name their source: a character no font has, a word wider than
# the column, a long URL (broken at its punctuation, no warning), duplicate section titles,
# and an entry taller than a page (split across pages, nothing lost).
source "$(dirname "$0")/lib.sh"

printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Service"\ntext = "abc **中** done"\n' >"$WORK/glyph.toml"
"$CVPDF" "$WORK/glyph.toml" -o "$WORK/glyph.pdf" 2>"$WORK/err"
cat "$WORK/err"
grep -q "^$WORK/glyph.toml:6:15: warning: no font has '中' (U+4E2D)" "$WORK/err" || fail "missing-glyph warning with position"
[ -s "$WORK/glyph.pdf" ] || fail "the PDF is still written"
ok "missing glyph: warning at its line:col with U+ code"

python3 -c "print('[person]\nname = \"Mike He\"\n\n[[sections]]\ntitle = \"Wide\"\ntext = \"see ' + 'X'*120 + ' end\"')" >"$WORK/wide.toml"
"$CVPDF" "$WORK/wide.toml" -o "$WORK/wide.pdf" 2>"$WORK/err"
cat "$WORK/err"
grep -Eq "^$WORK/wide.toml:6:9: warning: a line is [0-9.]+ pt wider than its 504.0 pt column \('X+'\)" "$WORK/err" || fail "overfull warning"
ok "an unbreakable word wider than the column is a warning naming it"

url="https://example.org/a/very/long/path/that/goes/on-and-on/forever/and/ever/without/any/space/at/all/index.html?query=value&more=yes"
printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Links"\ntext = "see the page at [%s](%s) for more"\n' "$url" "$url" >"$WORK/url.toml"
"$CVPDF" "$WORK/url.toml" -o "$WORK/url.pdf" 2>"$WORK/err"
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "a long URL should break without a warning"; }
python3 "$SRC/tests/e2e/check_geometry.py" "$WORK/url.pdf" --margins 54,54,54,54 >/dev/null || fail "URL outside the margins"
[ "$(pdfinfo -url "$WORK/url.pdf" | grep -c "example.org")" -ge 2 ] || fail "the wrapped link should be clickable on both lines"
ok "a long URL breaks at its punctuation and stays clickable on both lines"

printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Links"\ntext = "a"\n\n[[sections]]\ntitle = "links"\ntext = "b"\n' >"$WORK/dup.toml"
set +e
"$CVPDF" "$WORK/dup.toml" -o "$WORK/dup.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] && grep -q "^$WORK/dup.toml:9:10: error: duplicate section title 'links' (first at line 5)" "$WORK/err" ||
  fail "duplicate section titles"
ok "duplicate section titles are an error at the second"

python3 - "$WORK/tall.toml" <<'PY'
import sys
bullets = ", ".join(f'"bullet number {k} of a very long entry"' for k in range(120))
open(sys.argv[1], "w").write('[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Tall"\n'
    f'[[sections.entries]]\ntitle = "Too tall"\nkeep_together = true\nbullets = [{bullets}]\n')
PY
"$CVPDF" "$WORK/tall.toml" -o "$WORK/tall.pdf"
pages=$(pdfinfo "$WORK/tall.pdf" | awk '/^Pages/{print $2}')
[ "$pages" -ge 2 ] || fail "a 120-bullet entry should need several pages"
[ "$(pdftotext "$WORK/tall.pdf" - | grep -c "bullet number")" -eq 120 ] || fail "bullets lost"
ok "an entry taller than a page splits across $pages pages with every bullet"
