# Shared set-up for end-to-end tests: paths, a scratch folder, and check helpers.
set -euo pipefail
: "${CVPDF:?CVPDF must point at the built binary}"
: "${CVPDF_SOURCE_DIR:?}"
SRC=$CVPDF_SOURCE_DIR
SHARED=$(cd "$SRC/.." && pwd)/shared
SEED=$SHARED/seeds/000_97c60b88691a8b06.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
