#!/usr/bin/env bash
# exec: and filter: feeds, newsboat's script-made feeds: taken from add and
# from import of the user's own urls file, run without a shell beside the
# HTTP transfers, stored as a body would be; killed past the timeout or
# max-size; a failure is the first line of the command's stderr.  An OPML
# file, standard input and a member list never bring one: nothing runs.
. tests/lib.sh
server_start
mkdir -p "$HOME/bin"
feed() {	# feed TITLE: an RSS document of two posts
	cat <<XML
<?xml version="1.0"?>
<rss version="2.0"><channel><title>$1</title><link>http://127.0.0.1/</link>
<item><title>$1 one</title><guid>$1-1</guid></item>
<item><title>$1 two</title><guid>$1-2</guid></item>
</channel></rss>
XML
}
feed Made >"$T/made.xml"
printf '#!/bin/sh\ncat %q\n' "$T/made.xml" >"$HOME/bin/make-feed"
# Every argument, one a line, as the command was given them.
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >%q\ncat %q\n' "$T/args" "$T/made.xml" \
    >"$HOME/bin/args"
printf '#!/bin/sh\nsed "s/<title>/<title>F: /g"\n' >"$HOME/bin/retitle"
printf '#!/bin/sh\necho "no network here" >&2\necho second >&2\nexit 3\n' \
    >"$HOME/bin/fails"
