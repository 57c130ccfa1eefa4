#!/usr/bin/env bash
# Conditional GET: a 200 stores the validators, the refetch sends them back
# and the 304 is recorded (its time and status, for 'majlis feeds') in the
# fetch's batch, without touching the posts.  ETag-only and
# Last-Modified-only servers, gzip, and the User-Agent.
. tests/lib.sh
server_start
server_routes '{"/etag": {"lm": 0}, "/lm": {"etag": 0}, "/gz": {"gzip": 1, "items": 40}}'
subscribe "$BASE/both" "$BASE/etag" "$BASE/lm" "$BASE/gz"

rc=$(run_status "$MAJLIS" fetch)
expect_eq "first fetch exit" "$rc" 0
expect_eq "posts stored" "$(sql 'SELECT count(*) FROM posts')" 49
expect_eq "/both 200" "$(server_count /both 200)" 1
expect_eq "ETag stored" "$(sql "SELECT etag IS NOT NULL FROM feeds WHERE url = '$BASE/both'")" 1
expect_eq "Last-Modified stored" \
    "$(sql "SELECT last_modified FROM feeds WHERE url = '$BASE/lm'")" \
    "Wed, 01 Jan 2025 00:00:00 GMT"
expect_eq "user agent" "$(server_log_field /both ua)" "majlis/$("$MAJLIS" --version | sed 's/^majlis //')"
expect_grep "gzip offered" gzip <(server_log_field /gz ae)

# The refetch: every feed answers 304, and each fetch is recorded:
# last_fetch moves, status says 304, last_change stays at the 200.
sql_write "UPDATE feeds SET last_fetch = last_fetch - 1000,
    last_change = last_fetch - 1000"
changed=$(sql "SELECT group_concat(last_change) FROM feeds ORDER BY id")
posts_before=$(sql 'SELECT group_concat(id || read || coalesce(updated, 0)) FROM posts')
writes=$(db_writes "$MAJLIS" fetch)
expect_eq "second fetch exit" "$(cat "$T/rc")" 0
expect_eq "an all-304 fetch commits, in at most one batch a feed" \
    "$([ "$writes" -ge 1 ] && [ "$writes" -le 4 ] && echo ok || echo "$writes")" ok
expect_eq "every 304 recorded" "$(sql "SELECT count(*) FROM feeds
    WHERE status = 304 AND last_fetch >= strftime('%s', 'now') - 60")" 4
expect_eq "last_change kept" \
    "$(sql "SELECT group_concat(last_change) FROM feeds ORDER BY id")" "$changed"
expect_eq "posts untouched" \
    "$(sql 'SELECT group_concat(id || read || coalesce(updated, 0)) FROM posts')" "$posts_before"
expect_eq "feeds --json says 304" "$("$MAJLIS" feeds --json |
    jq -r '[.[] | select(.status == 304 and .last_fetch > .last_change)] | length')" 4
for p in /both /etag /lm /gz; do
	expect_eq "$p answered 304" "$(server_count $p 304)" 1
done
expect_eq "both validators sent" "$(server_log_field /both inm)" \
    "$(sql "SELECT etag FROM feeds WHERE url = '$BASE/both'")"
expect_eq "If-Modified-Since sent" "$(server_log_field /both ims)" \
    "Wed, 01 Jan 2025 00:00:00 GMT"
expect_eq "ETag-only: no If-Modified-Since" "$(server_log_field /etag ims)" ""
expect_grep "ETag-only: If-None-Match" . <(server_log_field /etag inm)
expect_eq "LM-only: no If-None-Match" "$(server_log_field /lm inm)" ""
expect_eq "LM-only: If-Modified-Since" "$(server_log_field /lm ims)" \
    "Wed, 01 Jan 2025 00:00:00 GMT"
expect_grep "summary line" '4 feeds fetched, 0 new posts, 0 failed' "$T/out"

# A changed feed is a 200 again, and only its new posts are new.
server_routes '{"/etag": {"lm": 0}, "/lm": {"etag": 0}, "/gz": {"gzip": 1, "items": 40},
    "/both": {"items": 5}}'
rc=$(run_status "$MAJLIS" fetch)
expect_eq "third fetch exit" "$rc" 0
expect_eq "/both 200 again" "$(server_count /both 200)" 2
expect_eq "posts after the change" "$(sql 'SELECT count(*) FROM posts')" 51
expect_grep "summary counts new posts" '2 new posts' "$T/out"
exit 0
