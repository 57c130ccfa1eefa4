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
fts_check=$(dirname "$MAJLIS_BIN")/tests/fts-check
[ -x "$fts_check" ] || fail "no $fts_check: build the programs first (make)"
server_start
seed=${FAULT_SEED:-$(( $(date +%s) % 100000 ))}
echo "seed $seed (FAULT_SEED=$seed repeats these delays)"
RANDOM=$seed
nfeeds=100 runs=20

# routes RUN: feed i serves min(30, 10 + RUN) items at version RUN; every
# fifth feed is slow, by a delay drawn from the seed (RANDOM reseeded in a
# subshell: the crash points drawn from it stay the same).
routes() {
	local run=$1 items=$(($1 < 20 ? 10 + $1 : 30)) i sep=
	(
		RANDOM=$((seed * 1000 + run))
		printf '{'
		for ((i = 0; i < nfeeds; i++)); do
			printf '%s"/f/%d": {"items": %d, "version": %d' \
			    "$sep" "$i" "$items" "$run"
			[ $((i % 5)) -ne 0 ] ||
			    printf ', "delay": %d' $((20 + RANDOM % 230))
			printf '}'
			sep=', '
		done
		printf '}\n'
	)
}
subscribe $(for i in $(seq 0 $((nfeeds - 1))); do echo "$BASE/f/$i"; done)
: >"$T/read-expected"
: >"$T/tags-expected"
: >"$T/posts-before"

# lost WANT HAVE: the lines of file WANT that are not in HAVE.
lost() { LC_ALL=C comm -23 <(LC_ALL=C sort -u "$1") <(LC_ALL=C sort -u "$2"); }

# check RUN: everything that must hold after a kill.
check() {
	local ic bad=
	ic=$(sql 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] || bad+="integrity_check: $(echo "$ic" | head -5)"$'\n'
	# The search index's own structure (it holds no copy of the text),
	# through majlis's connection: the index needs its tokenizer.
	ic=$("$fts_check" "$MAJLIS_DB" 2>&1) || bad+="search index: $ic"$'\n'
	sql 'SELECT feed_id, key FROM posts' >"$T/posts-now"
	lost "$T/posts-before" "$T/posts-now" >"$T/lost"
	[ ! -s "$T/lost" ] ||
	    bad+="$(wc -l <"$T/lost") posts lost, e.g. $(head -3 "$T/lost" | paste -sd' ')"$'\n'
	tr -s ' ' '\n' <"$T/read-expected" | grep . >"$T/want"
	sql 'SELECT id FROM posts WHERE read' >"$T/have"
	lost "$T/want" "$T/have" >"$T/lost"
	[ ! -s "$T/lost" ] || bad+="read flags lost: $(paste -sd' ' "$T/lost")"$'\n'
	sql 'SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id' >"$T/have"
	lost "$T/tags-expected" "$T/have" >"$T/lost"
	[ ! -s "$T/lost" ] || bad+="tags lost: $(paste -sd' ' "$T/lost")"$'\n'
	# Titles end in " vN": one N per feed, or the feed was stored halfway.
	sql "SELECT feed_id, group_concat(DISTINCT substr(title, instr(title, ' v')))
	    FROM posts GROUP BY feed_id
	    HAVING count(DISTINCT substr(title, instr(title, ' v'))) > 1" >"$T/half"
	[ ! -s "$T/half" ] || bad+="feeds stored halfway: $(head -3 "$T/half" | paste -sd' ')"$'\n'
	[ -z "$bad" ] || { printf '%s' "$bad"; fail "run $1: the kill cost data (above)"; }
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
