#!/usr/bin/env bash
# SIGKILL at random points of a fetch, twenty times over.  100 feeds that
# grow from 11 to 30 posts and change every title at each run, a fifth of
# them slow; between runs the user marks posts read and tags them.  Each run
# kills itself inside a write, at a crash point drawn at random
# (MAJLIS_TEST_CRASH, db.c): right after its Nth post was written, its
# batch open, or just before its Nth COMMIT; the test checks that it died
# by SIGKILL there.  After every kill:
#   - PRAGMA integrity_check is ok, and the next commands work at once
#     (no stale lock, no "database is locked");
#   - no post stored before is lost, no read flag or tag set before is lost;
#   - no feed is stored halfway: all of a feed's posts carry the titles of
#     one version of it (one transaction per feed).
# Then a fetch that is left alone stores every post of every feed.
# The delays and crash points come from a seed, printed, so that a failure
# can be replayed:
# FAULT_SEED=N.
. tests/lib.sh
server_start
seed=${FAULT_SEED:-$(( $(date +%s) % 100000 ))}
echo "seed $seed (FAULT_SEED=$seed repeats these delays)"
RANDOM=$seed
nfeeds=100 runs=20

# routes RUN: feed i serves min(30, 10 + RUN) items at version RUN; every
# fifth feed is slow, by a delay drawn from the seed.
routes() {
	python3 - "$1" "$seed" "$nfeeds" <<'PY'
import json, random, sys
run, seed, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed * 1000 + run)
r = {}
for i in range(n):
    p = {"items": min(30, 10 + run), "version": run}
    if i % 5 == 0:
        p["delay"] = rnd.randrange(20, 250)
    r["/f/%d" % i] = p
print(json.dumps(r))
PY
}
subscribe $(for i in $(seq 0 $((nfeeds - 1))); do echo "$BASE/f/$i"; done)
: >"$T/read-expected"
: >"$T/tags-expected"
: >"$T/posts-before"

# check RUN: everything that must hold after a kill (one python, not a
# query per post, to keep twenty rounds quick).
check() {
	python3 - "$MAJLIS_DB" "$T" <<'PY' || fail "run $1: the kill cost data (above)"
import sqlite3, sys
db, t = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, timeout=30)
bad = []
ic = c.execute("PRAGMA integrity_check").fetchall()
if ic != [("ok",)]:
    bad.append("integrity_check: %r" % ic[:5])
# The search index's own structure (it holds no copy of the text).
try:
    c.execute("INSERT INTO posts_fts(posts_fts) VALUES('integrity-check')")
    c.rollback()
except sqlite3.DatabaseError as e:
    bad.append("search index: %s" % e)
have = set(c.execute("SELECT feed_id, key FROM posts"))
before = set()
for line in open(t + "/posts-before"):
    f, k = line.rstrip("\n").split("|", 1)
    before.add((int(f), k))
lost = before - have
if lost:
    bad.append("%d posts lost, e.g. %r" % (len(lost), sorted(lost)[:3]))
want_read = {int(x) for x in open(t + "/read-expected").read().split()}
read = {r[0] for r in c.execute("SELECT id FROM posts WHERE read")}
if want_read - read:
    bad.append("read flags lost: %r" % sorted(want_read - read))
want_tags = {tuple(l.rstrip("\n").split("|")) for l in open(t + "/tags-expected")}
tags = {(str(p), n) for p, n in c.execute(
    "SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id")}
if want_tags - tags:
    bad.append("tags lost: %r" % sorted(want_tags - tags))
# Titles end in " vN": one N per feed, or the feed was stored halfway.
half = c.execute("SELECT feed_id, group_concat(DISTINCT substr(title, instr(title, ' v')))"
                 " FROM posts GROUP BY feed_id"
                 " HAVING count(DISTINCT substr(title, instr(title, ' v'))) > 1").fetchall()
