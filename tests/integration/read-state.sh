#!/usr/bin/env bash
# tests/integration/read-state.sh: the read posts go out and come back in
# (export --read, import --read: newsboat's -E and -I), so that moving
# between machines, or from newsboat, keeps what was read.  The file is a
# key (GUID, else link) a line; import --read marks every post with one of
# them read, whatever its feed, says how many it marked and how many keys
# no post has, and takes blank lines and CRLF.
. tests/lib.sh
server_routes "$(cat tests/data/ui-routes.json)"
server_start
printf '%s\n%s\n' "$BASE/news.xml" "$BASE/arabic.xml" >"$T/urls"
"$MAJLIS" import "$T/urls" >/dev/null || fail "import"
"$MAJLIS" fetch -q || fail "fetch"
total=$(sql "SELECT count(*) FROM posts")
[ "$total" -ge 4 ] || fail "the fixture feeds have $total posts"

# Two posts read, one of them Arabic.
a=$(sql "SELECT min(p.id) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url LIKE '%news%'")
b=$(sql "SELECT min(p.id) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url LIKE '%arabic%'")
run 0 "$MAJLIS" mark read "$a" "$b"
run 0 "$MAJLIS" export --read
cp "$T/out" "$T/read"
expect_eq "export --read: the keys of the read posts" "$(sort "$T/read")" \
    "$(sql "SELECT key FROM posts WHERE read = 1" | sort)"
expect_eq "two keys" "$(wc -l <"$T/read")" 2

# Into another cache of the same feeds: the same posts read, nothing else.
export MAJLIS_DB="$T/other.db"
"$MAJLIS" import "$T/urls" >/dev/null || fail "import (other)"
"$MAJLIS" fetch -q || fail "fetch (other)"
expect_eq "all unread before" "$(sql "SELECT count(*) FROM posts WHERE read = 1")" 0
{ printf '\r\n'; sed 's/$/\r/' "$T/read"; echo; echo "urn:nowhere:1"; } >"$T/from-newsboat"
run 0 "$MAJLIS" import --read "$T/from-newsboat"
expect_grep "what it did" ': 2 posts marked read; 1 key not in the cache$' "$T/out"
expect_eq "the same posts read" "$(sql "SELECT key FROM posts WHERE read = 1" | sort)" \
    "$(sort "$T/read")"
run 0 "$MAJLIS" import --read - <"$T/read"
expect_grep "again: nothing more" ': 0 posts marked read; 0 keys not in the cache$' "$T/out"
run 2 "$MAJLIS" import --read "$T/none"
exit 0
