# Page-break control from the data: page_break_before on a section and an entry, and
# keep_together on an entry that would otherwise split across pages.
source "$(dirname "$0")/lib.sh"

cat >"$WORK/pb.toml" <<'TOML'
[person]
name = "Ada Lovelace"

[[sections]]
title = "One"
text = "First page."

[[sections]]
title = "Two"
page_break_before = true
text = "Second page."

[[sections]]
title = "Three"
[[sections.entries]]
title = "Analytical Engine"
page_break_before = true
bullets = ["alpha", "beta"]
TOML
"$CVPDF" "$WORK/pb.toml" -o "$WORK/pb.pdf"
pdfinfo "$WORK/pb.pdf" | grep -q "^Pages: *3$" || fail "expected 3 pages"
pdftotext -f 1 -l 1 "$WORK/pb.pdf" - | grep -q "First page" || fail "page 1"
pdftotext -f 2 -l 2 "$WORK/pb.pdf" - | grep -q "Second page" || fail "section break"
pdftotext -f 2 -l 2 "$WORK/pb.pdf" - | grep -q "Three" || fail "heading Three should stay on page 2"
pdftotext -f 3 -l 3 "$WORK/pb.pdf" - | grep -q "Analytical Engine" || fail "entry break"
ok "page_break_before on a section and an entry"

# keep_together: find a CV where an entry straddles a page boundary, then check that
# keep_together moves it whole to the next page.
gen() {  # N KEEP OUT
  python3 - "$1" "$2" "$3" <<'PY'
import sys
n, keep, path = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3]
out = ['[person]\nname = "Ada Lovelace"\n\n[[sections]]\ntitle = "Notes"\n']
for i in range(n):
    out.append(f'[[sections.entries]]\ntitle = "Entry {i}"\nbullets = ["note {i} a", "note {i} b"]\n')
out.append('[[sections.entries]]\ntitle = "Kept entry"\n' + ('keep_together = true\n' if keep else '') +
           'bullets = [' + ", ".join(f'"kept line {k}"' for k in range(12)) + ']\n')
open(path, "w").write("\n".join(out))
PY
}
pages_with() {  # PDF → the pages on which "kept line" appears
  local n; n=$(pdfinfo "$1" | awk '/^Pages/{print $2}')
  for p in $(seq 1 "$n"); do pdftotext -f "$p" -l "$p" "$1" - | grep -q "kept line" && printf ' %s' "$p"; done
  true
}
n=""
for try in $(seq 20 60); do
  gen "$try" 0 "$WORK/split.toml"
  "$CVPDF" "$WORK/split.toml" -o "$WORK/split.pdf"
  if [ "$(pages_with "$WORK/split.pdf" | wc -w)" -eq 2 ]; then n=$try; break; fi
done
[ -n "$n" ] || fail "could not make an entry straddle a page"
gen "$n" 1 "$WORK/keep.toml"
"$CVPDF" "$WORK/keep.toml" -o "$WORK/keep.pdf"
found=$(pages_with "$WORK/keep.pdf")
[ "$(wc -w <<<"$found")" -eq 1 ] || fail "kept entry spread over pages:$found"
ok "with $n entries before it the entry splits over pages$(pages_with "$WORK/split.pdf"); keep_together keeps it on page$found"