printf '#!/bin/sh\nsleep 600\n' >"$HOME/bin/slow"
printf '#!/bin/sh\nhead -c 300000 /dev/zero | tr "\\\\0" x\n' >"$HOME/bin/big"
chmod +x "$HOME"/bin/*
posts() { sql "SELECT count(*) FROM posts JOIN feeds ON feeds.id = posts.feed_id WHERE feeds.url = '$1'"; }
err() { sql "SELECT error FROM feeds WHERE url = '$1'"; }

# --- add exec: ---------------------------------------------------------------
run 0 "$MAJLIS" add 'exec:~/bin/make-feed' made
expect_grep "add says it" "subscribed: Made  exec:~/bin/make-feed  2 posts" "$T/out"
expect_eq "add stored the posts" "$(posts 'exec:~/bin/make-feed')" 2
run 0 "$MAJLIS" fetch
expect_eq "unchanged output: nothing new" "$(posts 'exec:~/bin/make-feed')" 2
run 2 "$MAJLIS" add 'exec:'
expect_grep "add exec: without a command" "refused: not exec:COMMAND" "$T/err"
run 2 "$MAJLIS" add 'filter:~/bin/retitle:file:///etc/passwd'
expect_grep "add filter: without http" "refused: not filter:SCRIPT:URL" "$T/err"

# --- filter: through the suite's server ------------------------------------
run 0 "$MAJLIS" add "filter:~/bin/retitle:$BASE/f"
expect_eq "filter: stored" "$(posts "filter:~/bin/retitle:$BASE/f")" 3
expect_eq "filter: the script's output" \
    "$(sql "SELECT count(*) FROM posts WHERE title LIKE 'F: %'")" 3
expect_eq "filter: fetched once" "$(server_count /f)" 1
expect_eq "filter: no conditional GET" "$(server_log_field /f if-none-match)" ""

# A permanent redirect moves the URL behind the same script.
server_routes '{"/f": {"redirect": 301, "to": "/f2"}}'
run 0 "$MAJLIS" fetch "filter:~/bin/retitle:$BASE/f"
expect_eq "filter: moved behind its script" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = 'filter:~/bin/retitle:$BASE/f2'")" 1

# --- the river publishes no command line -------------------------------------
# An exec: feed is the user's script: left out; a filter: feed is published
# as the feed it fetches, its script unsaid.
run 0 "$MAJLIS" river --out "$T/river" --all --days 36500 --tz UTC --lang en
cat "$T/river"/*.html "$T/river"/*.xml >"$T/published"
expect_no_grep "no command line in the river" 'bin/(make-feed|retitle)|exec:|filter:' \
    "$T/published"
expect_grep "the filter: feed as the feed it fetches" "$BASE/f2" "$T/published"

# --- the words reach the command as words, never through a shell ------------
run 0 "$MAJLIS" add 'exec:~/bin/args $(touch~/pwned) ;touch~/semi `id` ~/x'
expect_eq "args: as words" "$(cat "$T/args")" \
    "$(printf '%s\n' '$(touch~/pwned)' ';touch~/semi' '`id`' "$HOME/x")"
expect_eq "args: no shell ran" "$(ls "$HOME")" bin

# --- failures: a failing script, the timeout, max-size ----------------------
run 0 "$MAJLIS" add 'exec:~/bin/fails'
expect_eq "fails: stderr's first line" "$(err 'exec:~/bin/fails')" \
    "exit status 3: no network here"
run 0 "$MAJLIS" add 'exec:~/bin/nosuch-script'
expect_grep "no such script" "exit status 127" <(err 'exec:~/bin/nosuch-script')
printf 'timeout = 2\nmax-size = 100K\n' >"$MAJLIS_CONFIG"
subscribe 'exec:~/bin/slow' 'exec:~/bin/big' "$BASE/ok"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "fetch with failures" "$rc" 1
expect_eq "slow: killed" "$(err 'exec:~/bin/slow')" \
    "the command ran past the timeout and was killed"
expect_eq "big: failed" "$(err 'exec:~/bin/big')" \
    "response larger than 102400 bytes, not read"
expect_eq "the http feed beside them" "$(posts "$BASE/ok")" 3
expect_eq "exec: stored again" "$(posts 'exec:~/bin/make-feed')" 2
run 0 "$MAJLIS" feeds
expect_grep "feeds shows the failure" "exit status 3: no network here" "$T/out"
: >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" remove 'exec:~/bin/slow'
run 0 "$MAJLIS" remove 'exec:~/bin/big'

# --- beside the transfers, not before or after them --------------------------
# /gated answers once the opener ran; the waiter ends once /gated answered.
# A fetch that ran its commands one after the other, or its transfers
# before or after them, never gets all three (the server holds /gated for
# 60 s at most; the fetch gives it 20).
printf '#!/bin/sh\ntouch %q\ncat %q\n' "$T/gate" "$T/made.xml" >"$HOME/bin/opener"
cat >"$HOME/bin/waiter" <<SH
#!/bin/sh
for i in \$(seq 400); do
	grep -qF '"path": "/gated"' '$T/server.log' && exec cat '$T/made.xml'
	sleep 0.05
done
echo "/gated never answered" >&2
exit 1
SH
chmod +x "$HOME/bin/opener" "$HOME/bin/waiter"
server_routes "{\"/gated\": {\"until\": \"$T/gate\"}}"
echo 'timeout = 20' >"$MAJLIS_CONFIG"
subscribe 'exec:~/bin/waiter' "$BASE/gated" 'exec:~/bin/opener'
run 0 "$MAJLIS" fetch 'exec:~/bin/waiter' "$BASE/gated" 'exec:~/bin/opener'
expect_eq "parallel: the waiter stored" "$(posts 'exec:~/bin/waiter')" 2
expect_eq "parallel: the gated feed stored" "$(posts "$BASE/gated")" 3
expect_eq "parallel: the opener stored" "$(posts 'exec:~/bin/opener')" 2
: >"$MAJLIS_CONFIG"

# --- only from the user's own hand: OPML, stdin, member lists refuse ---------
cat >"$T/in.opml" <<OPML
<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
<outline text="x" xmlUrl="exec:touch $T/opml-ran"/>
</body></opml>
OPML
run 1 "$MAJLIS" import "$T/in.opml"
expect_grep "OPML: refused, file and line" \
    "$T/in.opml:3: exec:touch $T/opml-ran: refused: an exec: feed runs a command" "$T/err"
printf '"exec:touch %s/stdin-ran"\n' "$T" | run 1 "$MAJLIS" import -
expect_grep "stdin: refused" "standard input:1: exec:touch .*: refused" "$T/err"
printf '%s\n' "\"exec:touch $T/list-ran\"" "filter:touch:$BASE/ok" "$BASE/m" \
    >"$T/list.urls"
server_routes "{\"/list\": {\"body\": \"$T/list.urls\", \"ctype\": \"text/plain\"}}"
run 0 "$MAJLIS" follow "$BASE/list"
expect_grep "list: exec refused" "$BASE/list:1: exec:touch .*: refused" "$T/err"
expect_grep "list: filter refused" "$BASE/list:2: filter:touch.*: refused" "$T/err"
run 1 "$MAJLIS" fetch		# ~/bin/fails fails, as before
expect_eq "nothing ran" "$(ls "$T"/*-ran 2>/dev/null)" ""
expect_eq "no such feed" \
    "$(sql "SELECT count(*) FROM feeds WHERE url LIKE 'exec:touch%' OR url LIKE 'filter:touch%'")" 0

# --- the user's own urls file -------------------------------------------------
printf '%s\n' '"exec:~/bin/make-feed --again" own "~Mine"' \
    "\"filter:~/bin/retitle:$BASE/g\" own" >"$T/own.urls"
run 0 "$MAJLIS" import "$T/own.urls"
expect_eq "urls file: both taken" \
    "$(sql "SELECT count(*) FROM feeds WHERE url IN ('exec:~/bin/make-feed --again', 'filter:~/bin/retitle:$BASE/g')")" 2

# --- export: as they were; OPML that majlis's own import refuses ------------
run 0 "$MAJLIS" export --urls
expect_grep "export --urls: exec: as written" '^"exec:~/bin/make-feed --again" own "~Mine"$' "$T/out"
run 0 "$MAJLIS" export
expect_no_grep "OPML export: no exec: feed" 'exec:' "$T/out"
expect_no_grep "OPML export: no filter: feed" 'filter:' "$T/out"
expect_grep "OPML export: the http feed" "xmlUrl=\"$BASE/ok\"" "$T/out"
expect_grep "OPML export: says what it left out" \
    '^majlis: exec:~/bin/make-feed --again: left out: OPML carries no command feeds' "$T/err"
