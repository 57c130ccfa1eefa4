#!/usr/bin/env bash
# On a terminal, fetch draws one status line updated in place (done/total,
# new posts, failures), then the summary; in a pipe only the summary.
. tests/lib.sh
command -v script >/dev/null || skip "script(1) is needed for a terminal"
server_start
server_routes '{"/bad": {"status": 500}}'
subscribe "$BASE/a" "$BASE/b" "$BASE/bad"
script -qec "'$MAJLIS' fetch" /dev/null >"$T/tty" 2>&1
expect_grep "progress line" $'\r.*fetching [0-9]/3' "$T/tty"
expect_grep "last state" 'fetching 3/3  6 new  1 failed' "$T/tty"
expect_grep "summary" '3 feeds fetched, 6 new posts, 1 failed' "$T/tty"
expect_grep "the failure" "majlis: $BASE/bad: HTTP 500" "$T/tty"
# -q on a terminal: only the failure.
script -qec "'$MAJLIS' fetch -q" /dev/null >"$T/tty" 2>&1
expect_no_grep "no progress with -q" 'fetching' "$T/tty"
expect_eq "-q on a terminal" "$(tr -d '\r' <"$T/tty")" "majlis: $BASE/bad: HTTP 500 Internal Server Error"
# In a pipe: no escape sequences at all.
"$MAJLIS" fetch >"$T/out" 2>/dev/null
expect_no_grep "no control characters in a pipe" $'[\r\033]' "$T/out"
exit 0
