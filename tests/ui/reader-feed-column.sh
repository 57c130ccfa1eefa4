#!/usr/bin/env bash
# tests/ui/reader-feed-column.sh: a list of posts of several feeds (All
# unread, a tag, a view, a search) names each post's feed, so that two
# posts of the same title from two feeds are told apart, in a 100-column
# window and an 80-column one; an Arabic feed name reads right to left;
# a feed's own list has no such column.
. tests/lib.sh
. tests/ui/tmux.lib
server_routes "$(jq '. + {"/desk.xml": {"body": "ui-desk.xml"}}' tests/data/ui-routes.json)"
server_start
BASE=$BASE tests/ui/make-fixture || fail "could not build the fixture database"
subscribe "$BASE/desk.xml"
"$MAJLIS" fetch -q "$BASE/desk.xml" || fail "fetch of the second feed"
for id in $(sql "SELECT id FROM posts WHERE title = 'Welcome to the reader'"); do
	"$MAJLIS" tag "$id" pick || fail "tag post $id"
done
printf 'view "Welcomes" "title =~ \\"Welcome\\""\n' >"$MAJLIS_CONFIG"
arabic=$(ui_visual "أخبار المجلس")

# rows WHAT: each "Welcome to the reader" row names its own feed.
rows() {
	ui_until '[ "$(ui_screen | grep -cF "Welcome to the reader")" = 2 ]' ||
	    { ui_screen; fail "$1: not two rows of the title"; }
	ui_screen | grep -F "Welcome to the reader" | grep -qF "Second Desk" ||
	    { ui_screen; fail "$1: no row names Second Desk"; }
	ui_screen | grep -F "Welcome to the reader" | grep -qE "Majlis Test( |…)" ||
	    { ui_screen; fail "$1: no row names Majlis Test News"; }
}

for cols in 100 80; do
	if [ "$cols" = 100 ]; then ui_start 100 30; else ui_restart 80 30; fi
	ui_wait "Feeds (4)"
	ui_keys g Enter
	ui_wait "All unread ("
	rows "All unread, $cols columns"
	# The Arabic feed's name in visual order, on its posts' rows.
	ui_line "$(ui_visual "مقال عن الإسلام والعلم")" | grep -qF "$arabic" ||
	    { ui_screen; fail "All unread, $cols columns: the Arabic feed's name"; }
	ui_keys q
	ui_wait "Feeds (4)"
	ui_keys g j Enter
	ui_wait "view: Welcomes"
	rows "a view, $cols columns"
	ui_keys q
	ui_wait "Feeds (4)"
	ui_keys g j j Enter
	ui_wait "tag: pick"
	rows "a tag, $cols columns"
	ui_keys q
	ui_wait "Feeds (4)"
	ui_keys /
	ui_wait "Search:"
	ui_type "welcome"
	ui_keys Enter
	ui_wait "Search: welcome"
	rows "a search, $cols columns"
	ui_keys q
	ui_wait "Feeds (4)"
done

# A mirrored layout: the column at the far (left) end with the others.
printf 'layout = rtl\n' >>"$MAJLIS_CONFIG"
ui_restart 100 30
ui_wait "Feeds (4)"
ui_keys g Enter
ui_wait "All unread ("
rows "All unread, mirrored"
ui_line "$(ui_visual "مقال عن الإسلام والعلم")" | grep -qF "$arabic" ||
    { ui_screen; fail "All unread, mirrored: the Arabic feed's name"; }
ui_keys q
ui_wait "Feeds (4)"

# A feed's own list names no feed.
ui_keys G Enter
ui_wait "Second Desk (1)"
ui_wait "Welcome to the reader"
ui_line "Welcome to the reader" | grep -qF "Second Desk" &&
    { ui_screen; fail "a feed's list names its feed on each row"; }
exit 0
