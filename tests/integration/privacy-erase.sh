#!/usr/bin/env bash
# Nothing left behind on the disk: what majlis deletes is gone from the
# database file's bytes and its WAL's, not only from its tables.  Each
# case stores posts whose title, author and body (and tags) carry a marker,
# deletes them, and then reads the files themselves for the marker:
#   1. remove --forget of a feed with tagged posts (feed and post tags):
#      the rows go, secure_delete zeroes them, the full-text index (built
#      by a search first) is merged so no term of theirs is left in an
#      older segment, and the WAL, which a second connection held open
#      keeps from being removed, is emptied (checkpoint TRUNCATE);
#   2. a plain remove of a feed without tagged posts, likewise;
#   3. retention (keep-posts), which deletes during a fetch: secure_delete
#      zeroes the expired post.  Its post was never indexed: retention
#      leaves the index's merging to FTS5, as majlis(1) says;
#   4. remove --forget and remove of a followed list's members: the list's
#      later changes do not bring them back.
# Every case also finds the marker of a feed that stays, so that a file
# emptied of everything would not pass.
. tests/lib.sh
server_start

# The markers: every one contains "zqvx", and they start with different
# letters, so that the index, which stores a term as the part that differs
# from the term before it, keeps "zqvx" of each.  Lower case, as the index
# folds them; no stemmer changes a word ending in x.
feed_xml() { # FILE WORD GUID-PREFIX: two posts, the older carrying WORD
	cat >"$1" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Channel $3</title><link>http://example.invalid/</link>
<description>x</description>
<item><title>Newer post $3</title><link>http://example.invalid/$3/2</link><guid>$3-2</guid>
<pubDate>Mon, 07 Dec 2026 10:00:00 GMT</pubDate><description>plain words only</description></item>
<item><title>About k${2}titlezqvx</title><link>http://example.invalid/$3/1</link><guid>$3-1</guid>
<author>m${2}authorzqvx (Someone)</author>
<pubDate>Sun, 06 Dec 2026 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Some text with b${2}bodyzqvx inside.&lt;/p&gt;</description></item>
</channel></rss>
XML
}
feed_xml "$T/gone.xml" x gone
feed_xml "$T/stay.xml" s stay
sed -i 's/zqvx/yyqk/g' "$T/stay.xml"
server_routes '{"/gone": {"body": "'"$T"'/gone.xml"}, "/stay": {"body": "'"$T"'/stay.xml"}}'

# left: how many times the marker is in the database file and its WAL.
left() { cat "$MAJLIS_DB" "$MAJLIS_DB-wal" 2>/dev/null | grep -aoc "${1:-zqvx}"; }

# A fresh database with both feeds fetched, the second connection open
# from before the fetch.
setup() {
	export MAJLIS_DB="$T/$1.db"
	"$MAJLIS" feeds >/dev/null || fail "$1: cannot make the database"
	db_hold
	# A urls file's line: the feed with a tag of its own.
	subscribe "$BASE/gone kfeedtagzqvx" "$BASE/stay"
	run 0 "$MAJLIS" fetch -q
}

# --- 1. remove --forget -----------------------------------------------------
setup forget
gone=$(sql "SELECT p.id FROM posts p JOIN feeds f ON f.id = p.feed_id
    WHERE f.url = '$BASE/gone' AND p.title LIKE '%zqvx%'")
run 0 "$MAJLIS" tag "$gone" ktagzqvx
expect_eq "forget: the feed's tag" "$(sql "SELECT count(*) FROM tags WHERE name = 'kfeedtagzqvx'")" 1
# A search indexes every post: the terms are in the index now.
run 0 "$MAJLIS" posts -s bxbodyzqvx
expect_grep "forget: the search finds the post" "About kxtitlezqvx" "$T/out"
[ "$(left)" -gt 0 ] || fail "forget: the marker is not in the files to begin with"
run 0 "$MAJLIS" remove --forget "$BASE/gone"
expect_eq "forget: no output" "$(cat "$T/out" "$T/err")" ""
expect_eq "forget: the feed's posts, tagged too" \
    "$(sql "SELECT count(*) FROM posts WHERE title LIKE '%zqvx%'")" 0
expect_eq "forget: the feed row" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/gone'")" 0
expect_eq "forget: its tags" "$(sql "SELECT count(*) FROM tags WHERE name LIKE '%zqvx%'")" 0
expect_eq "forget: its bodies" "$(sql "SELECT count(*) FROM bodies WHERE summary LIKE '%zqvx%'")" 0
expect_eq "forget: the search finds nothing" "$("$MAJLIS" posts -s bxbodyzqvx)" ""
expect_eq "forget: the marker in the WAL the other connection kept" \
    "$(grep -aoc zqvx "$MAJLIS_DB-wal")" 0
expect_eq "forget: the marker in the file and the WAL" "$(left)" 0
[ "$(left yyqk)" -gt 0 ] || fail "forget: the feed that stays lost its text"
expect_eq "forget: the other feed's posts" \
    "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/stay'")" 2
db_release
expect_eq "forget: after the last close" "$(left)" 0
# Gone for good: not a feed any more, exit 1 as for a URL never known.
run 1 "$MAJLIS" remove --forget "$BASE/gone"
expect_eq "forget again: the error" "$(cat "$T/err")" "majlis: $BASE/gone: no such feed"
run 2 "$MAJLIS" remove --forget
run 2 "$MAJLIS" remove --bogus "$BASE/stay"

