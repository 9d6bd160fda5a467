# --watch: a change gives a new PDF; a broken file keeps the last good PDF and prints the error.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
"$CVPDF" init cv.toml

# Waits (at most ~20 s) until `grep -c PATTERN log` reaches N.
wait_for() {
    for _ in $(seq 200); do
        [ "$(grep -c -- "$1" log || true)" -ge "$2" ] && return 0
        kill -0 "$pid" 2>/dev/null || fail "watch exited early: $(cat log)"
        sleep 0.1
    done
    fail "timed out waiting for '$1' x$2: $(cat log)"
}

timeout 60 "$CVPDF" --watch cv.toml -o cv.pdf 2>log &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_for "^rendered cv.pdf in [0-9.]* ms" 1
pdftotext cv.pdf - | grep -c "Ada Lovelace" >/dev/null || fail "first render"
ok "first render"

# An editor-style save: write a new file and rename it over the old one.
sed 's/Ada Lovelace/Grace Hopper/' cv.toml >.cv.toml.tmp && mv .cv.toml.tmp cv.toml
wait_for "^rendered cv.pdf" 2
pdftotext cv.pdf - | grep -c "Grace Hopper" >/dev/null || fail "no re-render after a change"
ok "re-rendered after a rename-over save"

cp cv.pdf good.pdf
printf '[person]\nname = "Broken\n' >cv.toml   # in-place write
wait_for "error: " 1
grep -Eq "^cv.toml:2:[0-9]+: error: " log || fail "error not file:line:col: $(cat log)"
cmp cv.pdf good.pdf || fail "the last good PDF was not kept"
ls -A | grep -q '^\.cv\.pdf' && fail "temporary file left behind"
ok "broken input: error printed, last good PDF kept"

"$CVPDF" init --force cv.toml
wait_for "^rendered cv.pdf" 3
pdftotext cv.pdf - | grep -c "Ada Lovelace" >/dev/null || fail "no recovery after fixing the file"
ok "recovers when the file is fixed"

# Saves in a burst (no debounce any more): every one renders or is coalesced, and the
# PDF ends up showing the last one.
cp cv.toml original.toml
for who in "Barbara Liskov" "Frances Allen" "Radia Perlman"; do
    sed "s/Ada Lovelace/$who/" original.toml >.cv.toml.tmp && mv .cv.toml.tmp cv.toml
done
sleep 1
n=$(grep -c "^rendered cv.pdf" log)
sleep 0.5
[ "$(grep -c "^rendered cv.pdf" log)" -eq "$n" ] || fail "still rendering after a burst"
pdftotext cv.pdf - | grep -q "Radia Perlman" || fail "a burst of saves did not end with the last one: $(pdftotext cv.pdf - | head -3)"
ok "a burst of saves ends with the last one"

kill -TERM $pid
for _ in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
wait $pid || true

# A layout file is watched too (and --set applies on every render).
printf 'extends = "classic"\n[page]\nsize = "a4"\n' >lay.toml
: >log
timeout 60 "$CVPDF" --watch cv.toml -l lay.toml --set text.size=10pt -o cv.pdf 2>log &
pid=$!
wait_for "^rendered cv.pdf" 1
pdfinfo cv.pdf | grep -c "(A4)" >/dev/null || fail "layout file not used"
printf 'extends = "classic"\n[page]\nsize = "a5"\n' >lay.toml
wait_for "^rendered cv.pdf" 2
pdfinfo cv.pdf | grep -c "419.528 x 595.276" >/dev/null || fail "no re-render after a layout change"
ok "re-rendered after a layout change"
kill -TERM $pid
for _ in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
! kill -0 $pid 2>/dev/null || fail "watch did not stop on SIGTERM"
wait $pid || true
ok "stops on SIGTERM"
