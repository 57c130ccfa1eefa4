#!/usr/bin/env bash
# What a new user of the commands hit first (issue 14), each held to the
# contract: 'feeds' has the same six columns on every line, in majlis(1)'s
# order, "-" where one is empty; a post without a title is "(untitled)" in
# 'posts' and 'show' as in the reader; a mistake in a config line only the
# reader uses (bind, color) does not stop 'fetch -q' from cron, nor one
# that fetch uses; "colour" is unknown as majlis.conf(5) says.  'add' says
# what it subscribed (title, URL, posts), stores that first fetch, refuses
# a 404 or 410 with exit 1, and on a terminal says what it is waiting for.
# --help keeps its columns in 80 columns; '--limit 0' is no limit.
. tests/lib.sh
server_start
cat >"$T/untitled.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Untitled</title><link>http://u.example/</link>
<description>x</description>
<item><link>http://u.example/1</link><guid>u1</guid><description>no title here</description></item>
</channel></rss>
XML
server_routes '{"/ok": {"items": 2, "title": "Ok"}, "/e500": {"status": 500},
  "/untitled": {"body": "'"$T"'/untitled.xml"}}'
dead=$(dead_port)
echo 'connect-timeout = 5' >"$MAJLIS_CONFIG"
subscribe "$BASE/ok" "$BASE/e500" "http://127.0.0.1:$dead/feed" "$BASE/untitled"
run 0 "$MAJLIS" add "http://127.0.0.1:$dead/feed" t1
run 1 "$MAJLIS" fetch -q

# feeds: URL, title, unread/total, status, tags, error, on every line.
run 0 "$MAJLIS" feeds
cp "$T/out" "$T/feeds"
awk -F '  ' 'NF != 6 { print "line " NR " has " NF " columns: " $0; bad = 1 }
    END { exit bad }' "$T/feeds" || fail "feeds: not six columns on every line"
expect_grep "feeds: 500, no tags" "^$BASE/e500  -  0/0  500  -  HTTP 500 Internal Server Error$" "$T/feeds"
expect_grep "feeds: tag, then the error" "^http://127.0.0.1:$dead/feed  -  0/0  -  t1  connection refused$" "$T/feeds"
expect_grep "feeds: no error" "^$BASE/ok  Ok  2/2  200  -  -$" "$T/feeds"

# The one word for a post without a title.
run 0 "$MAJLIS" posts --feed "$BASE/untitled"
expect_grep "posts: (untitled)" '  Untitled  \(untitled\)$' "$T/out"
id=${ID:-$(cut -d ' ' -f 1 "$T/out")}
run 0 "$MAJLIS" show "$id"
expect_grep "show: (untitled)" '^Title: \(untitled\)$' "$T/out"

# A typo in a key binding: fetch and show warn once and go on.
printf 'connect-timeout = 5\nbind z mark-everything\ncolor nosuch red blue\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch -q "$BASE/ok"
expect_grep "fetch: the binding named" "^majlis: $MAJLIS_CONFIG:2: bind: .*mark-everything.*\(ignored\)$" "$T/err"
expect_grep "fetch: the colour named" "^majlis: $MAJLIS_CONFIG:3: .*\(ignored\)$" "$T/err"
expect_eq "fetch: one warning a line" "$(wc -l <"$T/err")" 2
run 0 "$MAJLIS" show "$id"
expect_grep "show: warned" "^majlis: $MAJLIS_CONFIG:2: " "$T/err"
# A mistake in a setting fetch uses is skipped the same way, with the file
# and line (only a guard line such as proxy stops it: config-skip.sh).
printf 'bind z mark-everything\nconnect-timeout = soon\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch -q "$BASE/ok"
expect_grep "fetch: its own setting" "^majlis: $MAJLIS_CONFIG:2: connect-timeout: .*\(ignored\)$" "$T/err"
# "colour" is not a spelling of "color" (majlis.conf(5)).
printf 'colour info red default\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch -q "$BASE/ok"
expect_grep "colour named" "^majlis: $MAJLIS_CONFIG:1: unknown setting 'colour' \(ignored\)$" "$T/err"
rm -f "$MAJLIS_CONFIG"

# --help: no line wider than 80 columns; a help text starts in its column
# or on a line of its own, never pushed right by a long usage.
run 0 "$MAJLIS" --help
awk 'length > 80 { print "too wide: " $0; bad = 1 } END { exit bad }' "$T/out" ||
    fail "--help: lines wider than 80 columns"
expect_grep "--help: posts' help on its own line" '^ {11}list posts, newest first$' "$T/out"
expect_grep "--help: mark's help on its own line" '^ {11}mark posts read or unread$' "$T/out"
expect_grep "--help: short ones in the column" '^  show +POST {31}show one post as text$' "$T/out"
# --limit 0: no limit, as majlis(1) says.
run 0 "$MAJLIS" posts
all=$(wc -l <"$T/out")
run 0 "$MAJLIS" posts --limit 0
expect_eq "--limit 0 is no limit" "$(wc -l <"$T/out")" "$all"
grep -q 'limit 0' doc/majlis.1 || fail "majlis(1) does not say what --limit 0 means"

# add: says what, stores the posts at once.
server_routes '{"/new": {"items": 4, "title": "New Feed"}, "/gone404": {"status": 404},
  "/gone410": {"status": 410}, "/slow": {"delay": 1500, "title": "Slow"}}'
run 0 "$MAJLIS" add "$BASE/new" fresh
expect_grep "add: says what" "^subscribed: New Feed  $BASE/new  4 posts$" "$T/out"
expect_eq "add: posts stored" "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/new'")" 4
run 0 "$MAJLIS" feeds
expect_grep "add: feeds counts" "^$BASE/new  New Feed  4/4  200  fresh  -$" "$T/out"
expect_eq "add: one request" "$(server_count /new)" 1
# 404 and 410: not subscribed, exit 1.
for g in gone404 gone410; do
	run 1 "$MAJLIS" add "$BASE/$g"
	expect_grep "add $g: why" "^majlis: $BASE/$g: HTTP 4.*; not subscribed$" "$T/err"
	expect_eq "add $g: not subscribed" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/$g'")" 0
done
# An unreachable host still subscribes, with its warning.
run 0 "$MAJLIS" add "http://127.0.0.1:$dead/other"
expect_grep "add: unreachable" "subscribed as given" "$T/err"
# On a terminal, a line says what add is waiting for.
need script
script -qec "'$MAJLIS' add '$BASE/slow'" /dev/null >"$T/tty" 2>&1 </dev/null
expect_grep "add: progress on a terminal" "fetching $BASE/slow" "$T/tty"
expect_grep "add: then what" "subscribed: Slow" "$T/tty"
exit 0
