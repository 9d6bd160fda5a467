# Release builds end with _exit (src/cli/process_exit.hpp): whatever went to standard output
# must still be there, whole, and a failed write must show in the exit status.
source "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1700000000

"$CVPDF" "$SRC/data/mike-he.toml" -o - >"$WORK/stdout.pdf"
"$CVPDF" "$SRC/data/mike-he.toml" -o "$WORK/file.pdf"
cmp "$WORK/stdout.pdf" "$WORK/file.pdf" || fail "the PDF on standard output differs from the file"
ok "-o - writes the whole PDF"

help=$("$CVPDF" --help)
[ "$(printf '%s\n' "$help" | tail -1)" = "$("$CVPDF" --help | tail -1)" ] || fail "--help output cut short"
"$CVPDF" --help >"$WORK/help.txt"
[ "$(wc -c <"$WORK/help.txt")" -gt 1000 ] || fail "--help into a file is cut short"
"$CVPDF" --version | grep -q '^cvpdf [0-9]' || fail "--version printed nothing"
ok "buffered standard output is flushed before the process ends"

if [ -w /dev/full ]; then
  set +e
  "$CVPDF" --help >/dev/full 2>"$WORK/err.txt"
  status=$?
  set -e
  [ "$status" -ne 0 ] || fail "--help into /dev/full exited 0"
  grep -q "cannot write to standard output" "$WORK/err.txt" || fail "no message for a failed write: $(cat "$WORK/err.txt")"
  ok "a failed write to standard output exits $status with a message"
fi
