#!/usr/bin/env bash
# Redirects: a permanent one (301, 308) moves the subscription to the new
# URL, a temporary one (302, 307) does not; a loop is an error after at most
# five hops; a permanent redirect to an error moves nothing.
. tests/lib.sh
server_start
server_routes '{
  "/p301": {"redirect": 301, "to": "/new301"},
  "/p308": {"redirect": 308, "to": "/new308"},
  "/t302": {"redirect": 302, "to": "/tmp302"},
  "/t307": {"redirect": 307, "to": "/tmp307"},
  "/chain": {"redirect": 301, "to": "/chain2"},
  "/chain2": {"redirect": 302, "to": "/chain3"},
  "/loop": {"redirect": 301},
  "/dead": {"redirect": 301, "to": "/gone404"},
  "/gone404": {"status": 404}
}'
subscribe "$BASE/p301" "$BASE/p308" "$BASE/t302" "$BASE/t307" "$BASE/chain" \
    "$BASE/loop" "$BASE/dead"

rc=$(run_status "$MAJLIS" fetch)
expect_eq "exit (loop and dead fail)" "$rc" 1
urls=$(sql 'SELECT url FROM feeds ORDER BY id' | sed "s|$BASE||" | tr '\n' ' ')
expect_eq "stored URLs" "$urls" "/new301 /new308 /t302 /t307 /chain2 /loop /dead "
expect_eq "posts of the five good feeds" "$(sql 'SELECT count(*) FROM posts')" 15
expect_grep "loop error" "$BASE/loop: too many redirects" "$T/err"
expect_eq "loop stopped after 6 requests" "$(server_count /loop)" 6
expect_grep "redirect to a 404" "$BASE/dead: HTTP 404" "$T/err"
expect_eq "error stored" "$(sql "SELECT error FROM feeds WHERE url = '$BASE/loop'")" \
    "too many redirects (more than 5)"

# The moved feeds are now fetched at their new address, conditionally.
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch "$BASE/new301" "$BASE/t302")
expect_eq "refetch exit" "$rc" 0
expect_eq "new URL asked directly" "$(server_count /p301)" 0
expect_eq "new URL answered 304" "$(server_count /new301 304)" 1
expect_eq "temporary redirect still followed" "$(server_count /t302 302)" 1
expect_eq "its target 304" "$(server_count /tmp302 304)" 1
exit 0
