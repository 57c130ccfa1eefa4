#!/usr/bin/env bash
# Everyone at once, as on a real desktop: the reader is open (in tmux), cron
# runs 'majlis fetch -q' three times in a row over 60 feeds, and from
# another shell the user tags posts and marks them read in a loop, all at
# the same time.  Every command succeeds, nothing anywhere says "database
# is locked" (or busy), the reader is still running at the end and shows,
# without a key pressed, the feed title and the posts that only the third
# fetch brought.
. tests/lib.sh
need tmux
server_start
SOCK="majlis$$"
at_exit 'tmux -L "$SOCK" kill-server 2>/dev/null'

# screen: the reader's screen as text.
screen() { tmux -L "$SOCK" capture-pane -p; }
# wait_screen TEXT SECS: until TEXT is on the screen; 1 if it never is.
wait_screen() {
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

# routes N: what the Nth fetch sees.  60 feeds of 20 posts, every sixth
# slow; /late grows at the third fetch and is named then.
routes() {
	jq -nc --argjson n "$1" '[range(60) | {key: "/c/\(.)", value: {items: 20,
	    version: $n, delay: (if . % 6 == 0 then 150 else 0 end)}}] | from_entries |
	    .["/late"] = {title: (if $n >= 3 then "A Late Edition" else "Late" end),
	    items: (if $n >= 3 then 40 else 10 end), version: $n}'
}
server_routes "$(routes 0)"
subscribe "$BASE/late" $(for i in $(seq 0 59); do echo "$BASE/c/$i"; done)
"$MAJLIS" fetch -q || fail "the first fetch"
expect_eq "posts before" "$(sql 'SELECT count(*) FROM posts')" 1210
mapfile -t ids < <(sql 'SELECT id FROM posts ORDER BY id')

tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color \
    MAJLIS_DB='$MAJLIS_DB' MAJLIS_CONFIG='$MAJLIS_CONFIG' '$MAJLIS'; \
    echo majlis-exited-\$?; sleep 600" || fail "tmux did not start"
wait_screen "All unread" 10 || { screen; fail "the reader did not start"; }
wait_screen "(10/10) Late" 5 || { screen; fail "the feed list is not as expected"; }

# cron: three fetches in a row, each with the feeds changed.
(
	for n in 1 2 3; do
		server_routes "$(routes $n)"
		"$MAJLIS" fetch -q >"$T/fetch$n.out" 2>&1 || { echo "fetch $n: $?" >>"$T/bad"; }
	done
) &
cron=$!
# The user, meanwhile, from another shell.
n=0 bad=0
while kill -0 "$cron" 2>/dev/null; do
	id=${ids[RANDOM % ${#ids[@]}]}
	"$MAJLIS" tag "$id" x >>"$T/user.out" 2>>"$T/user.err" || bad=$((bad + 1))
	id=${ids[RANDOM % ${#ids[@]}]}
	"$MAJLIS" mark read "$id" >>"$T/user.out" 2>>"$T/user.err" || bad=$((bad + 1))
	echo "$id" >>"$T/marked"
	n=$((n + 1))
done
wait "$cron"
echo "$n tag + mark rounds during three fetches"
[ "$n" -ge 3 ] || skip "the fetches were too quick to overlap with the user ($n rounds)"

[ -f "$T/bad" ] && fail "a cron fetch failed: $(cat "$T/bad") $(cat "$T"/fetch*.out)"
for f in 1 2 3; do
	expect_eq "fetch $f quiet" "$(cat "$T/fetch$f.out")" ""
done
expect_eq "failed tag/mark commands" "$bad" 0
expect_eq "tag/mark stderr" "$(cat "$T/user.err")" ""
expect_eq "all marked posts read" \
    "$(sql "SELECT count(*) FROM posts WHERE read AND id IN ($(sort -u "$T/marked" | paste -sd,))")" \
    "$(sort -u "$T/marked" | wc -l)"
expect_eq "posts after" "$(sql 'SELECT count(*) FROM posts')" 1240
expect_eq "titles of the third fetch" "$(sql "SELECT count(*) FROM posts WHERE title LIKE '% v3'")" 1240

# The reader: alive, clean, and up to date without a key pressed.
wait_screen "/40) A Late Edition" 10 || { screen; fail "the reader does not show the new feed title and count"; }
screen >"$T/screen"
expect_no_grep "reader: no lock error" "locked|busy|error" "$T/screen"
expect_no_grep "reader: still running" "majlis-exited" "$T/screen"
expect_grep "reader: all feeds" "Feeds \(61\)" "$T/screen"
# It still answers keys: open the renamed feed (its row is below "All
# unread" and the tag rows), whose newest posts are the third fetch's.
row=$(screen | grep -nF "A Late Edition" | head -n 1 | cut -d: -f1)
tmux -L "$SOCK" send-keys g $(for ((i = 2; i < row; i++)); do echo j; done) Enter
wait_screen "A Late Edition (" 10 || { screen; fail "the reader stopped answering"; }
# (The title bar is drawn before the rows: polled.)
top_row() { screen | sed -n 2p | grep -qF "A Late Edition item 39 v3"; }
for i in $(seq 200); do top_row && break; sleep 0.05; done
top_row || { screen; fail "the new post is not the top row"; }
tmux -L "$SOCK" send-keys q
wait_screen "Feeds (61)" 10 || { screen; fail "the reader did not go back"; }
tmux -L "$SOCK" send-keys q
wait_screen "majlis-exited-0" 10 || { screen; fail "the reader did not exit cleanly"; }
expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
exit 0
