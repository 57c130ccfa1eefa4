#!/usr/bin/env bash
# tests/ui/reader-refresh.sh: another process writes while the reader is
# open (as a fetch from cron would).  The reader notices through PRAGMA
# data_version within about a second, without a key pressed, updates its
# counts and lists, and the cursor stays on the row it was on.
. tests/lib.sh
. tests/ui/tmux.lib
server_routes "$(cat tests/data/ui-routes.json)"
server_start
BASE=$BASE tests/ui/make-fixture || fail "could not build the fixture database"

pending=$(sql 'SELECT count(*) FROM fts_pending')
[ "$pending" -gt 0 ] || fail "the fixture's posts should wait for the search index"
ui_start
ui_wait "Feeds (3)"
# Idle, the reader indexes what the fetch stored, a batch a second.
ui_until '[ "$(sql "SELECT count(*) FROM fts_pending")" = 0 ]' ||
    fail "the idle reader did not index the $pending pending posts"
ui_until 'ui_line "Majlis Test News" | grep -qF "(3/3)"' || fail "counts before"
# Cursor on the news feed (second row).  The reader looks at the database
# once a second: a change shows within two, allowed five on a loaded machine.
ui_keys g j
"$MAJLIS" mark read --feed "$(ui_feed_url "Majlis Test News")" ||
    fail "majlis mark"
ui_until 'ui_line "Majlis Test News" | grep -qF "(0/3)"' 5 ||
    { ui_screen; fail "counts not refreshed"; }
ui_line "All unread" | grep -qF "(3)" || fail "all unread not refreshed"
# A new tag row appears above the feeds; the cursor must stay on the feed.
id=$("$MAJLIS" posts --json | jq -e 'first(.[] | select(.title == "The oldest story") | .id)') ||
    fail "no post 'The oldest story'"
"$MAJLIS" tag "$id" outside || fail "majlis tag"
ui_wait "tag: outside"
ui_keys Enter
ui_wait "Majlis Test News (3)"

# In a post list: a post marked unread elsewhere shows as unread.  (The
# row's start is drawn before its tag, at its end.)
ui_until 'ui_line "The oldest story" | grep -qF "[outside]"' || fail "tag on the row"
ui_line "The oldest story" | grep -q "^N " && fail "should be read"
"$MAJLIS" mark unread "$id" || fail "majlis mark unread"
ui_until 'ui_line "The oldest story" | grep -q "^N "' 5 ||
    { ui_screen; fail "post list not refreshed"; }
ui_keys q

# r fetches the feed under the cursor in the background; the new post
# shows up in the counts when the fetch child is done.
server_routes "$(sed 's/"ui-news.xml"/"ui-news2.xml"/' tests/data/ui-routes.json)"
ui_wait "Feeds (3)"
ui_until 'ui_line "Majlis Test News" | grep -qF "(1/3)"' || { ui_screen; fail "counts before the fetch"; }
ui_keys r
ui_until 'ui_line "Majlis Test News" | grep -qF "(2/4)"' 10 ||
    { ui_screen; fail "the fetch from the reader did not show"; }
# The child is done (and reaped) once its summary is on the status line:
# only then may R start another fetch.
ui_until 'ui_screen | grep -q "^fetched 1 feed"' 10 ||
    { ui_screen; fail "the fetch from the reader did not end"; }
expect_eq "the fetched post" "$(ui_post read 'Fresh news from the fetch')" false
[ "$(server_count /news.xml)" -ge 2 ] || fail "no second request for the feed"
[ "$(server_count /arabic.xml)" -eq 1 ] || fail "r fetched other feeds too"

# R fetches every feed; one that fails now gets its '!' and, with the
# cursor on it, its error on the status line.
server_routes "$(sed 's/"ui-news.xml"/"ui-news2.xml"/; s/"body": "ui-arabic.xml"/"status": "404", "body": "ui-arabic.xml"/' tests/data/ui-routes.json)"
ui_keys R
ui_until 'ui_line "$(ui_visual "أخبار المجلس")" | grep -q "^!"' 10 ||
    { ui_screen; fail "no failure mark after R"; }
ui_keys g j j j
ui_wait "404"

# A long list: 200 posts added above the selected one (far beyond the
# rows read around the screen) must not move the cursor off it.
server_routes '{"/big.xml": {"items": "200", "title": "Big"}}'
ui_keys g	# (off the failed feed, whose error holds the status line)
subscribe "$BASE/big.xml"
"$MAJLIS" fetch -q "$BASE/big.xml" || fail "fetch of the big feed"
# Not "Feeds (4)" alone: the reader may have read the list while the fetch
# was storing, before the feed had its title (the post list is named by
# the row it was opened from) or all its posts.
ui_until 'ui_line "Big" | grep -qF "(200/200)"' ||
    { ui_screen; fail "the big feed is not listed whole"; }
# What a fetch from elsewhere brought is said, summed over its commits.
ui_until 'ui_screen | tail -n 1 | grep -q "200 new posts came in"' ||
    { ui_screen; fail "the posts that came in are not said"; }
ui_keys G Enter
ui_wait "Big (200)"
ui_keys $(printf 'j %.0s' $(seq 100))
ui_keys Enter
ui_wait "Title: Big item 99 v1"
ui_keys q
server_routes '{"/big.xml": {"items": "400", "title": "Big"}}'
"$MAJLIS" fetch -q "$BASE/big.xml" || fail "second fetch of the big feed"
ui_wait "Big (400)"
ui_keys Enter
ui_wait "Title: Big item 99 v1"
ui_keys q q q
ui_wait "majlis-exited-0"

# -r (newsboat's -r) and refresh-on-startup: the reader fetches every feed
# as it starts, in the background, and says so when it is done.
big_before=$(server_count /big.xml)
printf '#!/bin/sh\nexec "%s" -r "$@"\n' "$MAJLIS" >"$T/majlis-r"
chmod +x "$T/majlis-r"
tmux -L "$UI_SOCK" kill-server 2>/dev/null
UI_SOCK="$UI_SOCK-r"
MAJLIS="$T/majlis-r" ui_start
ui_until '[ "$(server_count /big.xml)" -gt "$big_before" ]' 5 ||
    fail "-r: no fetch at the start"
ui_wait "fetched 4 feeds"
ui_keys q
big_before=$(server_count /big.xml)
printf 'refresh-on-startup = yes\n' >"$MAJLIS_CONFIG"
tmux -L "$UI_SOCK" kill-server 2>/dev/null
UI_SOCK="$UI_SOCK-conf"
ui_start
ui_until '[ "$(server_count /big.xml)" -gt "$big_before" ]' 5 ||
    fail "refresh-on-startup: no fetch at the start"
ui_wait "fetched 4 feeds"
exit 0
