#!/usr/bin/env bash
# Per-feed settings (majlis feed URL [KEY=VALUE...]) and the promises they
# keep: a title the user chose survives fetches and goes back out in the
# export; a feed disabled by 410 Gone can be enabled again (by the feed
# command, or by adding it again after a remove); retention never takes
# unread or tagged posts unless expire-unread says so, and runs on a 304
# too; a feed's interval makes plain 'fetch' leave it alone until due.
. tests/lib.sh
server_start

# --- a title from an import stays ----------------------------------------
printf '%s "~My Name"\n' "$BASE/named" >"$T/named.urls"
run 0 "$MAJLIS" import "$T/named.urls"
run 0 "$MAJLIS" fetch
expect_eq "imported title kept over the feed's" \
    "$(sql "SELECT title FROM feeds WHERE url = '$BASE/named'")" "My Name"
run 0 "$MAJLIS" export
expect_grep "export writes it back" 'title="My Name"' "$T/out"
run 0 "$MAJLIS" feed "$BASE/named"
expect_grep "shown as a setting" '^title  My Name$' "$T/out"
run 0 "$MAJLIS" feed "$BASE/named" title=
run 0 "$MAJLIS" fetch --all
expect_eq "title= gives the feed's own back" \
    "$(sql "SELECT title FROM feeds WHERE url = '$BASE/named'")" "Feed /named"
# The urls file pins a title only where the user chose one: the feed's own
# would otherwise come back as the user's after an import.
run 0 "$MAJLIS" export --urls
expect_eq "export --urls: no title of the feed's own" "$(cat "$T/out")" "$BASE/named"
run 0 "$MAJLIS" feed "$BASE/named" title="Mine"
run 0 "$MAJLIS" fetch --all
expect_eq "a title set by the feed command stays" \
    "$(sql "SELECT title FROM feeds WHERE url = '$BASE/named'")" "Mine"
run 0 "$MAJLIS" export --urls
expect_eq "export --urls: the user's title" "$(cat "$T/out")" "$BASE/named \"~Mine\""

# --- settings: shown, set, reset, checked --------------------------------
run 0 "$MAJLIS" feed "$BASE/named" interval=6h keep-days=30 keep-posts=100 proxy=http://127.0.0.1:1
# A duration is shown in the largest unit it is a whole number of.
run 0 "$MAJLIS" feed "$BASE/named"
expect_grep "interval shown as typed" '^interval  6h$' "$T/out"
for d in 90:90s 120m:2h 1d:1d 3600s:1h 0:0s 36h:36h 2880m:2d; do
	run 0 "$MAJLIS" feed "$BASE/named" "interval=${d%%:*}"
	run 0 "$MAJLIS" feed "$BASE/named"
	expect_grep "interval=${d%%:*} shown" "^interval  ${d#*:}\$" "$T/out"
done
run 0 "$MAJLIS" feed "$BASE/named" interval=6h
run 0 "$MAJLIS" feeds --json
expect_eq "feeds --json settings" \
    "$(jq -cS --arg u "$BASE/named" 'first(.[] | select(.url == $u)) | .settings' "$T/out")" \
    '{"enabled":true,"interval":21600,"keep_days":30,"keep_posts":100,"proxy":"http://127.0.0.1:1","title":"Mine"}'
run 0 "$MAJLIS" feed "$BASE/named" proxy= keep-days= keep-posts= interval=
run 0 "$MAJLIS" feed "$BASE/named"
expect_eq "reset to defaults" "$(cat "$T/out")" "title  Mine
interval  -
keep-days  -
keep-posts  -
proxy  -
enabled  yes"
run 2 "$MAJLIS" feed "$BASE/named" colour=red
expect_grep "unknown key named" 'colour: not a feed setting' "$T/err"
run 2 "$MAJLIS" feed "$BASE/named" interval=soon keep-days=1
expect_grep "bad duration named" 'interval=soon: not a duration' "$T/err"
expect_eq "nothing set when one is bad" \
    "$(sql "SELECT keep_days IS NULL FROM feeds WHERE url = '$BASE/named'")" 1
run 1 "$MAJLIS" feed "$BASE/nosuch" title=x
expect_grep "unknown feed" 'nosuch: not subscribed' "$T/err"

