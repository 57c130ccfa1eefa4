#!/usr/bin/env bash
# majlis follow: a member list served by the test server changes between
# fetches, and the cache is checked after each: a member added, removed,
# back again, redirected (301: the feed's stored URL changes, the list
# keeps the old one), the list unchanged (304), broken (not OPML), emptied,
# halved, unreachable, then forced; backlog-days marks a new member's old
# posts read; a feed subscribed by hand is a member but never tagged or
# stopped by the list; lists --json and
# feeds --json carry their keys; unfollow keeps the feeds.
. tests/lib.sh
server_start
L="$BASE/list"

# write_list URL...: the list, as OPML, the first two in a folder "iraq".
write_list() {
	{
		echo '<?xml version="1.0"?>'
		echo '<opml version="2.0"><head><title>Bloggers</title></head><body>'
		echo '<outline text="iraq">'
		[ $# -ge 1 ] && echo "<outline text=\"m\" xmlUrl=\"$1\"/>"
		[ $# -ge 2 ] && echo "<outline text=\"m\" xmlUrl=\"$2\"/>"
		echo '</outline>'
		shift 2 2>/dev/null || shift $#
		for u in "$@"; do echo "<outline text=\"m\" xmlUrl=\"$u\"/>"; done
		echo '</body></opml>'
	} >"$T/list.tmp" && mv "$T/list.tmp" "$T/list.opml"
}
# member_state URL: "left" or the feed's subscription, as the cache says.
left_of() {
	sql "SELECT m.left FROM list_members m JOIN feeds f ON f.id = m.feed_id
	    WHERE f.url = '$1'"
}
unread_of() {
	sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id
	    WHERE f.url = '$1' AND NOT p.read"
}
total_of() {
	sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id
	    WHERE f.url = '$1'"
}
tags_of() {
	sql "SELECT group_concat(name, ',') FROM (SELECT t.name FROM feed_tags ft
	    JOIN tags t ON t.id = ft.tag_id JOIN feeds f ON f.id = ft.feed_id
	    WHERE f.url = '$1' ORDER BY t.name)"
}
json_field() {	# json_field FILE URL KEY: the key of the object with that url
	jq -c --arg u "$2" --arg k "$3" '.[] | select(.url == $u) | .[$k]' "$1"
}

# /a: one post from yesterday, two from last year (backlog-days).
now=$(date -u +%s)
rfc() { date -u -d "@$1" '+%a, %d %b %Y %H:%M:%S GMT'; }
cat >"$T/a.xml" <<EOF
<?xml version="1.0"?><rss version="2.0"><channel><title>A</title>
<item><guid>a1</guid><title>new</title><pubDate>$(rfc $((now - 86400)))</pubDate></item>
<item><guid>a2</guid><title>old</title><pubDate>$(rfc $((now - 200 * 86400)))</pubDate></item>
<item><guid>a3</guid><title>older</title><pubDate>$(rfc $((now - 300 * 86400)))</pubDate></item>
</channel></rss>
EOF
server_routes "{
  \"/list\": {\"body\": \"$T/list.opml\", \"ctype\": \"text/x-opml\"},
  \"/a\": {\"body\": \"$T/a.xml\"},
  \"/a2\": {\"body\": \"$T/a.xml\"}
}"

# A feed subscribed by hand, which the list names too.
subscribe "$BASE/h"
"$MAJLIS" fetch -q "$BASE/h" || fail "fetch of the hand-subscribed feed"
write_list "$BASE/a" "$BASE/b" "$BASE/c" "$BASE/h"

# --- follow --------------------------------------------------------------
rc=$(run_status "$MAJLIS" follow "$L" net)
expect_eq "follow exit" "$rc" 0
expect_grep "follow summary" "4 feeds, 3 new, 0 back, 0 left, 1 subscribed by hand" "$T/out"
# A member whether or not it was subscribed by hand (the river publishes
# it), but the list's tags are not put on it.
expect_eq "members" "$(sql 'SELECT count(*) FROM list_members')" 4
expect_eq "h: a member by hand" "$(sql "SELECT m.by_hand FROM list_members m JOIN feeds f ON f.id = m.feed_id WHERE f.url = '$BASE/h'")" 1
expect_eq "tags: list's and folder's" "$(tags_of "$BASE/a")" "iraq,net"
expect_eq "tags outside the folder" "$(tags_of "$BASE/c")" "net"
expect_eq "hand-subscribed feed untouched" "$(tags_of "$BASE/h")" ""
"$MAJLIS" lists --json >"$T/lists.json" || fail "lists --json"
expect_eq "lists --json" "$(jq -r '[length, (.[0] | keys), .[0].title, .[0].members, .[0].left,
    .[0].status, .[0].error] | map(tojson) | join(" ")' "$T/lists.json")" \
    '1 ["error","last_sync","left","members","status","title","url"] "Bloggers" 4 0 200 null'

