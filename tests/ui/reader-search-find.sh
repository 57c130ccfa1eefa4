#!/usr/bin/env bash
# tests/ui/reader-search-find.sh: / in an article searches the article.
# Every match is highlighted and the first is the current one (drawn
# underlined too); n and N go to the next and the previous match, the
# window scrolling to one below it, round the end with a word on the
# status line; while the search lasts N does not toggle read, and / with
# an empty line ends it, giving n back to next-unread.  The search prompt
# recalls the searches before with UP and DOWN, in this session and the
# next (the history file is the user's alone, 0600).
. tests/lib.sh
. tests/ui/tmux.lib
body=
for i in $(seq 40); do
	case $i in
	5) p="Paragraph $i has a bridge." ;;
	20) p="Paragraph $i has two bridges." ;;
	35) p="Paragraph $i has the bridge." ;;
	*) p="Paragraph $i is plain." ;;
	esac
	body="$body&lt;p&gt;$p&lt;/p&gt;"
done
cat >"$T/press.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Press</title><link>http://press.example/</link><description>x</description>
<item><title>Bridges of the north</title><link>http://press.example/1</link><guid>p1</guid>
<pubDate>Tue, 04 Jun 2024 10:00:00 GMT</pubDate><description>$body</description></item>
<item><title>Market prices</title><link>http://press.example/2</link><guid>p2</guid>
<pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate><description>Nothing to find here.</description></item>
</channel></rss>
XML
server_routes '{"/press": {"body": "'"$T"'/press.xml"}}'
server_start
subscribe "$BASE/press"
"$MAJLIS" fetch -q || fail "fetch"

# current WORD: the current match is WORD (and only one is current).
current() { [ "$(ui_marked | grep '^current:')" = "current:$1" ]; }
# at N TEXT [WORD]: the status line says match N, TEXT is on the screen,
# and the current match is WORD (default bridge).
at() {
	ui_wait "match $1"
	ui_wait "$2"
	ui_until "current '${3:-bridge}'" ||
	    { ui_marked; ui_screen; fail "at match $1 the current match is not ${3:-bridge}"; }
}

ui_start
ui_wait "Feeds (1)"
ui_keys g j Enter
ui_wait "Press (2"
ui_keys Enter
ui_wait "Title: Bridges of the north"
ui_keys /
ui_wait "Search this post:"
ui_type "bridge"
ui_keys Enter
# The first match at the top: the title's; the one below it is on the
# screen, highlighted, not current.
at "1/4" "Paragraph 5 has" Bridges
ui_marked | grep -qxF "bridge" || { ui_marked; fail "the second match is not highlighted"; }
ui_marked | grep -qF "Paragraph" && { ui_marked; fail "a word not searched is highlighted"; }
ui_keys n
at "2/4" "Paragraph 5 has"
ui_keys n
at "3/4" "Paragraph 20 has two bridges" bridges
ui_keys n
at "4/4" "Paragraph 35 has the bridge"
ui_keys n
at "1/4, from the top again" "Title: Bridges" Bridges
ui_keys N
at "4/4, from the bottom again" "Paragraph 35 has the bridge"
ui_keys N
at "3/4" "Paragraph 20 has two bridges" bridges
# N went to a match: the post is still read.
[ "$(ui_post read "Bridges of the north")" = true ] || fail "N toggled read while searching"
ui_keys /
ui_wait "Search this post:"
ui_type "zebra"
ui_keys Enter
ui_wait "no match in this post"
# An empty search ends it: n is next-unread again.
ui_keys /
ui_wait "Search this post:"
ui_keys Enter
ui_wait "search ended"
ui_keys n
ui_wait "Title: Market prices"
# The search goes on in the next post; keys typed together (K, then n
# before a draw) find the matches of the post K went to.
ui_keys /
ui_wait "Search this post:"
ui_type "bridge"
ui_keys Enter
ui_wait "no match in this post"
ui_keys K n
at "1/4" "Title: Bridges" Bridges

# The history: UP goes back, DOWN forward, to the line being typed.
ui_keys /
ui_wait "Search this post:"
ui_type "typed"
ui_keys Up
ui_wait "Search this post: bridge"
ui_keys Up
ui_wait "Search this post: zebra"
ui_keys Up
ui_keys Down
ui_wait "Search this post: bridge"
ui_keys Down
ui_wait "Search this post: typed"
ui_keys Escape
ui_wait_gone "Search this post:"
ui_keys Q
ui_wait "majlis-exited-0"
hist="$XDG_DATA_HOME/majlis/search-history"
[ -f "$hist" ] || fail "no search history in $hist"
[ "$(stat -c %a "$hist")" = 600 ] || fail "the search history is not private: $(stat -c %a "$hist")"
[ "$(cat "$hist")" = "$(printf 'zebra\nbridge')" ] || { cat "$hist"; fail "the history file"; }

# The next session: the list's search prompt recalls the searches before.
tmux -L "$UI_SOCK" kill-server 2>/dev/null
UI_SOCK="majlis$$-2"
ui_start
ui_wait "Feeds (1)"
ui_keys /
ui_wait "Search:"
ui_keys Up
ui_wait "Search: bridge"
ui_keys C-p
ui_wait "Search: zebra"
ui_keys Enter
ui_wait "Search: zebra (0)"
ui_keys Q
ui_wait "majlis-exited-0"
# Searched again, zebra is the newest, once.
[ "$(cat "$hist")" = "$(printf 'bridge\nzebra')" ] || { cat "$hist"; fail "the history after a search again"; }
exit 0
