# Issue 8: a 10,000-entry, ~10 MB data file renders in time linear in its size and bounded
# memory, or fails with a clear limit message — never a crash or a hang.
source "$(dirname "$0")/lib.sh"

# Under AddressSanitizer everything is several times slower: use a tenth of the entries.
n=10000 sanitized=0
if grep -qa "__asan_init" "$CVPDF" || ldd "$CVPDF" 2>/dev/null | grep -q libasan; then
  n=1000 sanitized=1
  echo "note: sanitizer build, using $n entries"
fi

gen() {  # gen FILE ENTRIES
  python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('[person]\nname = "Mike He"\n[[sections]]\ntitle = "Experience"\n')
    for i in range(int(sys.argv[2])):
        f.write('[[sections.entries]]\ntitle = "Organisation number %d"\nrole = "Research engineer"\n'
                'location = "Seattle, WA"\nstart = "2018-09"\nend = "present"\n'
                'bullets = ["Designed and built a **compiler** for *tensor* programs, %d times faster; %s",'
                ' "Wrote $O(n \\\\log n)$ algorithms and shipped them to production."]\n'
                % (i, i, "padding " * 100))
PY
}

# run FILE: render to $WORK/cv.pdf; sets rc, ms (wall time), rss (peak KB).
run() {
  local t0 t1
  t0=$(date +%s%N)
  set +e
  /usr/bin/time -f '%M' -o "$WORK/rss" timeout 110 "$CVPDF" "$1" -o "$WORK/cv.pdf" -q 2>"$WORK/err"; rc=$?
  set -e
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  rss=$(tail -1 "$WORK/rss" 2>/dev/null || echo 0)
  head -5 "$WORK/err"
  [ $rc -ne 124 ] || fail "$1: no result within 110 s"
  ! grep -Eq "runtime error|AddressSanitizer|terminate called" "$WORK/err" || fail "$1: crashed"
  [ -z "$(ls -A "$WORK" | grep '^\.cv\.pdf\.')" ] || fail "$1: a temporary file was left behind"
}

gen "$WORK/small.toml" $((n / 10))
run "$WORK/small.toml"
[ $rc -eq 0 ] || fail "$((n / 10)) entries did not render"
small_ms=$ms small_rss=$rss

gen "$WORK/huge.toml" $n
size=$(stat -c %s "$WORK/huge.toml")
printf 'old pdf bytes\n' >"$WORK/cv.pdf"
cp "$WORK/cv.pdf" "$WORK/orig.pdf"
run "$WORK/huge.toml"
echo "$((n / 10)) entries: ${small_ms} ms, ${small_rss} KB; $n entries ($size bytes): exit $rc, ${ms} ms, peak RSS ${rss} KB"
if [ $rc -eq 0 ]; then
  pages=$(pdfinfo "$WORK/cv.pdf" | sed -n 's/^Pages: *//p')
  [ "${pages:-0}" -gt $((n / 100)) ] || fail "only ${pages:-0} pages for $n entries"
  # Linear: ten times the input may take at most ~twenty times as long (start-up and noise).
  [ $ms -le $(( small_ms * 20 + 2000 )) ] || fail "time is not linear: ${small_ms} ms -> ${ms} ms"
  # Memory bounded: at most ~100 bytes of RSS per input byte plus a base (ASan: not measured).
  [ $sanitized -eq 1 ] || [ "$rss" -le $(( size / 10 + 200000 )) ] || fail "peak RSS ${rss} KB for a $size-byte file"
  ok "$n entries rendered ($pages pages, ${ms} ms, ${rss} KB)"
else
  [ $rc -eq 1 ] || fail "exit status $rc"
  grep -Eq "error: .*(limit|too many|too large)" "$WORK/err" || fail "failure without a clear limit message"
  cmp -s "$WORK/cv.pdf" "$WORK/orig.pdf" || fail "existing cv.pdf was changed"
  ok "$n entries refused with a limit message"
fi
