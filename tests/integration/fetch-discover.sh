#!/usr/bin/env bash
# 'majlis add' on a web page subscribes to the feed the page links to
# (<link rel="alternate" type="application/rss+xml" href=...>, relative
# href resolved); on a feed, to the feed itself, or where a 301 moved it.
. tests/lib.sh
server_start
cat >"$T/home.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>A blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="feeds/posts.xml">
</head><body><p>Welcome.</p></body></html>
HTML
cat >"$T/plain.html" <<'HTML'
<!DOCTYPE html><html><head><title>No feed here</title></head><body></body></html>
HTML
server_routes '{
  "/blog/index.html": {"ctype": "text/html", "charset": "utf-8", "body": "'"$T"'/home.html"},
  "/plain.html": {"ctype": "text/html", "body": "'"$T"'/plain.html"},
  "/old-feed": {"redirect": 301, "to": "/new-feed"}
}'

rc=$(run_status "$MAJLIS" add "$BASE/blog/index.html")
expect_eq "add a page" "$rc" 0
expect_eq "the linked feed is subscribed" "$(sql 'SELECT url FROM feeds')" "$BASE/blog/feeds/posts.xml"

rc=$(run_status "$MAJLIS" add "$BASE/direct.xml")
expect_eq "add a feed" "$rc" 0
expect_eq "the feed itself" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/direct.xml'")" 1

rc=$(run_status "$MAJLIS" add "$BASE/old-feed")
expect_eq "add a moved feed" "$rc" 0
expect_eq "subscribed where it moved" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/new-feed'")" 1

# A page that links to no feed: 'add' says so and subscribes nothing.
rc=$(run_status "$MAJLIS" add "$BASE/plain.html")
expect_eq "a page without a feed" "$rc" 1
expect_grep "says why" "$BASE/plain.html: no feed linked from this page; not subscribed" "$T/err"
if [ -f "$(dirname "$MAJLIS_BIN")/locale/ar/LC_MESSAGES/majlis.mo" ]; then
	LANGUAGE=ar LC_ALL=C.UTF-8 "$MAJLIS" add "$BASE/plain.html" 2>"$T/err.ar"
	expect_grep "says why, in Arabic" "لا خلاصة مرتبطة بهذه الصفحة" "$T/err.ar"
fi
expect_eq "not subscribed" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/plain.html'")" 0

# A site that cannot be reached now: subscribed as given, with a warning,
# so that an offline machine can still be set up.
rc=$(run_status "$MAJLIS" add "http://127.0.0.1:1/feed.xml")
expect_eq "an unreachable feed" "$rc" 0
expect_grep "warns" "127.0.0.1:1/feed.xml: .*; subscribed as given" "$T/err"
"$MAJLIS" remove "http://127.0.0.1:1/feed.xml" || fail "remove"

rc=$(run_status "$MAJLIS" fetch)
expect_eq "posts" "$(sql 'SELECT count(*) FROM posts')" 9
expect_eq "the three feeds are fine" "$(sql 'SELECT count(*) FROM feeds WHERE error IS NULL')" 3
exit 0
