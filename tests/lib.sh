# tests/lib.sh: sourced by every integration and UI test script.
#
# A test script runs from the repository root with MAJLIS set to the binary
# under test and T to a scratch directory of its own (removed afterwards).
# It exits 0 when it passed, 77 when it was skipped (say why on stdout), any
# other status when it failed.  fail() says what went wrong first.

set -u
: "${MAJLIS:?MAJLIS must name the majlis binary}"
: "${T:=$(mktemp -d)}"

# Every run of majlis is checked: MAJLIS becomes a guard that runs the real
# binary (MAJLIS_BIN) and notes in $T/crashes any exit status majlis never
# gives (0, 1 and 2 are its own): a signal (128+N), the sanitizers' 99, an
# abort.  At exit (lib_exit) a note there fails the test, however the run
# was made: in a pipe, in $(...), in the background, in the reader's tmux
# pane, with its stderr thrown away.  A test that crashes majlis on purpose
# (MAJLIS_TEST_CRASH) runs MAJLIS_BIN itself and checks the status.
if [ -z "${MAJLIS_BIN:-}" ]; then
	MAJLIS_BIN=$(cd "$(dirname "$MAJLIS")" && pwd)/$(basename "$MAJLIS")
	mkdir -p "$T/guard"
	cat >"$T/guard/majlis" <<GUARD
#!/bin/sh
'$MAJLIS_BIN' "\$@"
rc=\$?
[ \$rc -le 2 ] || echo "exit \$rc: majlis \$*" >>'$T/crashes'
exit \$rc
GUARD
	chmod +x "$T/guard/majlis"
	export MAJLIS_BIN MAJLIS="$T/guard/majlis"
fi
export MAJLIS_DB="$T/majlis.db"
export MAJLIS_CONFIG="$T/config"
export XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config.d" HOME="$T/home"
mkdir -p "$HOME"
# bidi = auto follows the terminal (bidi_resolve()): the tests expect one
# that does not reorder by itself, whatever terminal runs them.
unset VTE_VERSION MLTERM KONSOLE_VERSION

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

# need TOOL [WHY]: skip the test (counted, exit 77) unless TOOL is installed.
need() {
	command -v "$1" >/dev/null || skip "${2:-$1} is needed, and not installed"
}

# at_exit CMD: run CMD when the script exits (before lib_exit's check);
# the one EXIT trap is lib_exit's, so that no test can drop the check.
EXIT_HOOKS=()
at_exit() { EXIT_HOOKS+=("$1"); }
lib_exit() {
	local rc=$? h
	for h in "${EXIT_HOOKS[@]}"; do eval "$h"; done
	if [ -s "$T/crashes" ]; then
		echo "FAIL: majlis crashed or a sanitizer stopped it:" >&2
		sed 's/^/    /' "$T/crashes" >&2
		exit 1
	fi
	exit "$rc"
}
trap lib_exit EXIT

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_grep WHAT PATTERN FILE: FILE must contain an extended regex match.
expect_grep() {
	grep -Eq -- "$2" "$3" || { echo "--- $3:"; head -50 "$3"; fail "$1: no /$2/ in $3"; }
}

# expect_no_grep WHAT PATTERN FILE: FILE must exist and have no match.
expect_no_grep() {
	[ -e "$3" ] || fail "$1: $3 is missing"
	! grep -Eq -- "$2" "$3" || { echo "--- $3:"; head -50 "$3"; fail "$1: unexpected /$2/ in $3"; }
}

# run_status CMD...: run CMD, stdout to $T/out, stderr to $T/err; echo status.
# A status majlis never gives (a crash, a sanitizer's 99) shows its stderr.
run_status() {
	local rc
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -le 2 ] || { echo "--- exit $rc, stderr of $*:"; cat "$T/err"; } >&2
	echo $rc
}

# run WANT CMD...: run CMD as run_status does; its status must be WANT.
run() {
	local want=$1 rc
	shift
	rc=$(run_status "$@")
	[ "$rc" = "$want" ] || { echo "--- stderr:"; head -30 "$T/err"; fail "$*: exit $rc, want $want"; }
}

