#!/usr/bin/env bash
# tests/ui/reader-search-scope.sh: / in a feed's list searches that feed
# (its read posts too), titled so, the status line naming the key that
# widens it; a (search-all) makes it the same search in every feed, in
# place; / in a tag's list and in a view searches there; / in the feed
# list searches every feed; a is rebindable and in the help.
. tests/lib.sh
. tests/ui/tmux.lib
server_routes '{"/a": {"title": "Alpha"}, "/b": {"title": "Bravo"}}'
server_start
subscribe "$BASE/a" "$BASE/b"
"$MAJLIS" fetch -q || fail "fetch"
"$MAJLIS" add "$BASE/b" btag >/dev/null 2>&1 || fail "feed tag"
# Every post of both feeds has "item" in its title: the feed tells them
# apart.  A read post of Alpha is still searched there.
n=$("$MAJLIS" posts --search item --json | jq length)
[ "$n" -eq 6 ] || fail "6 posts should match item, not $n"
aid=$("$MAJLIS" posts --feed "$BASE/a" --json | jq -r '.[0].id')
"$MAJLIS" mark read "$aid" >/dev/null || fail "mark"
printf 'view "Bravo only" "feedurl = \\"%s\\""\n' "$BASE/b" >"$MAJLIS_CONFIG"

# rows_of TEXT: how many rows of the list show TEXT (a feed's name).
rows_of() { ui_screen | sed -n '2,$p' | grep -c -- "$1"; }
# search_alpha: from the top of the feed list (All unread, the view, the
# tag, Alpha, Bravo), / item in Alpha's list.
search_alpha() {
	ui_wait "Bravo"
	ui_keys g j j j Enter
	ui_wait "Alpha (3)"
	ui_keys /
	ui_wait "Search:"
	ui_type "item"
	ui_keys Enter
}

ui_start 120 30
ui_wait "Feeds (2)"
search_alpha
ui_wait "Alpha | Search: item (3)"
ui_wait "a: the same search in every feed"
ui_sync
[ "$(rows_of Bravo)" -eq 0 ] || { ui_screen; fail "a search in Alpha shows Bravo's posts"; }
[ "$(rows_of Alpha)" -eq 3 ] || { ui_screen; fail "a search in Alpha shows $(rows_of Alpha) of its 3 posts"; }
# Widened: every feed's, the title says so; back goes to Alpha's list.
ui_keys a
ui_wait "Search: item (6)"
ui_until '[ "$(rows_of Bravo)" -eq 3 ]' || { ui_screen; fail "the widened search has no Bravo posts"; }
ui_keys a
ui_wait "this search is in every feed already"
ui_keys q
ui_wait "Alpha (3)"
ui_keys q
ui_wait "Feeds (2)"

# A tag's list and a view: there first.
ui_keys g j j Enter
ui_wait "btag ("
ui_keys /
ui_wait "Search:"
ui_type "item"
ui_keys Enter
ui_wait "tag: btag (1 feed) | Search: item (3)"
ui_sync
[ "$(rows_of Alpha)" -eq 0 ] || { ui_screen; fail "a search in the tag shows Alpha's posts"; }
ui_keys q q
ui_wait "Feeds (2)"
ui_keys g j Enter
ui_wait "Bravo only ("
ui_keys /
ui_wait "Search:"
ui_type "item"
ui_keys Enter
ui_wait "view: Bravo only | Search: item (3)"
ui_keys q q
ui_wait "Feeds (2)"
# From the feed list: every feed, nothing to widen.
ui_keys /
ui_wait "Search:"
ui_type "item"
ui_keys Enter
ui_wait "Search: item (6)"
ui_keys q
ui_wait "Feeds (2)"
# In the help, under its name.
ui_keys ?
ui_wait "search-all"
ui_line "search-all" | grep -q "^ *a  " || { ui_line "search-all"; fail "search-all is not on a in the help"; }
ui_keys Q
ui_wait "majlis-exited-0"

# Rebound: another key widens.
printf 'bind a none\nbind W search-all\n' >>"$MAJLIS_CONFIG"
tmux -L "$UI_SOCK" kill-server 2>/dev/null
UI_SOCK="majlis$$-2"
ui_start 120 30
ui_wait "Feeds (2)"
search_alpha
ui_wait "W: the same search in every feed"
ui_keys W
ui_wait "Search: item (6)"
ui_keys Q
ui_wait "majlis-exited-0"
exit 0
