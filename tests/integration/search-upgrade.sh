#!/usr/bin/env bash
# An upgrade that changes how text is indexed rebuilds the index once: the
# first search indexes every post again, says how far it is on a terminal
# (and nothing on a pipe), and an interruption loses nothing: the next
# search goes on and finds every post.
. tests/lib.sh
need script "script (util-linux), to give majlis a terminal"
server_start
server_routes '{"/a": {"items": 1300}, "/b": {"items": 1300, "title": "Other"}}'
subscribe "$BASE/a" "$BASE/b"
"$MAJLIS" fetch -q || fail "fetch"
expect_eq "first search" "$("$MAJLIS" posts --search item | wc -l)" 2600
expect_eq "indexed" "$(sql 'SELECT count(*) FROM fts_pending')" 0

# What an older majlis left: an index folded another way.  On a terminal
# the rebuild says how far it is: one line rewritten, gone at the end.
sql "UPDATE meta SET value = 2 WHERE key = 'fold_version'"
script -qec "'$MAJLIS' posts --search item >'$T/out'" /dev/null >"$T/tty" 2>&1 ||
    { cat "$T/tty"; fail "posts --search on a terminal"; }
expect_eq "every match after the rebuild" "$(wc -l <"$T/out")" 2600
expect_eq "the version is the new one" \
    "$(sql "SELECT value FROM meta WHERE key = 'fold_version'")" 3
grep -q "indexing for search: 1000 of 2600 posts" "$T/tty" ||
    { cat -v "$T/tty"; fail "no progress line on the terminal"; }
printf '\r\033[K' | cmp -s - <(tail -c 4 "$T/tty") ||
    { cat -v "$T/tty"; fail "the progress line is not cleared at the end"; }

# Interrupted: killed soon after it began (wherever that falls, between two
# batches or inside one, what was committed stays and the rest is pending),
# then a search on a pipe: it goes on, says nothing, finds every post.
sql "UPDATE meta SET value = 2 WHERE key = 'fold_version'"
timeout -s KILL 0.3 "$MAJLIS_BIN" posts --search item >/dev/null 2>&1
left=$(sql 'SELECT count(*) FROM fts_pending')
[ "$left" -le 2600 ] || fail "$left posts pending, more than there are"
"$MAJLIS" posts --search item >"$T/out" 2>"$T/err" || fail "posts --search"
expect_eq "every match after the interruption" "$(wc -l <"$T/out")" 2600
expect_eq "nothing left pending" "$(sql 'SELECT count(*) FROM fts_pending')" 0
[ ! -s "$T/err" ] || { cat "$T/err"; fail "progress on a pipe"; }
exit 0
