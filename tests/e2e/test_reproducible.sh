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
