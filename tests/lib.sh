# tests/lib.sh: sourced by every integration and UI test script.
#
# A test script runs from the repository root with MAJLIS set to the binary
# under test and T to a scratch directory of its own (removed afterwards).
# It exits 0 when it passed, 77 when it was skipped (say why on stdout), any
# other status when it failed.  fail() says what went wrong first.

set -u
: "${MAJLIS:?MAJLIS must name the majlis binary}"
: "${T:=$(mktemp -d)}"
export MAJLIS_DB="$T/majlis.db"
export MAJLIS_CONFIG="$T/config"
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config.d" HOME="$T/home"
mkdir -p "$HOME"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_grep WHAT PATTERN FILE: FILE must contain an extended regex match.
expect_grep() {
	grep -Eq -- "$2" "$3" || { echo "--- $3:"; head -50 "$3"; fail "$1: no /$2/ in $3"; }
}

expect_no_grep() {
	! grep -Eq -- "$2" "$3" || { echo "--- $3:"; head -50 "$3"; fail "$1: unexpected /$2/ in $3"; }
}

# run_status CMD...: run CMD, stdout to $T/out, stderr to $T/err; echo status.
run_status() {
	"$@" >"$T/out" 2>"$T/err"
	echo $?
}

# sql QUERY: one query on the test database with the sqlite3 shell if there,
# else python3's sqlite3 module.
sql() {
	python3 - "$MAJLIS_DB" "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
}

# --- the test HTTP server (tests/server.py) -----------------------------------