# --- the first fetch: backlog-days ---------------------------------------
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "first fetch exit" "$rc" 0
expect_eq "list asked conditionally (304)" "$(server_count /list 304)" 1
expect_eq "posts of a" "$(total_of "$BASE/a")" 3
expect_eq "a: only the recent post unread" "$(unread_of "$BASE/a")" 1
expect_eq "b: its old posts arrive read" "$(unread_of "$BASE/b")" 0
expect_eq "hand-subscribed: no backlog marking" "$(unread_of "$BASE/h")" 3
expect_eq "backlog done" "$(sql 'SELECT count(*) FROM list_members WHERE backlog IS NOT NULL')" 0
"$MAJLIS" feeds --json >"$T/feeds.json" || fail "feeds --json"
expect_eq "feeds --json keys" "$(jq -c '.[0] | keys' "$T/feeds.json")" \
    '["error","last_change","last_fetch","last_post","list","settings","site","state","status","tags","title","total","unread","url","weekly"]'
expect_eq "list of a" "$(json_field "$T/feeds.json" "$BASE/a" list)" "\"$L\""
expect_eq "list of h" "$(json_field "$T/feeds.json" "$BASE/h" list)" "\"$L\""
expect_eq "a is ok" "$(json_field "$T/feeds.json" "$BASE/a" state)" '"ok"'
expect_eq "b is quiet (posts of 2025)" "$(json_field "$T/feeds.json" "$BASE/b" state)" '"quiet"'
expect_eq "a weekly" "$(json_field "$T/feeds.json" "$BASE/a" weekly)" "[0,0,0,0,0,0,0,0,0,0,0,1]"
expect_eq "a last_post" "$(json_field "$T/feeds.json" "$BASE/a" last_post)" "$((now - 86400))"

# --- unchanged list: 304 -------------------------------------------------
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "304 fetch exit" "$rc" 0
expect_eq "list 304" "$(server_count /list 304)" 1
expect_eq "members after 304" "$(sql 'SELECT count(*) FROM list_members WHERE NOT left')" 4

# --- a member added ------------------------------------------------------
write_list "$BASE/a" "$BASE/b" "$BASE/c" "$BASE/h" "$BASE/d"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "added: exit" "$rc" 0
expect_eq "added: d subscribed and fetched" "$(total_of "$BASE/d")" 3
expect_eq "added: d tagged" "$(tags_of "$BASE/d")" "net"
expect_eq "added: d's old posts read" "$(unread_of "$BASE/d")" 0

# --- a member removed: left, kept, not fetched ----------------------------
write_list "$BASE/a" "$BASE/b" "$BASE/h" "$BASE/d"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "removed: exit" "$rc" 0
expect_eq "removed: c left" "$(left_of "$BASE/c")" 1
expect_grep "removed: fetch names who left" "^$L: $BASE/c left the list$" "$T/out"
"$MAJLIS" lists >"$T/lists.txt"
expect_grep "removed: lists counts who left" "  1 left$" "$T/lists.txt"
expect_eq "removed: c's posts kept" "$(total_of "$BASE/c")" 3
expect_eq "removed: c's tags kept" "$(tags_of "$BASE/c")" "net"
"$MAJLIS" feeds >"$T/feeds.txt"
expect_grep "removed: feeds says left" "^$BASE/c  Feed /c  0/3  left  net  -$" "$T/feeds.txt"
"$MAJLIS" feeds --json >"$T/feeds.json"
expect_eq "removed: state" "$(json_field "$T/feeds.json" "$BASE/c" state)" '"left"'
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "left: exit" "$rc" 0
expect_eq "left: c not fetched" "$(server_count /c)" 0
expect_eq "left: d still fetched" "$(server_count /d)" 1

