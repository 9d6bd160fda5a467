# The paragraph store (src/layout/para_store.hpp): a re-render after an edit sets again only
# the paragraphs that changed and takes the rest from the store. Whatever changed — a bullet,
# the name, a formula added, a layout value, a font file — the PDF must be byte for byte the
# one a render without any cache makes; and a paragraph that warns warns on every run.
source "$(dirname "$0")/lib.sh"
export CVPDF_CACHE_DIR="$WORK/cache"
export SOURCE_DATE_EPOCH=1700000000
cd "$WORK"

# Renders $1 (more arguments pass on) with the store and without any cache: same bytes.
same_as_uncached() {
  local data=$1; shift
  "$CVPDF" "$data" "$@" -o stored.pdf
  CVPDF_CACHE_DIR= "$CVPDF" "$data" "$@" -o uncached.pdf
  cmp -s stored.pdf uncached.pdf || fail "with stored paragraphs, $data ($*) differs from an uncached render"
}

cp "$SRC/data/mike-he.toml" cv.toml
"$CVPDF" cv.toml -o first.pdf
ls cache/paras-*.bin >/dev/null 2>&1 || fail "a single render stored no paragraphs"
same_as_uncached cv.toml

# One word of one bullet: that paragraph is set again, all others come from the store.
sed -i 's/greedy gradient/greedy, online gradient/' cv.toml
grep -q "greedy, online gradient" cv.toml || fail "test set-up: the edit did not apply"
same_as_uncached cv.toml
# The header (the name and its line of contacts) and a new bullet with a formula and a link,
# whose fonts (the math font) enter the document in the order a fresh render gives them.
sed -i 's/^name = "Mike He"/name = "Michael He"/' cv.toml
python3 - <<'EOF'
import re
p = 'cv.toml'
s = open(p).read()
s = s.replace('bullets = [', 'bullets = [\n  \'New: $\\alpha^2 + \\beta$ bounds for [DTR](https://example.org/dtr), **bold** and *italic* text.\',', 1)
open(p, 'w').write(s)
EOF
grep -q 'alpha' cv.toml || fail "test set-up: the formula was not added"
same_as_uncached cv.toml
same_as_uncached cv.toml  # and again, now every paragraph from the store
ok "edits to a bullet, the name and a new formula: the same bytes as an uncached render"

# A layout value changes every paragraph's key (the layout's fingerprint): nothing stale.
same_as_uncached cv.toml --set text.size=10.5pt
same_as_uncached cv.toml --set text.justify=false
for layout in modern sidebar; do
  same_as_uncached cv.toml --layout "$layout"
  same_as_uncached cv.toml --layout "$layout"
done
ok "layout values and other layouts: the same bytes as an uncached render"

# A font file replaced under the same name: its stamp changes, so no stored paragraph is used.
mkdir fonts
cp "$SRC/fonts/GentiumBookPlus-Regular.ttf" fonts/Body.ttf
printf 'extends = "classic"\n[fonts]\nregular = "fonts/Body.ttf"\n' > mine.toml
"$CVPDF" cv.toml --layout mine.toml -o before.pdf
sleep 0.01
cp "$SRC/fonts/GentiumBookPlus-Italic.ttf" fonts/Body.ttf
same_as_uncached cv.toml --layout mine.toml
cmp -s before.pdf stored.pdf && fail "the replaced font changed nothing"
ok "a font file replaced under its name: the same bytes as an uncached render"

# A paragraph that warns is never stored: the warning comes on every run.
python3 -c "print('[person]\nname = \"Mike He\"\n\n[[sections]]\ntitle = \"Wide\"\ntext = \"see ' + 'X'*120 + ' end\"')" > wide.toml
for run in 1 2; do
  "$CVPDF" wide.toml -o wide.pdf 2> err
  grep -q "warning: a line is .* wider than its" err || fail "run $run: the overfull warning did not repeat"
done
printf '[person]\nname = "Mike He"\n\n[[sections]]\ntitle = "Service"\ntext = "abc **中** done"\n' > glyph.toml
for run in 1 2; do
  "$CVPDF" glyph.toml -o glyph.pdf 2> err
  grep -q "warning: no font has '中'" err || fail "run $run: the missing-glyph warning did not repeat"
done
ok "warnings repeat on every run"

# Batches store none (their distinct CVs would only grow the store); one render does.
rm -rf cache
"$CVPDF" cv.toml "$SRC/data/long-academic.toml" -d batch -q
ls cache/paras-*.bin >/dev/null 2>&1 && fail "a batch stored paragraphs"
ok "a batch stores no paragraphs"