if half:
    bad.append("feeds stored halfway: %r" % half[:3])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

killed=0 total_ms=0
for run in $(seq 1 $runs); do
	server_routes "$(routes "$run")"
	: >"$T/server.log"
	# Where to strike: after one of the run's 1100 or more post writes
	# (every title changes), or before one of its first COMMITs (a run
	# with fewer finishes).
	if [ $((RANDOM % 3)) -eq 0 ]; then
		point=commit:$((1 + RANDOM % 4))
	else
		point=post:$((1 + RANDOM % 1100))
	fi
	start=$(date +%s%N)
	MAJLIS_TEST_CRASH=$point "$MAJLIS_BIN" fetch -q >"$T/fetch.out" 2>&1
	rc=$?
	case $rc in
	137)	expect_grep "run $run: died at $point" \
		    "^majlis: test crash at ${point/:/ }$" "$T/fetch.out"
		killed=$((killed + 1))
		what="killed" ;;
	0)	[ "${point%%:*}" = commit ] ||
		    fail "run $run: the fetch never reached $point"
		what="finished first" ;;
	*)	fail "run $run: the fetch exited $rc: $(cat "$T/fetch.out")" ;;
	esac
	ms=$((($(date +%s%N) - start) / 1000000))
	total_ms=$((total_ms + ms))
	echo "run $run: at $point: $what at $ms ms," \
	    "$(grep -c '"status": 200' "$T/server.log") feeds served," \
	    "$(sql 'SELECT count(*) FROM posts') posts stored"
	check "$run"

	# The user, between two cron runs: reads some posts, tags others.
	mapfile -t ids < <(sql 'SELECT id FROM posts ORDER BY id')
	if [ ${#ids[@]} -gt 0 ]; then
		r1=${ids[RANDOM % ${#ids[@]}]} r2=${ids[RANDOM % ${#ids[@]}]}
		t1=${ids[RANDOM % ${#ids[@]}]}
		rc=$(run_status "$MAJLIS" mark read "$r1" "$r2")
		expect_eq "run $run: mark read after the kill" "$rc" 0
		rc=$(run_status "$MAJLIS" tag "$t1" "k$run")
		expect_eq "run $run: tag after the kill" "$rc" 0
		printf '%s\n%s\n' "$r1" "$r2" >>"$T/read-expected"
		echo "$t1|k$run" >>"$T/tags-expected"
	fi
	sql 'SELECT feed_id, key FROM posts' >"$T/posts-before"
done
echo "$killed of $runs runs killed mid-fetch, $total_ms ms in all"
[ "$killed" -ge $((runs / 2)) ] ||
    fail "only $killed of $runs fetches reached their crash point"

# Left alone, a fetch brings everything.
server_routes "$(routes 30)"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "final fetch" "$rc" 0
expect_grep "final summary" "^$nfeeds feeds fetched, [0-9]+ new posts, 0 failed" "$T/out"
check final
expect_eq "every post stored" "$(sql 'SELECT count(*) FROM posts')" $((nfeeds * 30))
expect_eq "every title current" "$(sql "SELECT count(*) FROM posts WHERE title LIKE '% v30'")" $((nfeeds * 30))
expect_eq "read flags" "$(sql 'SELECT count(*) FROM posts WHERE read')" "$(sort -u "$T/read-expected" | wc -l)"
expect_eq "tags" "$(sql 'SELECT count(*) FROM post_tags')" "$(sort -u "$T/tags-expected" | wc -l)"
# The search index was kept in step through every kill: a sample of posts
# is found by the words of its current title.
for i in 0 $((RANDOM % nfeeds)) $((RANDOM % nfeeds)) $((nfeeds - 1)); do
	n=$((RANDOM % 30))
	"$MAJLIS" posts --search "item $n v30" --limit 1000 >"$T/found"
	expect_grep "search finds /f/$i item $n" "Feed /f/$i item $n v30" "$T/found"
done
exit 0
