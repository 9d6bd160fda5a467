# Issue 8, output side: an unwritable folder, a full disk and a signal during a render
# never leave a partial PDF or a temp file, and an existing PDF stays byte-for-byte.
source "$(dirname "$0")/lib.sh"

DATA=$SRC/data/mike-he.toml
printf 'old pdf bytes\n' >"$WORK/orig.pdf"
no_temp() { [ -z "$(ls -A "$1" | grep '^\.cv\.pdf\.')" ] || fail "$2: a temporary file was left in $1"; }

# A folder that does not exist, and one that cannot be written.
set +e
"$CVPDF" "$DATA" -o "$WORK/missing/cv.pdf" 2>"$WORK/err"; rc=$?
set -e
cat "$WORK/err"
[ $rc -eq 1 ] && grep -q "$WORK/missing/cv.pdf: error: cannot write the PDF: No such file or directory" "$WORK/err" ||
  fail "missing output folder"
ok "missing output folder"

mkdir "$WORK/ro"
cp "$WORK/orig.pdf" "$WORK/ro/cv.pdf"
chmod 555 "$WORK/ro"
if [ "$(id -u)" -ne 0 ]; then
  set +e
  "$CVPDF" "$DATA" -o "$WORK/ro/cv.pdf" 2>"$WORK/err"; rc=$?
  set -e
  cat "$WORK/err"
  [ $rc -eq 1 ] && grep -q "$WORK/ro/cv.pdf: error: cannot write the PDF: Permission denied" "$WORK/err" || fail "read-only folder"
  cmp -s "$WORK/ro/cv.pdf" "$WORK/orig.pdf" || fail "read-only folder: cv.pdf changed"
  ok "read-only output folder"
elif mount -t tmpfs -o size=1m,mode=0755 tmpfs "$WORK/ro" 2>/dev/null; then
  # root ignores permissions; a read-only mount refuses root too.
  cp "$WORK/orig.pdf" "$WORK/ro/cv.pdf"
  mount -o remount,ro "$WORK/ro"
  set +e
  "$CVPDF" "$DATA" -o "$WORK/ro/cv.pdf" 2>"$WORK/err"; rc=$?
  set -e
  cat "$WORK/err"
  cmp -s "$WORK/ro/cv.pdf" "$WORK/orig.pdf" || { umount "$WORK/ro"; fail "read-only mount: cv.pdf changed"; }
  umount "$WORK/ro"
  [ $rc -eq 1 ] && grep -q "$WORK/ro/cv.pdf: error: cannot write the PDF: Read-only file system" "$WORK/err" || fail "read-only mount"
  ok "read-only output file system (root)"
else
  echo "skip: running as root without mount: cannot make an unwritable folder"
fi
chmod 755 "$WORK/ro"

# A device target is written directly, never renamed over: /dev/full reports ENOSPC.
if [ -c /dev/full ]; then
  set +e
  "$CVPDF" "$DATA" -o /dev/full 2>"$WORK/err"; rc=$?
  set -e
  cat "$WORK/err"
  [ $rc -eq 1 ] && grep -q "/dev/full: error: cannot write the PDF: write: No space left on device" "$WORK/err" || fail "/dev/full"
  [ -c /dev/full ] || fail "/dev/full is no longer a device"
  ok "-o /dev/full: No space left on device, device untouched"
fi

# A full disk: a tiny tmpfs with an old PDF in it; the new one cannot fit.
mkdir "$WORK/small"
if mount -t tmpfs -o size=64k tmpfs "$WORK/small" 2>/dev/null; then
  cp "$WORK/orig.pdf" "$WORK/small/cv.pdf"
  head -c 40000 /dev/zero >"$WORK/small/filler"  # leave less room than the PDF needs
  set +e
  "$CVPDF" "$DATA" -o "$WORK/small/cv.pdf" 2>"$WORK/err"; rc=$?
  set -e
  cat "$WORK/err"
  same=0; cmp -s "$WORK/small/cv.pdf" "$WORK/orig.pdf" && same=1
  left=$(ls -A "$WORK/small" | grep -c '^\.cv\.pdf\.' || true)
  umount "$WORK/small"
  [ $rc -eq 1 ] || fail "full disk: exit status $rc"
  grep -q "$WORK/small/cv.pdf: error: cannot write the PDF: write: No space left on device" "$WORK/err" || fail "full disk message"
  [ $same -eq 1 ] || fail "full disk: existing cv.pdf changed"
  [ "$left" -eq 0 ] || fail "full disk: temp file left behind"
  ok "full disk: ENOSPC reported, old PDF intact, no temp file"
else
  echo "skip: cannot mount a small tmpfs (not root?): full-disk test not run"
fi

# SIGTERM / SIGINT during a render: the old PDF stays, no temp file remains. A big CV
# keeps cvpdf busy long enough to be interrupted at various moments.
{
  printf '[person]\nname = "Mike He"\n[[sections]]\ntitle = "Work"\n'
  for i in $(seq 1 400); do
    printf '[[sections.entries]]\ntitle = "Company %d"\nrole = "Engineer"\nstart = "2018-09"\nend = "present"\nbullets = ["Built *things* that were **fast** and $O(n)$ in %d ways, again and again and again."]\n' "$i" "$i"
  done
} >"$WORK/big.toml"
mkdir "$WORK/sig"
for sig in TERM INT; do
  for delay in 0.05 0.2 0.5 1 2; do
    cp "$WORK/orig.pdf" "$WORK/sig/cv.pdf"
    "$CVPDF" "$WORK/big.toml" -o "$WORK/sig/cv.pdf" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -"$sig" $pid 2>/dev/null || true
    set +e; wait $pid; rc=$?; set -e
    no_temp "$WORK/sig" "SIG$sig after ${delay}s"
    if [ $rc -eq 0 ]; then
      pdfinfo "$WORK/sig/cv.pdf" >/dev/null 2>&1 || fail "SIG$sig after ${delay}s: finished, but cv.pdf is no PDF"
    else
      # Killed: the old PDF, byte for byte — or, when the signal landed just after the
      # rename (it is held back until then), the complete new PDF; never a partial one.
      if ! cmp -s "$WORK/sig/cv.pdf" "$WORK/orig.pdf"; then
        qpdf --check "$WORK/sig/cv.pdf" >/dev/null 2>&1 || fail "SIG$sig after ${delay}s (status $rc): cv.pdf is neither the old PDF nor a complete new one"
      fi
    fi
  done
done
ok "SIGTERM and SIGINT during a render: old PDF intact or new PDF complete, no temp file"
