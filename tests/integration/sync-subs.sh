#!/usr/bin/env bash
# Subscriptions both ways with a Google Reader API (tests/greader.py): a
# feed added here is subscribed to on the server at the next sync, in the
# folder of its first tag, once, even when the sync was killed while the
# server held its answer; a feed removed here is unsubscribed from there
# and does not come back; remove --forget keeps of the feed only the
# server's id until the server took the change; an add and a remove made
# while the server is down are sent by the sync after; a command feed and
# a followed list's members are never sent.
. tests/lib.sh
. tests/integration/sync.lib
server_start
greader_start
gr_seed 40 4
EDIT=/api/greader.php/reader/api/0/subscription/edit
server_feeds() { gr_jq '[.feeds[] | "\(.url | sub(".*/f/"; "f/"))=\(.category // "")"] | sort | join(" ")'; }
local_feeds() { "$MAJLIS" feeds --json | jq -r '[.[] | .url | sub(".*/f/"; "f/")] | sort | join(" ")'; }
edits() { jq -n --arg p "$EDIT" '[inputs | select(.path == $p and .event == null)] | length' "$T/gr.log"; }
pending() { sql 'SELECT count(*) FROM sync_feeds'; }

run 0 "$MAJLIS" sync
expect_eq "the server's feeds here" "$(local_feeds)" "f/1 f/2 f/3 f/4"

# 1. add: subscribed on the server at the next sync, its first tag the
#    folder; sent once.
run 0 "$MAJLIS" add "$BASE/f/5" Tech later
expect_eq "pending" "$(pending)" 1
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "on the server" "$(server_feeds)" "f/1=Blogs f/2=Blogs f/3=Blogs f/4=News f/5=Tech"
expect_eq "one subscription/edit" "$(edits)" 1
expect_eq "its form" "$(jq -rn --arg p "$EDIT" '[inputs | select(.path == $p)][0].query | "\(.ac) \(.s) \(.a)"' "$T/gr.log")" "subscribe feed/$BASE/f/5 user/-/label/Tech"
expect_eq "acknowledged" "$(pending)" 0
expect_eq "the server's id here" "$(sql "SELECT sync_id FROM feeds WHERE url = '$BASE/f/5'")" "feed/5"
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "not sent again" "$(edits)" 0
expect_eq "once on the server" "$(gr_jq "[.feeds[] | select(.url == \"$BASE/f/5\")] | length")" 1

# 2. remove: unsubscribed on the server, and not back here.
run 0 "$MAJLIS" remove "$BASE/f/1"
expect_eq "unsubscribe pending" "$(sql 'SELECT action, target FROM sync_feeds')" "0|feed/1"
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "its form" "$(jq -rn --arg p "$EDIT" '[inputs | select(.path == $p)][0].query | "\(.ac) \(.s)"' "$T/gr.log")" "unsubscribe feed/1"
expect_eq "gone from the server" "$(server_feeds)" "f/2=Blogs f/3=Blogs f/4=News f/5=Tech"
expect_eq "not back here" "$(local_feeds)" "f/2 f/3 f/4 f/5"
run 0 "$MAJLIS" sync
expect_eq "still not back" "$(local_feeds)" "f/2 f/3 f/4 f/5"
expect_eq "nothing pending" "$(pending)" 0

# 3. remove --forget: of the feed only the server's id stays, until sent.
url2="$BASE/f/2"
run 0 "$MAJLIS" remove --forget "$url2"
expect_eq "the id alone" "$(sql 'SELECT action, target, folder FROM sync_feeds')" "0|feed/2|"
expect_eq "no post of it" "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$url2'")" 0
expect_eq "no row of it" "$(sql "SELECT count(*) FROM feeds WHERE url = '$url2'")" 0
run 0 "$MAJLIS" sync
expect_eq "unsubscribed there" "$(server_feeds)" "f/3=Blogs f/4=News f/5=Tech"
expect_eq "not back" "$(local_feeds)" "f/3 f/4 f/5"
expect_eq "then nothing" "$(pending)" 0

# 4. Offline: an add and a remove while the server is down, sent after.
greader_stop
run 0 "$MAJLIS" add "$BASE/f/6"
run 0 "$MAJLIS" remove "$BASE/f/3"
run 1 "$MAJLIS" sync
expect_eq "both kept" "$(pending)" 2
greader_start
run 0 "$MAJLIS" sync
expect_eq "both sent" "$(server_feeds)" "f/4=News f/5=Tech f/6="
expect_eq "here" "$(local_feeds)" "f/4 f/5 f/6"
expect_eq "done" "$(pending)" 0

# 5. Added, then removed before any sync: nothing to send.
run 0 "$MAJLIS" add "$BASE/f/7"
run 0 "$MAJLIS" remove "$BASE/f/7"
expect_eq "taken back" "$(pending)" 0