# --- settings go out with the OPML export and come back in ----------------
run 0 "$MAJLIS" feed "$BASE/named" interval=6h keep-posts=50 proxy="http://127.0.0.1:9/?a&b" enabled=no
run 0 "$MAJLIS" export
cp "$T/out" "$T/settings.opml"
expect_grep "in majlis's namespace" 'xmlns:majlis="urn:majlis:opml:1"' "$T/settings.opml"
expect_grep "as attributes" 'majlis:interval="21600" majlis:keep-posts="50" majlis:proxy="http://127.0.0.1:9/\?a&amp;b" majlis:enabled="no"' "$T/settings.opml"
saved=$MAJLIS_DB
MAJLIS_DB="$T/other.db"
run 0 "$MAJLIS" import "$T/settings.opml"
run 0 "$MAJLIS" feed "$BASE/named"
expect_eq "the round trip keeps them" "$(cat "$T/out")" "title  Mine
interval  6h
keep-days  -
keep-posts  50
proxy  http://127.0.0.1:9/?a&b
enabled  no
disabled  by the user"
# A file's proxy never replaces one the user set on a feed already here,
run 0 "$MAJLIS" feed "$BASE/named" proxy="http://127.0.0.1:7/mine"
run 0 "$MAJLIS" import "$T/settings.opml"
expect_eq "a feed's own proxy kept over the file's" \
    "$(sql "SELECT proxy FROM feeds WHERE url = '$BASE/named'")" "http://127.0.0.1:7/mine"
# and in proxy-only mode a file's proxy is not taken at all: the file
# (anyone's) would send the feed by a proxy that is not the user's.
MAJLIS_DB="$T/third.db"
printf 'proxy-only = yes\nproxy = socks5h://127.0.0.1:9\n' >"$T/po.conf"
MAJLIS_CONFIG="$T/po.conf" run 0 "$MAJLIS" import "$T/settings.opml"
expect_grep "proxy-only: the file's proxy left out, said" \
    "named: proxy=http://127.0.0.1:9/.*: left out in proxy-only mode" "$T/err"
expect_eq "proxy-only: no proxy taken" \
    "$(sql "SELECT proxy IS NULL FROM feeds WHERE url = '$BASE/named'")" 1
expect_eq "proxy-only: the other settings taken" \
    "$(sql "SELECT fetch_interval FROM feeds WHERE url = '$BASE/named'")" 21600
MAJLIS_DB=$saved
if command -v newsboat >/dev/null 2>&1; then
	mkdir -p "$T/nb"
	: >"$T/nb/config"
	newsboat -C "$T/nb/config" -c "$T/nb/cache.db" -u "$T/nb/urls" \
	    -i "$T/settings.opml" >"$T/nb.out" 2>&1 || fail "newsboat -i: $(cat "$T/nb.out")"
	expect_grep "newsboat still imports it" "$BASE/named" "$T/nb/urls"
fi
run 0 "$MAJLIS" feed "$BASE/named" interval= keep-posts= proxy= enabled=

# --- feed tags from the command line --------------------------------------
run 0 "$MAJLIS" tag --feed "$BASE/named" news "long reads"
expect_eq "feed tagged" "$(sql "SELECT group_concat(t.name, ',') FROM (SELECT t.name FROM feed_tags ft JOIN tags t ON t.id = ft.tag_id JOIN feeds f ON f.id = ft.feed_id WHERE f.url = '$BASE/named' ORDER BY t.name) t")" "long reads,news"
expect_eq "no post tagged" "$(sql 'SELECT count(*) FROM post_tags')" 0
run 0 "$MAJLIS" posts --tag news
expect_eq "the feed tag lists the feed's posts" "$(wc -l <"$T/out")" 3
run 0 "$MAJLIS" untag --feed "$BASE/named" news
expect_eq "feed untagged" "$(sql "SELECT count(*) FROM feed_tags")" 1
run 1 "$MAJLIS" tag --feed "$BASE/nosuch" x
expect_grep "unknown feed for tag" 'nosuch: not subscribed' "$T/err"

