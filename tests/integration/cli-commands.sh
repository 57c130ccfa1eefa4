#!/usr/bin/env bash
# The commands of majlis(1) that the other scripts do not drive, each held
# to its promise: --help; -c FILE; parse without --json and 'parse -';
# 'posts --feed' and '--tag'; 'show' of a post with links (numbered, and
# listed under the text); 'untag'; 'mark --all'; exit 1 for a post that is
# not there; 'remove' keeping the tagged posts.
. tests/lib.sh
server_start
server_routes '{"/one": {"items": 3, "title": "One"}, "/two": {"items": 2, "title": "Two"}}'
cat >"$T/links.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Links</title><link>http://links.example/</link>
<description>x</description>
<item><title>With links</title><link>http://links.example/post</link><guid>l1</guid>
<description>&lt;p&gt;See &lt;a href="http://a.example/first"&gt;the first&lt;/a&gt; and
&lt;a href="/second"&gt;the second&lt;/a&gt;.&lt;/p&gt;</description></item>
</channel></rss>
XML
server_routes '{"/one": {"items": 3, "title": "One"}, "/two": {"items": 2, "title": "Two"},
  "/links": {"body": "'"$T"'/links.xml"}}'
subscribe "$BASE/one" "$BASE/two" "$BASE/links"
run 0 "$MAJLIS" fetch -q

# --help: the usage on stdout, status 0; a command's own too.
run 0 "$MAJLIS" --help
expect_grep "--help: usage" '^usage: majlis \[-r\] \[-d DB\] \[-c CONFIG\]' "$T/out"
expect_grep "--help: lists the commands" '^ +fetch +\[-q\] \[-j N\]' "$T/out"
run 0 "$MAJLIS" mark --help
expect_grep "mark --help" '^usage: majlis mark read\|unread POST\.\.\.\|--feed URL\|--all' "$T/out"

# An option a command does not have: its usage on stderr, exit 2, nothing
# on stdout; -j is --json.
for c in feeds lists parse; do
	run 2 "$MAJLIS" "$c" --bogus
	expect_grep "$c --bogus: its usage" "^usage: majlis $c \\[.*--json\\]" "$T/err"
	expect_eq "$c --bogus: no output" "$(cat "$T/out")" ""
done
run 0 "$MAJLIS" feeds -j
expect_grep "feeds -j: JSON" '^\[' "$T/out"
run 2 "$MAJLIS" lists extra

# -c FILE is the config read (a broken one is named), not MAJLIS_CONFIG.
printf 'no-such-setting = 1\n' >"$T/bad.conf"
run 0 "$MAJLIS" -c "$T/bad.conf" fetch -q
expect_grep "-c: the file named" "^majlis: $T/bad.conf:1: unknown setting 'no-such-setting'" "$T/err"
printf 'no-such-setting = 1\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" -c "$T/empty.conf" feeds
rm -f "$MAJLIS_CONFIG"

# parse without --json: one line per file; '-' is standard input.
run 0 "$MAJLIS" parse tests/data/parse-rss20.xml
expect_eq "parse" "$(cat "$T/out")" 'tests/data/parse-rss20.xml: rss20, 3 entries, "Example Channel"'
run_status "$MAJLIS" parse - <tests/data/parse-atom10.xml >"$T/rc"
expect_eq "parse -: exit" "$(cat "$T/rc")" 0
expect_grep "parse -" '^-: atom10, [0-9]+ entries, ' "$T/out"
run 0 "$MAJLIS" parse --json - <tests/data/parse-rss20.xml
# One JSON document, not empty.
jq -se 'length == 1 and (.[0] | length > 0)' "$T/out" >/dev/null ||
    fail "parse --json -: not JSON"

# posts --feed and --tag.
run 0 "$MAJLIS" posts --feed "$BASE/two"
expect_eq "posts --feed: its posts" "$(wc -l <"$T/out")" 2
expect_no_grep "posts --feed: no other feed's" 'One item' "$T/out"
run 1 "$MAJLIS" posts --feed "$BASE/nosuch"
one=$(sql "SELECT p.id FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/one' ORDER BY p.id LIMIT 1")
two=$(sql "SELECT p.id FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/two' ORDER BY p.id LIMIT 1")
run 0 "$MAJLIS" tag "$one" keep other
run 0 "$MAJLIS" tag "$two" other
run 0 "$MAJLIS" posts --tag keep
expect_eq "posts --tag: the one post" "$(awk '{ print $1 }' "$T/out")" "$one"
run 0 "$MAJLIS" posts --tag other --json
expect_eq "posts --tag --json" "$(jq -c '[.[].id] | sort' "$T/out")" "[$(printf "%s\n" "$one" "$two" | sort -n | paste -sd,)]"

# untag: the tag goes from that post only.
run 0 "$MAJLIS" untag "$two" other
run 0 "$MAJLIS" posts --tag other
expect_eq "untag: the other post keeps it" "$(awk '{ print $1 }' "$T/out")" "$one"
run 1 "$MAJLIS" untag 999999 other
expect_grep "untag: a missing post" '^majlis: post 999999: not found' "$T/err"

# show of a post with links: the text, the links numbered and listed,
# relative ones resolved.
id=$(sql "SELECT id FROM posts WHERE title = 'With links'")
run 0 "$MAJLIS" show "$id"
expect_grep "show: the title" 'With links' "$T/out"
expect_grep "show: the text, with link numbers" 'See the first ?\[1\] and the second ?\[2\]' "$T/out"
expect_grep "show: link 1" '^ *\[?1\]?:? +http://a\.example/first$' "$T/out"
expect_grep "show: link 2, resolved" '^ *\[?2\]?:? +http://links\.example/second$' "$T/out"
run 1 "$MAJLIS" show 999999
expect_grep "show: a missing post" '^majlis: post 999999: not found' "$T/err"
run 1 "$MAJLIS" mark read 999999

# mark --all, both ways.
run 0 "$MAJLIS" mark read --all
expect_eq "mark read --all" "$(sql 'SELECT count(*) FROM posts WHERE NOT read')" 0
run 0 "$MAJLIS" mark unread --all
expect_eq "mark unread --all" "$(sql 'SELECT count(*) FROM posts WHERE read')" 0

# remove keeps the tagged post (and its tags), drops the rest of the feed.
run 0 "$MAJLIS" remove "$BASE/one"
expect_eq "remove: the tagged post stays" "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/one'")" 1
run 0 "$MAJLIS" posts --tag keep
expect_eq "remove: still found by its tag" "$(awk '{ print $1 }' "$T/out")" "$one"
run 0 "$MAJLIS" feeds
expect_no_grep "remove: no longer listed" "$BASE/one" "$T/out"
run 0 "$MAJLIS" show "$one"
expect_grep "remove: the kept post still shows" 'One item 0' "$T/out"
run 1 "$MAJLIS" remove "$BASE/one"
exit 0