# --- the member comes back -----------------------------------------------
write_list "$BASE/a" "$BASE/b" "$BASE/c" "$BASE/h" "$BASE/d"
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "back: exit" "$rc" 0
expect_eq "back: c member again" "$(left_of "$BASE/c")" 0
expect_eq "back: c fetched" "$(server_count /c)" 1
expect_eq "back: history kept" "$(total_of "$BASE/c")" 3

# --- a member redirected for good; the list keeps the old address --------
server_routes "{
  \"/list\": {\"body\": \"$T/list.opml\", \"ctype\": \"text/x-opml\"},
  \"/a\": {\"redirect\": 301, \"to\": \"/a2\"},
  \"/a2\": {\"body\": \"$T/a.xml\"}
}"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "redirect: exit" "$rc" 0
expect_eq "redirect: stored URL moved" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/a2'")" 1
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "redirect: second fetch exit" "$rc" 0
expect_eq "redirect: still the same member" "$(left_of "$BASE/a2")" 0
expect_eq "redirect: old URL not subscribed again" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/a'")" 0
expect_eq "redirect: fetched at the new URL" "$(server_count /a2)" 1
expect_eq "redirect: member keeps the list's URL" \
    "$(sql "SELECT m.url FROM list_members m JOIN feeds f ON f.id = m.feed_id WHERE f.url = '$BASE/a2'")" "$BASE/a"

# --- a broken list: not applied, one line, exit 1 -------------------------
members() { sql 'SELECT count(*) FROM list_members WHERE NOT left'; }
cp "$T/list.opml" "$T/good.opml"
printf '<html><body><p>We moved!</p></body></html>\n' >"$T/list.opml"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "broken: exit" "$rc" 1
expect_eq "broken: members unchanged" "$(members)" 5
expect_eq "broken: one line on stderr" "$(wc -l <"$T/err")" 1
expect_grep "broken: names the list" "^majlis: $L: .*the list was not applied$" "$T/err"
expect_eq "broken: feeds still fetched" "$(grep -c "5 feeds fetched" "$T/out")" 1
"$MAJLIS" lists --json >"$T/lists.json"
expect_eq "broken: lists --json error" "$(jq '.[0].error != null' "$T/lists.json")" true

# --- an OPML list cut short: not well-formed, named with its line ------------
head -c 200 "$T/good.opml" >"$T/list.opml"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "cut short: exit" "$rc" 1
expect_grep "cut short: why" "^majlis: $L:[0-9]+: not well-formed XML.*; the list was not applied$" "$T/err"
expect_eq "cut short: members unchanged" "$(members)" 5

# --- an emptied list -------------------------------------------------------
write_list
rc=$(run_status "$MAJLIS" fetch)
expect_eq "empty: exit" "$rc" 1
expect_grep "empty: why" "^majlis: $L: the list is empty; the list was not applied$" "$T/err"
expect_eq "empty: members unchanged" "$(members)" 5

# --- unreachable ----------------------------------------------------------
server_routes "{
  \"/list\": {\"status\": 500},
  \"/a2\": {\"body\": \"$T/a.xml\"}
}"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "unreachable: exit" "$rc" 1
expect_grep "unreachable: why" "^majlis: $L: HTTP 500.*not applied$" "$T/err"
expect_eq "unreachable: members unchanged" "$(members)" 5
server_routes "{
  \"/list\": {\"body\": \"$T/list.opml\", \"ctype\": \"text/x-opml\"},
  \"/a2\": {\"body\": \"$T/a.xml\"}
}"

# --- halved: three of the four gone at once -------------------------------
write_list "$BASE/a" "$BASE/h"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "halved: exit" "$rc" 1
expect_grep "halved: why" "3 of its 5 members are gone" "$T/err"
expect_eq "halved: members unchanged" "$(members)" 5
rc=$(run_status "$MAJLIS" follow --force "$L")
expect_eq "forced: exit" "$rc" 0
expect_eq "forced: applied" "$(members)" 2
expect_eq "forced: a (moved) stays" "$(left_of "$BASE/a2")" 0
expect_eq "forced: b left" "$(left_of "$BASE/b")" 1
"$MAJLIS" lists --json >"$T/lists.json"
expect_eq "forced: lists --json" "$(jq -r '.[0] | "\(.members) \(.left) \(.error)"' "$T/lists.json")" "2 3 null"
expect_eq "hand-subscribed still untagged" "$(tags_of "$BASE/h")" ""

