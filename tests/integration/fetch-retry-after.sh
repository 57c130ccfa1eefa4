#!/usr/bin/env bash
# 429 and 503 with Retry-After (seconds, or an HTTP date): the time is
# stored, the feed is skipped until then (and we say so), and fetched again
# after it (the test moves the stored time into the past rather than wait).
. tests/lib.sh
server_start
until=$(($(date +%s) + 300))
when=$(LC_ALL=C date -u -d "@$until" '+%a, %d %b %Y %H:%M:%S GMT')
server_routes '{
  "/busy": {"status": 429, "retry": "120"},
  "/down": {"status": 503, "retry": "'"$when"'"},
  "/plain503": {"status": 503}
}'
subscribe "$BASE/busy" "$BASE/down" "$BASE/plain503" "$BASE/ok"
start=$(date +%s)
rc=$(run_status "$MAJLIS" fetch)
end=$(date +%s)
expect_eq "first exit" "$rc" 1
expect_eq "429 stored" "$(sql "SELECT status, error FROM feeds WHERE url = '$BASE/busy'")" \
    "429|HTTP 429 Too Many Requests"
ra=$(sql "SELECT retry_after FROM feeds WHERE url = '$BASE/busy'")
# (Between the fetch's start and its end, however long it took.)
[ "$ra" -ge $((start + 120)) ] && [ "$ra" -le $((end + 120)) ] ||
    fail "429 retry_after $ra not 120 s after the answer ($start to $end)"
ra=$(sql "SELECT retry_after FROM feeds WHERE url = '$BASE/down'")
expect_eq "503 retry_after: the date sent" "$ra" "$until"
expect_eq "no Retry-After, nothing stored" \
    "$(sql "SELECT retry_after IS NULL FROM feeds WHERE url = '$BASE/plain503'")" 1

# Right away: both are skipped, with a word why; the others are fetched.
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "second exit (the plain 503 fails again)" "$rc" 1
expect_eq "busy not asked" "$(server_count /busy)" 0
expect_eq "down not asked" "$(server_count /down)" 0
expect_eq "plain 503 asked" "$(server_count /plain503)" 1
expect_grep "says it skipped" "$BASE/busy: skipped" "$T/err"
expect_grep "summary counts skipped" '2 skipped' "$T/out"

# Once the time has passed, it is asked again (and this time it works).
server_routes '{"/plain503": {"status": 503}}'
sql_write "UPDATE feeds SET retry_after = $(($(date +%s) - 1)) WHERE retry_after IS NOT NULL"
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch "$BASE/busy" "$BASE/down")
expect_eq "later exit" "$rc" 0
expect_eq "busy asked again" "$(server_count /busy 200)" 1
expect_eq "down asked again" "$(server_count /down 200)" 1
expect_eq "error cleared" "$(sql "SELECT error IS NULL FROM feeds WHERE url = '$BASE/busy'")" 1
exit 0