# sql QUERY: one query on the test database with the sqlite3 shell: a row a
# line, the columns separated by '|', NULL as nothing.  No ~/.sqliterc (-init
# /dev/null) may change that; .timeout waits out a fetch's write lock.
sql() {
	sqlite3 -batch -init /dev/null -list -nullvalue '' -cmd '.timeout 30000' \
	    "$MAJLIS_DB" "$1"
}

# --- the test HTTP server (tests/server.py) -----------------------------------
#
# server_start [--cert PEM --key PEM]: start tests/server.py on a free port
# of 127.0.0.1, with $T/routes as its routes file and $T/server.log as its
# request log; sets PORT and BASE (http://127.0.0.1:PORT, https:// with a
# certificate) and stops the server when the script exits.  server_routes JSON replaces the routes file.
# server_count PATH [STATUS]: requests logged for PATH (with that status).
# server_log_field PATH FIELD: FIELD of the last request logged for PATH.
server_start() {
	local scheme=http
	[ "${1:-}" = --cert ] && scheme=https
	command -v python3 >/dev/null || skip "python3 is needed for the test server"
	need jq "jq (to read the test server's log)"
	rm -f "$T/server.port"
	: >"$T/server.log"
	[ -f "$T/routes" ] || echo '{}' >"$T/routes"
	python3 tests/server.py --port-file "$T/server.port" \
	    --log "$T/server.log" --routes "$T/routes" \
	    --root "$PWD/tests/data" "$@" 2>"$T/server.err" &
	SERVER_PID=$!
	at_exit server_stop
	PORT=$(port_wait "$T/server.port" "$SERVER_PID" "test server" "$T/server.err") || exit 1
	BASE="$scheme://127.0.0.1:$PORT"
}

# port_wait FILE PID NAME ERRFILE: wait until the server PID writes its port
# number to FILE, and print it; fail (with ERRFILE) if it dies first.
port_wait() {
	local i
	for i in $(seq 100); do
		[ -s "$1" ] && break
		kill -0 "$2" 2>/dev/null || { cat "$4" >&2; fail "$3 died"; }
		sleep 0.05
	done
	[ -s "$1" ] || fail "$3 did not start"
	cat "$1"
}

# socks_start: start tests/socks5.py on a free port of 127.0.0.1, logging
# every CONNECT to $T/socks.log; sets SOCKS_PORT and SOCKS_PID, and stops
# it when the script exits (a test may stop it sooner: socks_stop).
socks_start() {
	rm -f "$T/socks.port"
	: >"$T/socks.log"
	python3 tests/socks5.py --port-file "$T/socks.port" \
	    --log "$T/socks.log" 2>"$T/socks.err" &
	SOCKS_PID=$!
	at_exit socks_stop
	SOCKS_PORT=$(port_wait "$T/socks.port" "$SOCKS_PID" "SOCKS server" "$T/socks.err") || exit 1
}

socks_stop() {
	if [ -n "${SOCKS_PID:-}" ]; then
		kill "$SOCKS_PID" 2>/dev/null
		wait "$SOCKS_PID" 2>/dev/null
		SOCKS_PID=
	fi
}

server_stop() {
	if [ -n "${SERVER_PID:-}" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}

server_routes() {
	# Write then rename: the server never reads half a file.
	printf '%s\n' "$1" >"$T/routes.tmp" && mv "$T/routes.tmp" "$T/routes"
}

server_count() {
	jq -n --arg p "$1" --arg s "${2:-}" '[inputs | select(.path == $p and
	    ($s == "" or (.status | tostring) == $s))] | length' "$T/server.log"
}

server_log_field() {
	jq -rn --arg p "$1" --arg f "$2" '[inputs | select(.path == $p)] | last |
	    .[$f] | if . == null then "" else . end' "$T/server.log"
}