# --- 410 Gone, then enabled again ------------------------------------------
server_routes '{"/gone": {"status": 410}}'
subscribe "$BASE/gone"
run 1 "$MAJLIS" fetch "$BASE/gone"
expect_eq "410 disables" "$(sql "SELECT disabled FROM feeds WHERE url = '$BASE/gone'")" 1
run 0 "$MAJLIS" feed "$BASE/gone"
expect_grep "shown disabled" '^enabled  no$' "$T/out"
server_routes '{}'
run 0 "$MAJLIS" feed "$BASE/gone" enabled=yes
run 0 "$MAJLIS" fetch "$BASE/gone"
expect_eq "enabled again, fetched" \
    "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/gone'")" 3
# Gone again, with a tagged post: remove keeps the row; add enables it.
server_routes '{"/gone": {"status": 410}}'
run 1 "$MAJLIS" fetch "$BASE/gone"
id=$(sql "SELECT p.id FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/gone' LIMIT 1")
run 0 "$MAJLIS" tag "$id" keep
run 0 "$MAJLIS" remove "$BASE/gone"
server_routes '{}'
subscribe "$BASE/gone"
expect_eq "subscribing again enables" \
    "$(sql "SELECT disabled FROM feeds WHERE url = '$BASE/gone'")" 0
run 0 "$MAJLIS" feed "$BASE/gone" enabled=no
run 0 "$MAJLIS" feed "$BASE/gone"
expect_grep "disabled by the user" '^enabled  no$' "$T/out"

# --- retention: unread and tagged posts stay; it runs on a 304 -------------
rm -f "$MAJLIS_DB"
server_routes '{"/r": {"items": 10}}'
subscribe "$BASE/r"
run 0 "$MAJLIS" fetch
expect_eq "ten posts" "$(sql 'SELECT count(*) FROM posts')" 10
# The next fetch is a 304: nothing new comes, retention must still run.
run 0 "$MAJLIS" feed "$BASE/r" keep-posts=2
run 0 "$MAJLIS" fetch
expect_eq "a 304" "$(server_count /r 304)" 1
expect_eq "unread posts are not expired" "$(sql 'SELECT count(*) FROM posts')" 10
sql_write "UPDATE posts SET read = 1"
id=$(sql "SELECT id FROM posts ORDER BY sort_time LIMIT 1")
run 0 "$MAJLIS" tag "$id" keep
run 0 "$MAJLIS" fetch
expect_eq "read posts expired after a 304, tagged kept" \
    "$(sql 'SELECT count(*) FROM posts')" 3
expect_eq "the tagged one kept" "$(sql "SELECT count(*) FROM posts WHERE id = $id")" 1
# The global setting, and expire-unread.
sql_write "UPDATE posts SET read = 0"
run 0 "$MAJLIS" feed "$BASE/r" keep-posts=
printf 'keep-posts = 1\nexpire-unread = yes\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch
expect_eq "expire-unread takes unread posts" "$(sql 'SELECT count(*) FROM posts')" 2
# A feed's own keep-posts=0 keeps everything whatever the global says.
rm -f "$MAJLIS_DB"
subscribe "$BASE/r"
run 0 "$MAJLIS" feed "$BASE/r" keep-posts=0
run 0 "$MAJLIS" fetch
expect_eq "keep-posts=0: no limit for this feed" "$(sql 'SELECT count(*) FROM posts')" 10
rm -f "$MAJLIS_CONFIG"

# --- interval: not due means not fetched, unless named or --all -----------
rm -f "$MAJLIS_DB"
subscribe "$BASE/slow" "$BASE/fast"
run 0 "$MAJLIS" feed "$BASE/slow" interval=1d
run 0 "$MAJLIS" fetch
expect_eq "never fetched: due" "$(server_count /slow)" 1
run 0 "$MAJLIS" fetch
expect_eq "not due: left alone" "$(server_count /slow)" 1
expect_eq "the other feed fetched" "$(server_count /fast)" 2
expect_grep "counted as skipped" '1 skipped' "$T/out"
run 0 "$MAJLIS" fetch "$BASE/slow"
expect_eq "named: fetched" "$(server_count /slow)" 2
run 0 "$MAJLIS" fetch --all
expect_eq "--all: fetched" "$(server_count /slow)" 3
exit 0
