# The seed CV renders on one US-Letter page: clean PDF, fonts embedded and subset,
# every word of the seed present, dates flush right on their titles' baselines.
source "$(dirname "$0")/lib.sh"

"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/cv.pdf" 2>"$WORK/err" || { cat "$WORK/err"; fail "render failed"; }
[ ! -s "$WORK/err" ] || { cat "$WORK/err"; fail "warnings while rendering the seed"; }

qpdf --check "$WORK/cv.pdf" >"$WORK/qpdf" 2>&1 || { cat "$WORK/qpdf"; fail "qpdf --check"; }
grep -q "No syntax or stream encoding errors" "$WORK/qpdf" || fail "qpdf found problems"
ok "qpdf --check clean"

pdfinfo "$WORK/cv.pdf" >"$WORK/info"
grep -q "^Pages: *1$" "$WORK/info" || { cat "$WORK/info"; fail "not one page"; }
grep -q "^Page size: *612 x 792 pts (letter)" "$WORK/info" || fail "not US Letter"
grep -q "^Title: *Curriculum Vitae of Mike He" "$WORK/info" || fail "Title"
grep -q "^Author: *Mike He" "$WORK/info" || fail "Author"
ok "one letter page, Title and Author"

pdffonts "$WORK/cv.pdf" >"$WORK/fonts"
nfonts=$(awk 'NR>2' "$WORK/fonts" | wc -l)
[ "$nfonts" -ge 3 ] || { cat "$WORK/fonts"; fail "expected at least 3 fonts, got $nfonts"; }
awk 'NR>2 && ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes") {bad=1} END {exit bad}' "$WORK/fonts" \
  || { cat "$WORK/fonts"; fail "a font is not embedded, subset or has no ToUnicode"; }
ok "$nfonts fonts, all embedded + subset + ToUnicode"

recall=$(python3 "$SHARED/tools/word_recall.py" "$SEED" "$WORK/cv.pdf")
echo "$recall"
case "$recall" in "recall 100.00%"*) ;; *) fail "word recall below 100%";; esac

python3 "$SRC/tests/e2e/check_dates.py" "$WORK/cv.pdf" "$SRC/data/mike-he.toml"