# 6. Killed while the server holds the subscribe (which it then applies):
#    the next sync sees it done and does not send it again.
run 0 "$MAJLIS" add "$BASE/f/8"
gr_edit --arg p "$EDIT" --arg u "$T/go" '.hold = {path: $p, from: 1, until: $u}'
: >"$T/gr.log"
killed_held
log_wait '[.[] | select(.path == "/api/greader.php/reader/api/0/subscription/edit" and .status == 200)] | length == 1'
expect_eq "applied by the server" "$(gr_jq "[.feeds[] | select(.url == \"$BASE/f/8\")] | length")" 1
expect_eq "still pending" "$(pending)" 1
gr_edit 'del(.hold)'
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "not sent again" "$(edits)" 0
expect_eq "once on the server" "$(gr_jq "[.feeds[] | select(.url == \"$BASE/f/8\")] | length")" 1
expect_eq "acknowledged after the kill" "$(pending)" 0

# 7. A command feed is the user's own: never sent.
mkdir -p "$HOME/bin"
printf '#!/bin/sh\ncat <<X\n<rss version="2.0"><channel><title>Made</title><item><title>a</title><link>http://example.org/a</link></item></channel></rss>\nX\n' >"$HOME/bin/make-feed"
chmod +x "$HOME/bin/make-feed"
run 0 "$MAJLIS" add 'exec:~/bin/make-feed' made
expect_eq "no subscription for a command" "$(pending)" 0
run 0 "$MAJLIS" remove 'exec:~/bin/make-feed'
expect_eq "nor its remove" "$(pending)" 0

# 8. A tag put on a synced feed here moves it to that folder there; the
#    folders the sync brings are no move.
run 0 "$MAJLIS" tag --feed "$BASE/f/4" Work
expect_eq "a move pending" "$(sql 'SELECT action, target, folder FROM sync_feeds')" "2|feed/4|Work"
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "its form" "$(jq -rn --arg p "$EDIT" '[inputs | select(.path == $p)][0].query | "\(.ac) \(.s) \(.a)"' "$T/gr.log")" "edit feed/4 user/-/label/Work"
expect_eq "moved there" "$(gr_jq '.feeds[] | select(.id == 4) | .category')" Work
expect_eq "sent" "$(pending)" 0
gr_edit '(.feeds[] | select(.id == 5)) .category = "Moved"'
run 0 "$MAJLIS" sync
expect_eq "the server's folder, a tag here" "$(sql "SELECT count(*) FROM feed_tags ft JOIN tags t ON t.id = ft.tag_id WHERE t.name = 'Moved'")" 1
expect_eq "and no move back" "$(pending)" 0

# 9. A feed the server refuses is said (its login masked), not sent again,
#    and stays here.
bad="http://reader:s3cret@${BASE#http://}/f/11"
run 0 "$MAJLIS" add "$bad"
gr_edit --arg u "$bad" '.refuse = [$u]'
run 0 "$MAJLIS" sync
expect_grep "said" "the server refused to subscribe to http://\*:\*@.*/f/11" "$T/err"
expect_no_grep "its password not said" "s3cret" "$T/err"
expect_eq "dropped" "$(pending)" 0
expect_eq "still here" "$(sql "SELECT count(*) FROM feeds WHERE url = '$bad' AND subscribed")" 1

# 10. Nor are the feeds of a member list followed: the list is the user's.
printf '<?xml version="1.0"?><opml version="2.0"><body><outline text="m" xmlUrl="%s/f/9"/></body></opml>\n' "$BASE" >"$T/list.opml"
server_routes "{\"/list\": {\"body\": \"$T/list.opml\", \"ctype\": \"text/x-opml\"}}"
run 0 "$MAJLIS" follow "$BASE/list"
expect_eq "a member here" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/f/9' AND subscribed")" 1
expect_eq "no subscription for a member" "$(pending)" 0
run 0 "$MAJLIS" sync
expect_eq "not on the server" "$(gr_jq "[.feeds[] | select(.url == \"$BASE/f/9\")] | length")" 0

# 11. A feed the server took a subscription to, whose id never came (the
#     sync killed before its pull listed the feeds: the push's list is the
#     held path's first request, the pull's its second), then removed
#     here: unsubscribed there by its address, and not brought back.
run 0 "$MAJLIS" add "$BASE/f/12"
gr_edit --arg p /api/greader.php/reader/api/0/subscription/list --arg u "$T/go" \
    '.hold = {path: $p, from: 2, until: $u}'
rm -f "$T/go"
killed_held
gr_edit 'del(.hold)'
expect_eq "subscribed there" "$(gr_jq "[.feeds[] | select(.url == \"$BASE/f/12\")] | length")" 1
expect_eq "no id here yet" "$(sql "SELECT sync_id IS NULL FROM feeds WHERE url = '$BASE/f/12'")" 1
run 0 "$MAJLIS" remove "$BASE/f/12"
run 0 "$MAJLIS" sync
expect_eq "unsubscribed there" "$(gr_jq "[.feeds[] | select(.url == \"$BASE/f/12\")] | length")" 0
expect_eq "not back here" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/f/12' AND subscribed")" 0
expect_eq "nothing left to send" "$(pending)" 0
exit 0
