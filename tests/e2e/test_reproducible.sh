# Same input, same bytes: twice with SOURCE_DATE_EPOCH set, and twice without it.
source "$(dirname "$0")/lib.sh"

SOURCE_DATE_EPOCH=1700000000 "$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/a.pdf"
SOURCE_DATE_EPOCH=1700000000 "$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/b.pdf"
cmp "$WORK/a.pdf" "$WORK/b.pdf" || fail "two renders differ"
pdfinfo "$WORK/a.pdf" | grep -q "^CreationDate:.*2023" || fail "SOURCE_DATE_EPOCH not honoured"
ok "byte-identical with SOURCE_DATE_EPOCH, dated 2023"

unset SOURCE_DATE_EPOCH
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/c.pdf"
sleep 1
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/d.pdf"
cmp "$WORK/c.pdf" "$WORK/d.pdf" || fail "renders differ without SOURCE_DATE_EPOCH"
ok "byte-identical without SOURCE_DATE_EPOCH"

# The compiled hyphenation cache changes nothing but speed: a miss (parse and store), a hit,
# a corrupt cache file and caching switched off all give the same bytes.
export SOURCE_DATE_EPOCH=1700000000
export CVPDF_CACHE_DIR="$WORK/cache"
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/miss.pdf"
cached=$(ls "$WORK/cache"/hyphen-*.bin 2>/dev/null | head -1)
[ -n "$cached" ] || fail "no compiled dictionary stored in CVPDF_CACHE_DIR"
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/hit.pdf"
ls "$WORK/cache"/hyphpoints-*.bin >/dev/null 2>&1 || fail "no hyphenation points store in CVPDF_CACHE_DIR"
head -c 5000 "$cached" > "$WORK/trunc" && mv "$WORK/trunc" "$cached"
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/points.pdf"  # every word from the points store: no dictionary
[ "$(stat -c %s "$cached")" -eq 5000 ] || fail "the dictionary was loaded although the points store had every word"
rm -f "$WORK/cache"/hyphpoints-*.bin
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/corrupt.pdf"
[ "$(stat -c %s "$cached")" -gt 5000 ] || fail "a corrupt cache file was not replaced"
CVPDF_CACHE_DIR= "$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/off.pdf"
for f in hit points corrupt off; do cmp "$WORK/miss.pdf" "$WORK/$f.pdf" || fail "cache $f changed the PDF"; done
ok "hyphenation cache and points store: miss, hit, points only, corrupt and off give identical PDFs"

# The shape, facts, subset, flate and paragraph stores likewise: the first run shapes and
# stores every word, stores what the layout asked of each font, subsets and stores every font
# program, deflates and stores the fonts' small streams and stores every laid-out paragraph;
# the next takes them from the stores; across layouts, damaged or switched off: the same bytes.
rm -rf "$WORK/cache"
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/s-miss.pdf"
ls "$WORK/cache"/shapes-*.bin >/dev/null 2>&1 || fail "no shape store image in CVPDF_CACHE_DIR"
before=$(stat -c %Y:%s "$WORK/cache"/shapes-*.bin)
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/s-hit.pdf"
[ "$before" = "$(stat -c %Y:%s "$WORK/cache"/shapes-*.bin)" ] || fail "a run with nothing new rewrote the store"
ls "$WORK/cache"/subset-*.bin >/dev/null 2>&1 || fail "no subset store file in CVPDF_CACHE_DIR"
ls "$WORK/cache"/facts-*.bin >/dev/null 2>&1 || fail "no font facts file in CVPDF_CACHE_DIR"
ls "$WORK/cache"/flate-*.bin >/dev/null 2>&1 || fail "no flate store file in CVPDF_CACHE_DIR"
ls "$WORK/cache"/paras-*.bin >/dev/null 2>&1 || fail "no paragraph store file in CVPDF_CACHE_DIR"
before=$(stat -c %Y:%s "$WORK/cache"/paras-*.bin)
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/s-hit2.pdf"
[ "$before" = "$(stat -c %Y:%s "$WORK/cache"/paras-*.bin)" ] || fail "a run with every paragraph stored rewrote the store"
cmp "$WORK/s-miss.pdf" "$WORK/s-hit2.pdf" || fail "stored paragraphs changed the PDF"
# Damaged: the paragraph store too, so that the run reads (and repairs) the others.
STORES=("$WORK/cache"/shapes-*.bin "$WORK/cache"/subset-*.bin "$WORK/cache"/facts-*.bin "$WORK/cache"/flate-*.bin
        "$WORK/cache"/paras-*.bin)
