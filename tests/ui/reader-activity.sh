#!/usr/bin/env bash
# tests/ui/reader-activity.sh: who is active.  Feeds followed through a
# member list: the feed list draws each feed's twelve weeks of posts as a
# sparkline (ASCII when the locale is not UTF-8), marks a quiet feed '~'
# and one that left its list '-', and sort-feeds (O) orders the feeds by
# newest post, then longest silent first.
. tests/lib.sh
. tests/ui/tmux.lib
server_start

# /act: posts this week (1), two weeks ago (4) and five weeks ago (8).
now=$(date -u +%s)
rfc() { date -u -d "@$1" '+%a, %d %b %Y %H:%M:%S GMT'; }
{
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Active</title>'
	n=0
	for spec in "3600 1" "$((15 * 86400)) 4" "$((36 * 86400)) 8"; do
		set -- $spec
		for ((i = 0; i < $2; i++)); do
			n=$((n + 1))
			echo "<item><guid>p$n</guid><title>post $n</title><pubDate>$(rfc $((now - $1 - i * 60)))</pubDate></item>"
		done
	done
	echo '</channel></rss>'
} >"$T/act.xml"
list() {
	printf '%s\n' "$@" >"$T/list.tmp" && mv "$T/list.tmp" "$T/list.urls"
}
server_routes "{
  \"/list\": {\"body\": \"$T/list.urls\", \"ctype\": \"text/plain\"},
  \"/act\": {\"body\": \"$T/act.xml\"}
}"
list "$BASE/act" "$BASE/quiet" "$BASE/gone"
"$MAJLIS" follow "$BASE/list" >/dev/null || fail "follow"
"$MAJLIS" fetch -q || fail "first fetch"
list "$BASE/act" "$BASE/quiet"
"$MAJLIS" fetch -q || fail "second fetch"

ui_start
ui_wait "Feeds (3)"
# (The rows are drawn one after the other: each is polled for.)
ui_until 'ui_line "Active" | grep -qF "█  ▄ ▁"' ||
    { ui_screen; fail "no sparkline on the active feed's row"; }
ui_until 'ui_line "Feed /quiet" | grep -q "^~ "' ||
    { ui_screen; fail "the quiet feed is not marked '~'"; }
ui_until 'ui_line "Feed /gone" | grep -q "^- "' ||
    { ui_screen; fail "the feed that left is not marked '-'"; }
ui_line "Active" | grep -q "^  " ||
    { ui_screen; fail "the active feed is marked"; }

# Newest post first: Active leads; longest silent first: it comes last.
# (The status line, drawn last, says the order; the rows are above it.)
row_of() { ui_screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1; }
[ "$(row_of "Active")" -lt "$(row_of "Feed /quiet")" ] ||
    { ui_screen; fail "as added: Active is not first"; }
ui_keys O
ui_wait "feeds newest post first"
[ "$(row_of "Active")" -lt "$(row_of "Feed /quiet")" ] ||
    { ui_screen; fail "newest post first: Active is not first"; }
ui_keys O
ui_wait "feeds longest silent first"
[ "$(row_of "Active")" -gt "$(row_of "Feed /gone")" ] ||
    { ui_screen; fail "longest silent first: Active is not last"; }
ui_keys ?
ui_wait "Help (q to go back)"
# The help is longer than the window: its end holds sort-feeds.
ui_keys G
ui_until 'ui_screen | grep -Eq "^ O +sort-feeds +feeds as added"' ||
    { ui_screen; fail "the help does not list sort-feeds on O"; }
tmux -L "$UI_SOCK" kill-server 2>/dev/null

# Not UTF-8: the sparkline in ASCII (on a server of its own: the first
# one may still be going away).
UI_SOCK="${UI_SOCK}c"
UI_LANG=C ui_start
ui_wait "Active"
ui_until 'ui_line "Active" | grep -qF "#  : _"' ||
    { ui_screen; fail "no ASCII sparkline in the C locale"; }
exit 0
