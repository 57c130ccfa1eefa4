#!/usr/bin/env bash
# On a terminal, fetch draws one status line updated in place (done/total,
# new posts, failures), then the summary; in a pipe only the summary; with
# --progress-fd (the reader's) machine-readable lines on that descriptor.
. tests/lib.sh
command -v script >/dev/null || skip "script(1) is needed for a terminal"
server_start
server_routes '{"/bad": {"status": 500}}'
subscribe "$BASE/a" "$BASE/b" "$BASE/bad"
script -qec "'$MAJLIS' fetch; echo \"exit \$?\" >'$T/tty.rc'" /dev/null >"$T/tty" 2>&1
expect_eq "on a terminal: exit" "$(cat "$T/tty.rc")" "exit 1"
expect_grep "progress line" $'\r.*fetching [0-9]/3' "$T/tty"
expect_grep "last state" 'fetching 3/3  6 new  1 failed' "$T/tty"
expect_grep "summary" '3 feeds fetched, 6 new posts, 1 failed' "$T/tty"
expect_grep "the failure" "majlis: $BASE/bad: HTTP 500" "$T/tty"
# -q on a terminal: only the failure.
script -qec "'$MAJLIS' fetch -q" /dev/null >"$T/tty" 2>&1
expect_no_grep "no progress with -q" 'fetching' "$T/tty"
expect_eq "-q on a terminal" "$(tr -d '\r' <"$T/tty")" "majlis: $BASE/bad: HTTP 500 Internal Server Error"
# For the reader: one "DONE TOTAL NEW FAILED" line per feed on the
# descriptor it gave, and nothing on stdout.
"$MAJLIS" fetch -q --progress-fd 3 3>"$T/progress" >"$T/out" 2>"$T/err"
expect_eq "--progress-fd: exit (a feed failed)" "$?" 1
expect_eq "--progress-fd: stderr" "$(cat "$T/err")" "majlis: $BASE/bad: HTTP 500 Internal Server Error"
expect_eq "--progress-fd: a line per feed, then the end" "$(wc -l <"$T/progress")" 4
expect_grep "--progress-fd: the first line" '^0 3 0 0$' "$T/progress"
expect_eq "--progress-fd: the last line" "$(tail -n 1 "$T/progress")" "3 3 0 1"
expect_eq "--progress-fd: stdout" "$(wc -c <"$T/out")" 0
"$MAJLIS" fetch --progress-fd 99 >/dev/null 2>"$T/err"; rc=$?
expect_eq "--progress-fd on a closed descriptor" "$rc" 2
expect_grep "--progress-fd error" 'progress-fd 99: not an open descriptor' "$T/err"
# In a pipe: no escape sequences at all.
rc=$(run_status "$MAJLIS" fetch)
expect_eq "in a pipe: exit" "$rc" 1
expect_no_grep "no control characters in a pipe" $'[\r\033]' "$T/out"
exit 0