# --- hostile list content: what import refuses, follow refuses -------------
printf '%s\n' "exec:rm -rf ~" "file:///etc/passwd" "$BASE/e" >"$T/hostile.urls"
server_routes "{
  \"/list\": {\"body\": \"$T/list.opml\", \"ctype\": \"text/x-opml\"},
  \"/hostile\": {\"body\": \"$T/hostile.urls\", \"ctype\": \"text/plain\"},
  \"/a2\": {\"body\": \"$T/a.xml\"}
}"
rc=$(run_status "$MAJLIS" follow "$BASE/hostile")
expect_eq "hostile: exit" "$rc" 0
expect_grep "hostile: exec refused" "exec:rm.*refused" "$T/err"
expect_eq "hostile: only the http feed" "$(sql "SELECT count(*) FROM feeds WHERE url NOT LIKE 'http%'")" 0
expect_eq "hostile: e subscribed" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/e' AND subscribed")" 1

# --- limits: a list of more than 5000 feeds, or over 4 MB, is refused ------
seq 5001 | sed "s|^|$BASE/many/|" >"$T/many.urls"
rc=$(run_status "$MAJLIS" follow "$BASE/many?ctype=text/plain&body=$T/many.urls")
expect_eq "too many: exit" "$rc" 1
expect_grep "too many: why" "it names 5001 feeds, more than 5000; the list was not applied" "$T/err"
expect_eq "too many: nothing subscribed" "$(sql "SELECT count(*) FROM feeds WHERE url LIKE '%/many/%'")" 0
rc=$(run_status "$MAJLIS" follow "$BASE/huge?huge=5000000")
expect_eq "too large: exit" "$rc" 1
expect_grep "too large: why" "^majlis: $BASE/huge\\?huge=5000000: .*the list was not applied$" "$T/err"

# --- a list that is not one is not remembered -----------------------------
rc=$(run_status "$MAJLIS" follow "$BASE/nothing-here?status=404")
expect_eq "404 follow: exit" "$rc" 1
expect_eq "404 follow: not remembered" "$(sql "SELECT count(*) FROM lists")" 2

# --- unfollow keeps the feeds ----------------------------------------------
n=$(sql 'SELECT count(*) FROM feeds WHERE subscribed')
rc=$(run_status "$MAJLIS" unfollow "$L")
expect_eq "unfollow: exit" "$rc" 0
expect_eq "unfollow: feeds kept" "$(sql 'SELECT count(*) FROM feeds WHERE subscribed')" "$n"
"$MAJLIS" feeds --json >"$T/feeds.json"
expect_eq "unfollow: no list" "$(json_field "$T/feeds.json" "$BASE/b" list)" "null"
expect_eq "unfollow: b no longer left" "$(json_field "$T/feeds.json" "$BASE/b" state)" '"quiet"'
rc=$(run_status "$MAJLIS" unfollow "$L")
expect_eq "unfollow twice: exit" "$rc" 1

# --- follow again: its members are members again ---------------------------
write_list "$BASE/a" "$BASE/b" "$BASE/h"
rc=$(run_status "$MAJLIS" follow "$L" net)
expect_eq "follow again: exit" "$rc" 0
expect_eq "follow again: members" \
    "$("$MAJLIS" lists --json | jq --arg l "$L" '.[] | select(.url == $l) | .members')" 3
expect_eq "follow again: in the river's set" "$(sql "SELECT count(*)
    FROM list_members m JOIN lists l ON l.id = m.list_id
    WHERE l.url = '$L' AND NOT m.left")" 3
write_list "$BASE/a" "$BASE/h"
run_status "$MAJLIS" fetch >/dev/null
expect_eq "follow again, then dropped: b left" "$(left_of "$BASE/b")" 1
expect_grep "follow again, then dropped: named" "^$L: $BASE/b left the list$" "$T/out"
exit 0