for img in "${STORES[@]}"; do
  head -c 100 "$img" > "$WORK/trunc" && mv "$WORK/trunc" "$img"
done
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/s-corrupt.pdf"
for img in "${STORES[@]}"; do
  [ "$(stat -c %s "$img")" -gt 100 ] || fail "a damaged image ($img) was not rewritten"
done
CVPDF_CACHE_DIR= "$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/s-off.pdf"
for f in s-hit s-corrupt s-off; do cmp "$WORK/s-miss.pdf" "$WORK/$f.pdf" || fail "shape store ($f) changed the PDF"; done
for layout in modern sidebar; do
  CVPDF_CACHE_DIR= "$CVPDF" "$SRC/data/long-academic.toml" --layout "$layout" -o "$WORK/$layout-off.pdf"
  "$CVPDF" "$SRC/data/long-academic.toml" --layout "$layout" -o "$WORK/$layout-miss.pdf"
  "$CVPDF" "$SRC/data/long-academic.toml" --layout "$layout" -o "$WORK/$layout-hit.pdf"
  cmp "$WORK/$layout-off.pdf" "$WORK/$layout-miss.pdf" || fail "$layout: the store's first run changed the PDF"
  cmp "$WORK/$layout-off.pdf" "$WORK/$layout-hit.pdf" || fail "$layout: words from the store changed the PDF"
done
ok "shape, facts, subset, flate and paragraph stores: miss, hit, damaged and off give identical PDFs, in three layouts"

# Several processes sharing one cache folder at once (each writes whole files and renames
# them into place): every PDF is still the one made without any cache.
rm -rf "$WORK/shared-cache"
for f in mike-he long-academic rtl-example; do
  CVPDF_CACHE_DIR= "$CVPDF" "$SRC/data/$f.toml" -o "$WORK/$f-ref.pdf"
done
for round in 1 2 3; do
  pids=()
  for f in mike-he long-academic rtl-example mike-he long-academic rtl-example; do
    CVPDF_CACHE_DIR="$WORK/shared-cache" "$CVPDF" "$SRC/data/$f.toml" -o "$WORK/$f-$round-$RANDOM.pdf" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fail "a concurrent render failed"; done
done
for f in mike-he long-academic rtl-example; do
  for out in "$WORK/$f"-[123]-*.pdf; do cmp "$WORK/$f-ref.pdf" "$out" || fail "$out differs from the uncached render"; done
done
ls "$WORK/shared-cache"/*.tmp.* >/dev/null 2>&1 && fail "temporary cache files left behind"
ok "18 renders in parallel over one cache folder: the same bytes as without it"

# Batches keep shaped words and hyphenation points, but no subset programs (a batch's many
# glyph sets would only churn that store); single renders keep all three.
rm -rf "$WORK/batch-cache"
CVPDF_CACHE_DIR="$WORK/batch-cache" "$CVPDF" "$SRC/data/mike-he.toml" "$SRC/data/long-academic.toml" -d "$WORK/batch-out" -q
ls "$WORK/batch-cache"/shapes-*.bin >/dev/null 2>&1 || fail "a batch kept no shaped words"
ls "$WORK/batch-cache"/hyphpoints-*.bin >/dev/null 2>&1 || fail "a batch kept no hyphenation points"
ls "$WORK/batch-cache"/subset-*.bin >/dev/null 2>&1 && fail "a batch wrote subset programs"
ls "$WORK/batch-cache"/flate-*.bin >/dev/null 2>&1 && fail "a batch wrote deflated streams"
ls "$WORK/batch-cache"/paras-*.bin >/dev/null 2>&1 && fail "a batch stored paragraphs"
CVPDF_CACHE_DIR="$WORK/batch-cache" "$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/single.pdf"
ls "$WORK/batch-cache"/subset-*.bin >/dev/null 2>&1 || fail "a single render wrote no subset programs"
ls "$WORK/batch-cache"/flate-*.bin >/dev/null 2>&1 || fail "a single render wrote no deflated streams"
ls "$WORK/batch-cache"/paras-*.bin >/dev/null 2>&1 || fail "a single render stored no paragraphs"
ok "batches keep shapes and points, single renders subsets and paragraphs too"