# dead_port: a port of 127.0.0.1 that nothing listens on.  Below 32768,
# where the kernel never picks a port on its own (ip_local_port_range): a
# test server that another script starts meanwhile does not take it.
dead_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 12768))
		(: <>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || break
	done
	echo "$p"
}

# subscribe URL...: subscribe to the URLs (through 'majlis import' of a
# urls file, which fetches nothing).
subscribe() {
	printf '%s\n' "$@" >"$T/subscribe.urls"
	"$MAJLIS" import "$T/subscribe.urls" >"$T/subscribe.out" 2>&1 ||
	    { cat "$T/subscribe.out"; fail "import of $* failed"; }
}

# db_writes CMD...: run CMD (stdout to $T/out, stderr to $T/err) and print
# how many times the database changed meanwhile, as PRAGMA data_version
# seen from a second connection held open across the run (0: no commit).
# CMD's exit status goes to $T/rc.
db_writes() {
	# The sqlite3 shell runs CMD (.system) between two looks from its one
	# connection.
	{ printf '%q ' "$@"; printf '>%q 2>%q </dev/null; echo $? >%q\n' \
	    "$T/out" "$T/err" "$T/rc"; } >"$T/db_writes.sh"
	sqlite3 -batch -init /dev/null -cmd '.timeout 30000' "$MAJLIS_DB" \
	    'PRAGMA data_version' ".system bash '$T/db_writes.sh'" \
	    'PRAGMA data_version' | awk 'NR == 1 { b = $1 } NR == 2 { print $1 - b }'
}

# sql_write STATEMENT: run one statement on the test database (committed
# when it returns).
sql_write() { sql "$1"; }

# --- more of the test server: events, headers, polling ------------------------
#
# server_events PATH: "EVENT SENT" for each lazily sent body of PATH (the
# huge, stream and drip parameters): "complete N" or "closed N" when the
# client hung up after N bytes.
# server_headers PATH: the request headers of the last request for PATH,
# one "Name: value" a line, in the order they came.
# server_wait PATH N [SECS]: wait until N requests for PATH (or N events,
# for "event:PATH") are logged; 1 if that never happens.
server_events() {
	jq -rn --arg p "event:$1" 'inputs | select(.path == $p) |
	    "\(.event) \(.sent)"' "$T/server.log"
}

server_headers() {
	jq -rn --arg p "$1" '[inputs | select(.path == $p)] | last |
	    (.headers // [])[] | "\(.[0]): \(.[1])"' "$T/server.log"
}

# lock_wait [SECS] [WAITER]: wait until a fetch holds the fetch lock (an
# flock on DB.lock beside the database); with WAITER, until another one
# waits for it too (fetch --wait); 1 if not in time.  It looks in
# /proc/locks and takes no lock itself: a probe holding a shared lock of
# its own would make a fetch that starts meanwhile give way.
lock_wait() {
	local i n=$(( ${1:-10} * 20 )) dev key want=
	[ -z "${2:-}" ] || want='-> '
	for ((i = 0; i < n; i++)); do
		if [ -e "$MAJLIS_DB.lock" ]; then
			# /proc/locks names the file MAJOR:MINOR:INODE, in hex
			# but for the inode.
			dev=$((16#$(stat -c %D "$MAJLIS_DB.lock")))
			key=$(printf '%02x:%02x:%s' $(((dev >> 8) & 0xfff)) \
			    $(((dev & 0xff) | ((dev >> 12) & 0xfff00))) \
			    "$(stat -c %i "$MAJLIS_DB.lock")")
			grep -Eq "^[0-9]+: $want""FLOCK +ADVISORY +WRITE +[0-9]+ $key " \
			    /proc/locks && return 0
		fi
		sleep 0.05
	done
	return 1
}

server_wait() {
	local i n=$(( ${3:-10} * 20 ))
	for ((i = 0; i < n; i++)); do
		[ "$(grep -cF "\"path\": \"$1\"" "$T/server.log")" -ge "$2" ] &&
		    return 0
		sleep 0.05
	done
	return 1
}
