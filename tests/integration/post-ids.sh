#!/usr/bin/env bash
# A post's number is never given to another post: a script that holds the
# id of a post that went (remove, retention) must not reach a different
# one.  SQLite gives a new row the largest id plus one, so the ids of the
# newest posts came back after 'remove' and a fresh 'add'.
. tests/lib.sh
server_start
server_routes '{"/a": {"items": 3}, "/b": {"items": 2}}'
subscribe "$BASE/a"
run 0 "$MAJLIS" fetch -q
run 0 "$MAJLIS" posts
expect_eq "three posts" "$(wc -l <"$T/out")" 3
old=$(cut -d ' ' -f 1 "$T/out" | sort -n | tail -1)
run 0 "$MAJLIS" remove "$BASE/a"
expect_eq "removed: its posts went" "$(sql 'SELECT count(*) FROM posts')" 0
subscribe "$BASE/b" "$BASE/a"
run 0 "$MAJLIS" fetch -q
run 0 "$MAJLIS" posts
expect_eq "five posts" "$(wc -l <"$T/out")" 5
new=$(cut -d ' ' -f 1 "$T/out" | sort -n | head -1)
[ "$new" -gt "$old" ] || fail "an id came back: the lowest new id is $new, the old ones went up to $old"
run 1 "$MAJLIS" show "$old"
