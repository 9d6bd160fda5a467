#!/usr/bin/env bash
# Release builds open HarfBuzz and FreeType on first use (src/dynload): a re-render whose
# words, font facts and subsets are all stored must not load them, and must give the same
# bytes; a new word must load HarfBuzz again and show in the PDF.
source "$(dirname "$0")/lib.sh"
export CVPDF_CACHE_DIR=$WORK/cache
DATA=$SRC/data/mike-he.toml

loaded() {  # the shared objects a run of cvpdf maps (ld.so's own report)
  LD_DEBUG=files "$CVPDF" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\).*/\1/p' | xargs -r -n1 basename | sort -u
}

first=$(loaded "$DATA" -o "$WORK/first.pdf")
grep -q '^libharfbuzz.so.0$' <<<"$first" || fail "a first render did not use HarfBuzz? ($first)"
ok "first render maps HarfBuzz"

linked=$(ldd "$CVPDF")  # whole, not piped into grep -q: under pipefail its early exit fails ldd
if grep -q libharfbuzz <<<"$linked"; then
  ok "this build links HarfBuzz (CVPDF_LAZY_LIBS off): nothing more to check"
  exit 0
fi

again=$(loaded "$DATA" -o "$WORK/again.pdf")
for lib in libharfbuzz.so.0 libharfbuzz-subset.so.0 libfreetype.so.6 libglib-2.0.so.0; do
  grep -q "^$lib\$" <<<"$again" && fail "a re-render with warm stores mapped $lib"
done
cmp -s "$WORK/first.pdf" "$WORK/again.pdf" || fail "the re-render's PDF differs from the first"
ok "re-render maps $(wc -l <<<"$again") shared objects, none of HarfBuzz's, same bytes"

for args in "--version" "--help"; do
  out=$(loaded $args)
  grep -q harfbuzz <<<"$out" && fail "cvpdf $args mapped HarfBuzz"
done
ok "--version and --help do not map HarfBuzz"

# A word no run has shaped: HarfBuzz is opened for it, and it is in the PDF.
sed 's/Artifact Evaluation/Artifact Evaluation Quokkaworthiness/' "$DATA" >"$WORK/edited.toml"
edited=$(loaded "$WORK/edited.toml" -o "$WORK/edited.pdf")
grep -q '^libharfbuzz.so.0$' <<<"$edited" || fail "a new word was set without HarfBuzz?"
text=$(pdftotext "$WORK/edited.pdf" -)
grep -q "Quokkaworthiness" <<<"$text" || fail "the new word is not in the PDF"
qpdf --check "$WORK/edited.pdf" >/dev/null || fail "qpdf --check on the edited CV"
ok "a new word opens HarfBuzz and is in the PDF"

# A missing library is a clear error when it is needed (not a crash), and the existing PDF
# stays. Hiding a system library needs a private mount namespace (root); skipped without.
rm -rf "$CVPDF_CACHE_DIR"
cp "$WORK/first.pdf" "$WORK/keep.pdf"
hb=$(readlink -f /lib/x86_64-linux-gnu/libharfbuzz.so.0 2>/dev/null || true)
if [[ -n "$hb" ]] && unshare -m true 2>/dev/null; then
  set +e
  msg=$(unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$hb" \
        "$CVPDF" "$DATA" -o "$WORK/keep.pdf" 2>&1)
  rc=$?
  set -e
  [[ $rc == 70 ]] || fail "without HarfBuzz: exit $rc, expected 70 ($msg)"
  grep -q "cannot load libharfbuzz.so.0" <<<"$msg" || fail "without HarfBuzz, the message does not name it: $msg"
  cmp -s "$WORK/first.pdf" "$WORK/keep.pdf" || fail "without HarfBuzz, the existing PDF was changed"
  ok "without HarfBuzz: exit 70, '$msg', existing PDF untouched"
else
  ok "no private mount namespace here: missing-library check skipped"
fi
