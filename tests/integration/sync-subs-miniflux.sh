#!/usr/bin/env bash
# Subscriptions both ways with Miniflux (tests/miniflux.py): a feed added
# here is created on the server at the next sync, in the category titled
# as its first tag (made if there is none), once, even when the sync was
# killed while the server held its answer; a feed removed here is deleted
# there and does not come back; remove --forget keeps only the server's
# id until sent; changes made while the server is down are sent after.
. tests/lib.sh
. tests/integration/sync.lib
server_start
miniflux_start
mf_seed 20 2
server_feeds() { gr_jq '[.feeds[] | "\(.feed_url | sub(".*/f/"; "f/"))=\(.category.title)"] | sort | join(" ")'; }
local_feeds() { "$MAJLIS" feeds --json | jq -r '[.[] | .url | sub(".*/f/"; "f/")] | sort | join(" ")'; }
posts_to() { jq -n '[inputs | select(.path == "/v1/feeds" and .method == "POST" and .event == null)] | length' "$T/gr.log"; }
pending() { sql 'SELECT count(*) FROM sync_feeds'; }

run 0 "$MAJLIS" sync
expect_eq "the server's feeds here" "$(local_feeds)" "f/1 f/2"

# 1. add, with a tag no category has: the category is made, the feed in it.
run 0 "$MAJLIS" add "$BASE/f/3" Tech
run 0 "$MAJLIS" add "$BASE/f/4" Blogs
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "on the server" "$(server_feeds)" "f/1=Blogs f/2=News f/3=Tech f/4=Blogs"
expect_eq "one category made" "$(gr_jq '[.categories[] | .title] | join(" ")')" "Tech"
expect_eq "two feeds posted" "$(posts_to)" 2
expect_eq "acknowledged" "$(pending)" 0
expect_eq "the server's ids here" "$(sql "SELECT group_concat(sync_id, ' ') FROM (SELECT sync_id FROM feeds WHERE url IN ('$BASE/f/3', '$BASE/f/4') ORDER BY url)")" "3 4"

# 2. remove and remove --forget: deleted there, not back here.
run 0 "$MAJLIS" remove "$BASE/f/1"
run 0 "$MAJLIS" remove --forget "$BASE/f/3"
expect_eq "the ids alone" "$(sql 'SELECT group_concat(action || target || coalesce(folder, ""), " ") FROM sync_feeds')" "01 03"
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "deleted" "$(jq -rn '[inputs | select(.method == "DELETE") | .path] | join(" ")' "$T/gr.log")" "/v1/feeds/1 /v1/feeds/3"
expect_eq "on the server" "$(server_feeds)" "f/2=News f/4=Blogs"
expect_eq "not back here" "$(local_feeds)" "f/2 f/4"
expect_eq "no entries of f/1 left there" "$(gr_jq '[.entries[] | select(.feed_id == 1)] | length')" 0

# 3. Offline, then sent.
greader_stop
run 0 "$MAJLIS" add "$BASE/f/5"
run 0 "$MAJLIS" remove "$BASE/f/4"
run 1 "$MAJLIS" sync
expect_eq "both kept" "$(pending)" 2
miniflux_start
run 0 "$MAJLIS" sync
expect_eq "both sent" "$(server_feeds)" "f/2=News f/5=News"
expect_eq "here" "$(local_feeds)" "f/2 f/5"

# 4. A tag put on a synced feed moves it to that category (made).
run 0 "$MAJLIS" tag --feed "$BASE/f/2" Work
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "moved there" "$(server_feeds)" "f/2=Work f/5=News"
expect_eq "sent" "$(pending)" 0

# 5. Killed while the server holds the POST, which it then applies.
run 0 "$MAJLIS" add "$BASE/f/6"
gr_edit --arg u "$T/go" '.hold = {path: "/v1/feeds", from: 2, until: $u}'
: >"$T/gr.log"
killed_held
log_wait '[.[] | select(.path == "/v1/feeds" and .method == "POST" and .status == 201)] | length == 1'
expect_eq "applied by the server" "$(gr_jq "[.feeds[] | select(.feed_url == \"$BASE/f/6\")] | length")" 1
gr_edit 'del(.hold)'
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "not posted again" "$(posts_to)" 0
expect_eq "once on the server" "$(gr_jq "[.feeds[] | select(.feed_url == \"$BASE/f/6\")] | length")" 1
expect_eq "acknowledged after the kill" "$(pending)" 0
exit 0
