#!/usr/bin/env bash
# Retention (keep-posts, keep-days) is applied to what a sync brings, at
# the sync, as after a fetch: read posts past the limits go, unread and
# tagged ones stay, and the next sync does not bring back what went.
. tests/lib.sh
. tests/integration/sync.lib
server_start
greader_start
gr_seed 40 2
# Items 0-29 read on the server, one of them starred; 30-39 unread.
gr_edit '.items |= [to_entries[] | .value + {read: (.key < 30), starred: (.key == 0)}]'
printf 'keep-posts = 5\n' >>"$T/config"
run 0 "$MAJLIS" sync
# Each feed keeps its 5 newest (the unread ones); of the 30 read, only the
# starred one (tagged here) stays.
expect_eq "trimmed at the sync" "$(sql 'SELECT count(*) FROM posts')" 11
expect_eq "no read untagged post past the 5 newest" "$(sql 'SELECT count(*) FROM posts WHERE read AND id NOT IN (SELECT post_id FROM post_tags)')" 0
expect_eq "the starred one kept" "$(sql "SELECT count(*) FROM posts p JOIN post_tags t ON t.post_id = p.id")" 1
run 0 "$MAJLIS" sync
expect_eq "not brought back" "$(sql 'SELECT count(*) FROM posts')" 11
# keep-days: everything is from 2023; the unread posts stay.
printf 'keep-days = 30\nkeep-posts = 0\n' >>"$T/config"
sed -i '/^keep-posts = 5$/d' "$T/config"
run 0 "$MAJLIS" mark read "$(sql 'SELECT id FROM posts WHERE NOT read ORDER BY id LIMIT 1')"
run 0 "$MAJLIS" sync
expect_eq "the read one past keep-days gone" "$(sql 'SELECT count(*) FROM posts')" 10
exit 0
