#!/usr/bin/env bash
# newsboat's filter language whole: a post's guid, date and enclosure, ==
# for =, a feed's attributes (unread_count, total_count,
# latest_article_age, feedlink) in a filter of posts, where they speak of
# the post's feed; feeds --filter, a filter of feeds, and its errors (a
# post's attribute there is one); a killfile rule for the feeds a
# regex: matches, and a bad one reported with its line.
. tests/lib.sh
server_start
d3=$(date -u -R -d '-3 days')
d10=$(date -u -R -d '-10 days')
cat >"$T/pod.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Podcast</title>
<link>https://pod.example/</link><description>d</description>
<item><title>Episode one</title><guid>ep-1</guid><pubDate>$d3</pubDate>
<enclosure url="https://pod.example/ep1.mp3" type="audio/mpeg" length="100"/></item>
<item><title>Notes</title><guid>notes-1</guid><pubDate>$d10</pubDate></item>
</channel></rss>
XML
server_routes '{"/a": {"items": 6, "title": "Alpha"}, "/b": {"items": 2, "title": "Beta"},
  "/c": {"body": "'"$T"'/pod.xml"}}'
subscribe "$BASE/a" "$BASE/b" "$BASE/c"
run 0 "$MAJLIS" fetch

n() { run 0 "$MAJLIS" posts --filter "$1" "${@:2}"; wc -l <"$T/out" | tr -d ' '; }
# A post's attributes.
expect_eq "== is =" "$(n 'title == "Alpha item 0 v1"')" 1
expect_eq "guid" "$(n 'guid = "/a-3"')" 1
expect_eq "date =" "$(n 'date = "2025-01-06 00:01:00"')" 2
expect_eq "date <" "$(n 'date < "2025-01-06 00:02"')" 4
expect_eq "date =~" "$(n 'date =~ "^2025-01-06 00:0[45]"')" 2
expect_eq "enclosure_type" "$(n 'enclosure_type =~ "^audio/"')" 1
expect_eq "enclosure_url #" "$(n 'enclosure_url # "ep1.mp3"')" 1
expect_eq "no enclosure" "$(n 'enclosure_url = ""')" 9
# A feed's, in a filter of posts: the post's feed's.
expect_eq "feedlink" "$(n 'feedlink = "http://example.org/b"')" 2
expect_eq "total_count" "$(n 'total_count < 3')" 4
expect_eq "total_count between" "$(n 'total_count between 5:6')" 6
run 0 "$MAJLIS" mark read --feed "$BASE/b"
expect_eq "unread_count = 0" "$(n 'unread_count = 0')" 2
expect_eq "unread_count !=" "$(n 'unread_count != 0 and title !~ "episode"')" 7
expect_eq "latest_article_age <" "$(n 'latest_article_age < 7')" 2
expect_eq "latest_article_age >" "$(n 'latest_article_age > 100')" 8

# feeds --filter: the feeds a filter of feeds matches.
f() { run 0 "$MAJLIS" feeds "${@:2}" --filter "$1"; cut -d' ' -f1 "$T/out" | sed "s|^$BASE||" | tr '\n' ' '; }
expect_eq "feeds unread_count" "$(f 'unread_count > 0')" "/a /c "
expect_eq "feeds ==" "$(f 'unread_count == 0')" "/b "
expect_eq "feeds or" "$(f 'feedtitle =~ "^be" or total_count >= 6')" "/a /b "
expect_eq "feeds latest_article_age" "$(f 'latest_article_age between 0:6')" "/c "
expect_eq "feeds rssurl" "$(f "rssurl = \"$BASE/b\" or feedlink # \"pod\"")" "/b /c "
run 0 "$MAJLIS" tag --feed "$BASE/a" news
expect_eq "feeds tags" "$(f 'tags # "news"')" "/a "
expect_eq "feeds tags !#" "$(f 'tags !# "news"')" "/b /c "
run 0 "$MAJLIS" feeds --json --filter 'feedlink # "pod"'
expect_eq "feeds --json" "$(jq -r '.[].title' "$T/out")" "Podcast"
bad() {
	run 2 "$MAJLIS" feeds --filter "$1"
	expect_grep "error of $1" "^majlis: --filter: column $2: $3" "$T/err"
	expect_no_grep "no SQLite error for $1" 'SQL|sqlite|syntax error' "$T/err"
}
bad 'unread_count > 0 and title = "x"' 22 'title: an attribute of posts, not of feeds'
bad 'age < 3' 1 'age: an attribute of posts, not of feeds'
bad 'total_count =~ "x"' 13 'total_count takes =, !=, <, >, <=, >= or between'
bad 'unread_count > "many"' 16 'expected a number'
bad 'feedtitle between 1:2' 11 'feedtitle: between is for numbers'
run 2 "$MAJLIS" posts --filter 'unread_count # "3"'
expect_grep "posts: the same error" 'column 14: unread_count takes' "$T/err"

# The killfile: a rule for the feeds whose URL a regex: matches.
printf '%s\n' 'ignore "regex:/B$" "title =~ \"item 1\""' >"$MAJLIS_CONFIG"
rm -f "$MAJLIS_DB"
subscribe "$BASE/a" "$BASE/b"
run 0 "$MAJLIS" fetch
expect_eq "regex: matched its feed" \
    "$(sql "SELECT group_concat(p.title) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE p.ignored")" \
    "Beta item 1 v1"
# A bad rule is named with its line and skipped (majlis.conf(5), "Bad
# lines"): the fetch goes on, the other rules apply.
printf '%s\n' '# a bad one' 'ignore "regex:(" "title = \"x\""' \
    'ignore "regex:/B$" "title =~ \"item 1\""' >"$MAJLIS_CONFIG"
rm -f "$MAJLIS_DB"
subscribe "$BASE/a" "$BASE/b"
run 0 "$MAJLIS" fetch
expect_grep "a bad regex: names the line" 'config:2: ignore: regex:\(: not a valid regular expression' "$T/err"
expect_eq "the rule after the bad one applies" \
    "$(sql "SELECT group_concat(p.title) FROM posts p WHERE p.ignored")" \
    "Beta item 1 v1"
printf 'ignore "regex:(a{1,100}){1,100}" "title = \\"x\\""\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch
expect_grep "a costly regex: too" 'config:1: ignore: .*too costly' "$T/err"
exit 0