# A feed a plain remove left behind for its tagged post can be forgotten.
setup left
gone=$(sql "SELECT p.id FROM posts p JOIN feeds f ON f.id = p.feed_id
    WHERE f.url = '$BASE/gone' AND p.title LIKE '%zqvx%'")
run 0 "$MAJLIS" tag "$gone" ktagzqvx
run 0 "$MAJLIS" remove "$BASE/gone"
expect_eq "left behind: the tagged post kept" \
    "$(sql "SELECT count(*) FROM posts WHERE title LIKE '%zqvx%'")" 1
run 0 "$MAJLIS" remove --forget "$BASE/gone"
expect_eq "left behind, forgotten: the marker" "$(left)" 0
expect_eq "left behind, forgotten: the feed row" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/gone'")" 0
db_release

# --- 2. plain remove of a feed without tagged posts --------------------------
setup remove
run 0 "$MAJLIS" posts -s bxbodyzqvx
expect_grep "remove: the search finds the post" "About kxtitlezqvx" "$T/out"
[ "$(left)" -gt 0 ] || fail "remove: the marker is not in the files to begin with"
run 0 "$MAJLIS" remove "$BASE/gone"
expect_eq "remove: the marker in the file and the WAL" "$(left)" 0
[ "$(left yyqk)" -gt 0 ] || fail "remove: the feed that stays lost its text"
db_release

# A reader in the middle of a read keeps the WAL from being emptied (for
# the busy timeout, then remove gives up on that): remove says so, and
# still succeeds, the feed gone; the WAL is the last close's to remove.
export MAJLIS_DB="$T/reading.db"
subscribe "$BASE/gone" "$BASE/stay"
run 0 "$MAJLIS" fetch -q
db_hold reading
run 0 "$MAJLIS" remove "$BASE/gone"
expect_eq "remove under a read: said" "$(cat "$T/err")" \
    "majlis: $MAJLIS_DB: another process was using the database: what was removed may stay readable in its search index or write-ahead log for a while"
expect_eq "remove under a read: removed" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/gone'")" 0
db_release
run 0 "$MAJLIS" feeds
expect_eq "remove under a read: after the last close" "$(left)" 0

# --- 3. retention --------------------------------------------------------------
export MAJLIS_DB="$T/retention.db"
subscribe "$BASE/gone" "$BASE/stay"
run 0 "$MAJLIS" fetch -q
[ "$(left)" -gt 0 ] || fail "retention: the marker is not in the file to begin with"
printf 'expire-unread = yes\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" feed "$BASE/gone" keep-posts=1
run 0 "$MAJLIS" fetch -q
expect_eq "retention: the older post expired" \
    "$(sql "SELECT count(*) FROM posts WHERE title LIKE '%zqvx%'")" 0
expect_eq "retention: the marker in the file and the WAL" "$(left)" 0
[ "$(left yyqk)" -gt 0 ] || fail "retention: the feed that stays lost its text"
: >"$MAJLIS_CONFIG"

# --- 4. a member of a followed list ---------------------------------------------
# The list still names the feed (it holds the URL anyway): its next
# change, and the feed leaving it and coming back, must not subscribe it
# again and bring its posts back.  Forgotten, the member is the list's URL
# and no more; removed with a tagged post kept, it stays unsubscribed.
export MAJLIS_DB="$T/list.db"
list_of() {	# list_of URL...: the list, as OPML
	{
		echo '<?xml version="1.0"?><opml version="2.0"><head><title>L</title></head><body>'
		for u in "$@"; do echo "<outline text=\"m\" xmlUrl=\"$u\"/>"; done
		echo '</body></opml>'
	} >"$T/list.tmp" && mv "$T/list.tmp" "$T/list.opml"
}
server_routes '{"/gone": {"body": "'"$T"'/gone.xml"}, "/stay": {"body": "'"$T"'/stay.xml"},
  "/list": {"body": "'"$T"'/list.opml", "ctype": "text/x-opml"}}'
subscribed() { sql "SELECT count(*) FROM feeds WHERE url = '$1' AND subscribed"; }
list_of "$BASE/gone" "$BASE/stay" "$BASE/kept"
run 0 "$MAJLIS" follow "$BASE/list"
run 0 "$MAJLIS" fetch -q
run 0 "$MAJLIS" tag "$(sql "SELECT min(p.id) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/kept'")" mine
run 0 "$MAJLIS" remove --forget "$BASE/gone"
run 0 "$MAJLIS" remove "$BASE/kept"
expect_eq "list: kept's tagged post stays" \
    "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/kept'")" 1
for step in "a member joins" "they leave" "they are back"; do
	case $step in
	"a member joins") list_of "$BASE/gone" "$BASE/stay" "$BASE/kept" "$BASE/new" ;;
	"they leave") list_of "$BASE/stay" "$BASE/new" ;;
	"they are back") list_of "$BASE/gone" "$BASE/stay" "$BASE/kept" "$BASE/new" ;;
	esac
	run 0 "$MAJLIS" fetch -q
	expect_eq "list, $step: the forgotten feed stays forgotten" \
	    "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/gone'")" 0
	expect_eq "list, $step: the removed feed stays removed" "$(subscribed "$BASE/kept")" 0
	expect_eq "list, $step: the marker in the file and the WAL" "$(left)" 0
done
expect_eq "list: the new member came" "$(subscribed "$BASE/new")" 1
expect_eq "list: the forgotten member is the list's URL alone" \
    "$(sql "SELECT count(*) FROM list_members WHERE url = '$BASE/gone' AND feed_id IS NULL")" 1
exit 0
