#!/usr/bin/env bash
# A fetch when the disk is full.  The database lives on a small tmpfs of its
# own (as root, when mount works; else a file size limit, ulimit -f, with
# SIGXFSZ ignored so that writes fail with EFBIG as they would at ENOSPC).
# With the disk full while a big feed is being stored:
#   - fetch exits non-zero and its message names the problem (full / no
#     space), it does not crash;
#   - the database stays consistent: integrity_check ok, every post, read
#     flag and tag stored before is still there, nothing half stored;
#   - readers still work on a full disk;
# and once space is freed, the next fetch completes and stores everything.
. tests/lib.sh
server_start
server_routes '{"/big": {"stream": 5000, "title": "Big"}}'

# FAULT_DISK=ulimit tries the fallback even as root.
mode=
if [ "${FAULT_DISK:-}" != ulimit ] && [ "$(id -u)" = 0 ] &&
    command -v mount >/dev/null; then
	mkdir -p "$T/disk"
	if mount -t tmpfs -o size=8m,mode=0700 majlis-test "$T/disk" 2>"$T/mount.err"; then
		mode=tmpfs
		at_exit 'umount "$T/disk" 2>/dev/null'
		# Killed by the runner's timeout: still unmount on the way out.
		trap 'exit 1' TERM INT HUP
		export MAJLIS_DB="$T/disk/majlis.db"
	fi
fi
if [ -z "$mode" ]; then
	(ulimit -f 1024) 2>/dev/null || skip "cannot make a full disk: no tmpfs mount ($(cat "$T/mount.err" 2>/dev/null)), no ulimit -f"
	mode="ulimit"
fi
echo "full disk by: $mode"

# run_full CMD...: run_status with the disk full.  On the tmpfs it is
# full already; with ulimit, no file may grow past its size now.
run_full() {
	if [ "$mode" = ulimit ]; then
		local kb=$(( ($(stat -c %s "$MAJLIS_DB") + 1023) / 1024 + 64 ))
		(trap '' XFSZ; ulimit -f "$kb"; "$@") >"$T/out" 2>"$T/err"
		echo $?
	else
		run_status "$@"
	fi
}

subscribe "$BASE/a?items=20" "$BASE/b?items=20" "$BASE/c?items=20" "$BASE/big"
# Before: three small feeds stored, some read, some tagged.
rc=$(run_status "$MAJLIS" fetch "$BASE/a?items=20" "$BASE/b?items=20" "$BASE/c?items=20")
expect_eq "first fetch" "$rc" 0
expect_eq "first posts" "$(sql 'SELECT count(*) FROM posts')" 60
"$MAJLIS" mark read 1 2 3 || fail "mark read"
"$MAJLIS" tag 4 keep || fail "tag"
sql 'SELECT id, key, title, read FROM posts ORDER BY id' >"$T/before"

# Fill the disk, then give back a little: the small writes of a run fit,
# the 5000 posts of /big do not.
if [ "$mode" = tmpfs ]; then
	dd if=/dev/zero of="$T/disk/filler" bs=64k 2>/dev/null
	truncate -s -192K "$T/disk/filler"
	df -k "$T/disk" | tail -n 1
fi
start=$(date +%s%N)
rc=$(run_full "$MAJLIS" fetch)
ms=$((($(date +%s%N) - start) / 1000000))
echo "fetch on a full disk: exit $rc after $ms ms"; cat "$T/out" "$T/err"
[ "$rc" -ne 0 ] || fail "fetch on a full disk exited 0"
[ "$rc" -lt 128 ] || fail "fetch on a full disk died of a signal (exit $rc)"
[ "$rc" -ne 99 ] || fail "fetch on a full disk: sanitizer error"
# Whether the message names the problem is asserted last, so that the
# consistency and recovery checks run whatever it says.
cp "$T/err" "$T/full.err"
expect_eq "integrity on the full disk" "$(sql 'PRAGMA integrity_check')" ok
sql 'SELECT id, key, title, read FROM posts WHERE id IN (SELECT id FROM posts ORDER BY id LIMIT 60) ORDER BY id' >"$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after" | head; fail "earlier posts changed"; }
expect_eq "tag kept" "$(sql "SELECT count(*) FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = 4 AND t.name = 'keep'")" 1
n=$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/big'")
[ "$n" -eq 0 ] || [ "$n" -eq 5000 ] || fail "the big feed was stored halfway: $n of 5000 posts"

# Reading needs no space.
rc=$(run_full "$MAJLIS" posts --limit 5)
expect_eq "posts on a full disk" "$rc" 0
expect_eq "posts listed" "$(wc -l <"$T/out")" 5
rc=$(run_full "$MAJLIS" feeds)
expect_eq "feeds on a full disk" "$rc" 0

# Space again: the next fetch completes.
[ "$mode" = tmpfs ] && rm -f "$T/disk/filler"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "fetch after freeing space" "$rc" 0
expect_eq "every post" "$(sql 'SELECT count(*) FROM posts')" 5060
expect_eq "integrity after" "$(sql 'PRAGMA integrity_check')" ok
sql 'SELECT id, key, title, read FROM posts WHERE id IN (SELECT id FROM posts ORDER BY id LIMIT 60) ORDER BY id' >"$T/after"
cmp -s "$T/before" "$T/after" || fail "earlier posts changed after the recovery"
expect_eq "no error left on the feeds" "$(sql 'SELECT count(*) FROM feeds WHERE error IS NOT NULL')" 0

# SQLite says "database or disk is full" for ENOSPC; EFBIG (the ulimit
# stand-in) is only "disk I/O error" to it.
if [ "$mode" = tmpfs ]; then
	expect_grep "the full disk is named as the problem" "^majlis: .*(full|[Nn]o space)" "$T/full.err"
else
	expect_grep "the file limit is named as the problem" "^majlis: .*(full|[Nn]o space|too large|I/O error)" "$T/full.err"
fi
exit 0
