#!/usr/bin/env bash
# tests/ui/reader-polish.sh: what a new user of the reader hit first
# (issue 14).  Quotes group in the tag prompt; a fetch that found another
# one running says so instead of "fetch done", and the last fetch's outcome
# is not left in front of a new one; "fetched 1 feed"; a browser that fails
# is named with its exit status and first line of stderr; u lists the
# post's own link too; s in the feed list hides the feeds all read; an
# unknown key points at ?; Arabic typed in a prompt is drawn reordered; the first-run hint fits 80 columns; the title
# bar keeps its count outside an Arabic title and its ellipsis where the
# title was cut.
. tests/lib.sh
. tests/ui/tmux.lib
server_routes "$(jq --arg go "$T/slow-go" '.["/slow"] = {until: $go, title: "Slow"}' \
    tests/data/ui-routes.json)"
server_start
BASE=$BASE tests/ui/make-fixture || fail "could not build the fixture database"

# A browser that fails, saying why on stderr (with an escape sequence).
# Named without a directory (found on PATH): the status line names it, and
# with $T in its name the line outgrew the 100 columns when TMPDIR was 18
# characters or more (mktemp -d's /tmp/tmp.XXXXXXXXXX), cutting the text
# after the escape off.
mkdir -p "$T/bin"
cat >"$T/bin/badbrowser" <<'SH'
#!/bin/sh
printf 'no handler for \033[31mthat\033[0m link\nsecond line\n' >&2
exit 3
SH
chmod +x "$T/bin/badbrowser"
export PATH="$T/bin:$PATH"
printf 'browser = badbrowser\n' >"$MAJLIS_CONFIG"

ui_start
ui_wait "Feeds (3)"

# The title bar: the count stays outside the Arabic title's run, and the
# ellipsis of a title cut short stays on the side where it was cut.
ar="أخبار المجلس"
ui_keys g j j Enter
ui_wait " majlis: $(ui_visual "$ar") (2)"
ui_resize 24 10
ui_wait " majlis: …$(ui_visual "أخبار المج") (2)"
ui_resize 100 30
ui_keys q
ui_wait "Feeds (3)"

# An unknown key says where the help is.
ui_keys Z
ui_wait "unknown key — ? for help"

# Arabic typed in a prompt is drawn reordered, as every other text.
ui_keys /
ui_wait "Search:"
ui_type "بغداد جديد"
ui_wait "Search: $(ui_visual "بغداد جديد")"
ui_keys Escape
ui_wait_gone "Search:"

# r on one feed: "fetched 1 feed", not "1 feeds".
ui_keys g j
ui_keys r
ui_wait "fetched 1 feed:" 10
ui_screen | grep -qF "fetched 1 feeds" && fail "fetched 1 feeds"

# A fetch from cron holds the lock: r must not say "fetch done".  /slow
# answers only once $T/slow-go exists: the cron fetch holds the lock until
# the test lets it go.
subscribe "$BASE/slow"
"$MAJLIS" fetch -q "$BASE/slow" >/dev/null 2>&1 &
cron=$!
# (The server logs a request once answered: wait for the lock instead.)
lock_wait || fail "the cron fetch never took the lock"
ui_keys r
ui_wait "another fetch is running"
ui_screen | grep -qF "fetch done" && fail "a fetch that did not run is reported done"
touch "$T/slow-go"
wait "$cron"
rm "$T/slow-go"
# The old outcome does not stay in front of the new fetch's progress (held
# on the screen while /slow is held).
ui_keys R
ui_wait "fetching"
ui_until 'ui_screen | tail -n 1 | grep -q "^fetching"' ||
    { ui_screen; fail "old status text in front of the new fetch"; }
touch "$T/slow-go"
ui_wait "fetched 4 feeds" 15

# Quotes group in the tag prompt.
ui_keys g j Enter
ui_wait "Welcome to the reader"
ui_keys t
ui_wait "(-tag removes):"
ui_type 'مهم "to read" english'
ui_keys Enter
ui_until '[ "$(ui_post tags "Welcome to the reader")" = "english,to read,مهم" ]' ||
    fail "quoted tags: got '$(ui_post tags "Welcome to the reader")'"

# u lists the post's own link first, then those of its text.
ui_keys Enter
ui_wait "Title: Welcome to the reader"
ui_keys u
ui_wait "Links: Welcome to the reader"
ui_wait "[post] http://news.example/welcome"
ui_wait "[1] http://news.example/rivers"
# A browser that fails is named, with the first line of its stderr, safe.
ui_keys Enter
ui_wait "badbrowser failed (exit 3): no handler for"
ui_until 'ui_line "badbrowser failed" | grep -qF "that"' ||
    { ui_screen; fail "the text after the escape is lost"; }
ui_line "badbrowser failed" | grep -qF "second line" && fail "more than the first line"
ui_keys q q q
ui_wait "Feeds (4)"

# s in the feed list hides the feeds that have no unread post.
"$MAJLIS" mark read --feed "$BASE/slow" || fail "mark read"
ui_until 'ui_line "Slow" | grep -qF "(0/"' || { ui_screen; fail "Slow not read"; }
ui_keys s
ui_wait "Feeds with unread posts (3)"
# (The title bar is drawn first, the rows after it: Slow's row goes.)
ui_wait_gone "Slow"
ui_keys s
ui_wait "Feeds (4)"
ui_wait "Slow"
ui_keys q
ui_wait "majlis-exited-0"

# The first-run hint is whole at 80 columns.
rm -f "$MAJLIS_DB" "$MAJLIS_DB-wal" "$MAJLIS_DB-shm"
tmux -L "$UI_SOCK" kill-server 2>/dev/null
ui_start 80 24
ui_wait "No feeds yet"
ui_wait "then press R to fetch them."
ui_wait "majlis import FILE"
exit 0
