# Batches: several data files, -d, --jobs, one failing job, a manifest (file and stdin).
source "$(dirname "$0")/lib.sh"
cd "$WORK"

cp "$SRC/data/mike-he.toml" a.toml
"$CVPDF" init b.toml
printf '[person]\nname = "Broken"\nemail = "unterminated\n' >bad.toml

set +e
timeout 60 "$CVPDF" a.toml bad.toml b.toml -d out -j 2 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] || fail "batch with a failing job: exit $rc, expected 1"
qpdf --check out/a.pdf >/dev/null || fail "out/a.pdf"
qpdf --check out/b.pdf >/dev/null || fail "out/b.pdf"
[ ! -e out/bad.pdf ] || fail "a failed job wrote a PDF"
grep -Eq '^bad.toml:3:[0-9]+: error: ' err || fail "no file:line:col error for the bad job"
grep -q 'cvpdf: 2 written, 1 failed' err || fail "no summary"
ok "batch: two written, one failed, summary, exit 1"

# Quiet on success; the same bytes whatever the number of threads.
timeout 60 "$CVPDF" a.toml b.toml -d out1 -j 1 2>err
[ ! -s err ] || fail "a successful batch printed something: $(cat err)"
timeout 60 "$CVPDF" a.toml b.toml -d out4 -j 4
cmp out1/a.pdf out4/a.pdf && cmp out1/b.pdf out4/b.pdf || fail "output depends on --jobs"
"$CVPDF" -v a.toml b.toml -d out1 2>err
grep -q "cvpdf: wrote out1/a.pdf" err && grep -q "cvpdf: 2 written" err || fail "-v: $(cat err)"
ok "quiet on success, reproducible across --jobs, -v reports"

# Usage errors: -o with several jobs; two jobs writing one file.
set +e
"$CVPDF" a.toml b.toml -o x.pdf 2>err; rc=$?
set -e
[ $rc -eq 2 ] || fail "-o with two jobs: exit $rc"
mkdir -p sub && cp a.toml sub/a.toml
set +e
"$CVPDF" a.toml sub/a.toml -d out 2>err; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "would both write" err || fail "two jobs writing one file: exit $rc, $(cat err)"
ok "usage errors exit 2"

# A manifest: comments, blank lines, "-" for defaults, quoted paths, variant and output.
cp b.toml "my cv.toml"
cat >jobs.txt <<'M'
# data          layout   variant    output
a.toml
b.toml          -        academic   m/b-academic.pdf

"my cv.toml"    classic  -          m/spaced.pdf
bad.toml
M
mkdir -p m
set +e
timeout 60 "$CVPDF" --manifest jobs.txt -d m -j 3 2>err; rc=$?
set -e
cat err
[ $rc -eq 1 ] || fail "manifest with a bad job: exit $rc"
qpdf --check m/a.pdf >/dev/null && qpdf --check m/b-academic.pdf >/dev/null && qpdf --check m/spaced.pdf >/dev/null ||
    fail "manifest outputs"
grep -q 'cvpdf: 3 written, 1 failed' err || fail "manifest summary"
pdftotext m/b-academic.pdf - | grep -c "Sketch of the Analytical Engine" >/dev/null || fail "manifest variant field"
ok "manifest file: defaults, quotes, variant, output, one failure"

# From standard input, as a job runner would shard it.
grep -v bad.toml jobs.txt | sed -n '1,3p' | timeout 60 "$CVPDF" --manifest - -d stdin-out
qpdf --check stdin-out/a.pdf >/dev/null || fail "manifest from stdin"
ok "manifest from standard input"

# A malformed line is a usage error naming the line; nothing runs.
printf 'a.toml\n"unclosed.toml\n' >badjobs.txt
set +e
"$CVPDF" --manifest badjobs.txt -d never 2>err; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "badjobs.txt:2: unclosed quote" err && [ ! -e never ] || fail "malformed manifest: $rc $(cat err)"
ok "malformed manifest line"

# A large batch subsets from fonts prepared once (hb_subset_preprocess): same bytes as
# rendering each CV on its own.
mkdir -p many
for i in $(seq 1 70); do sed "s/^name = \"Mike He\"/name = \"Mike He $i\"/" "$SRC/data/mike-he.toml" > many/cv$i.toml; done
"$CVPDF" many/*.toml -d many-out -j 2 -q
"$CVPDF" many/cv7.toml -o single7.pdf
"$CVPDF" many/cv70.toml -o single70.pdf
cmp single7.pdf many-out/cv7.pdf && cmp single70.pdf many-out/cv70.pdf || fail "large batch output differs from single renders"
[ "$(ls many-out/*.pdf | wc -l)" -eq 70 ] || fail "large batch: not 70 PDFs"
ok "large batch (prepared fonts) gives the same bytes as single renders"
