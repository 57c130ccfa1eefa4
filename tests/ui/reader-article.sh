#!/usr/bin/env bash
# tests/ui/reader-article.sh: the article view of a long post (issue 14).
# A title too long for the window is wrapped in the header, whole; the
# status line says where in the article the window is; in a small window
# (40x10) the header folds to the title and one line, so the text keeps
# the window; a post without a title is "(untitled)" in the list and in
# the article's header, the word the commands use.  Tags never take width
# from a title for nothing: a feed's tags only from its own row, and what
# does not fit is counted ("+N").
. tests/lib.sh
. tests/ui/tmux.lib
long="A very long title that goes on and on about the rivers of the north and the bridges over them, ending here with the word TAILEND"
body=$(printf '&lt;p&gt;Paragraph %d of the long text.&lt;/p&gt;' $(seq 80))
cat >"$T/long.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Long feed with a title of some length, to the very ENDFEED</title><link>http://long.example/</link><description>x</description>
<item><title>$long</title><link>http://long.example/1</link><guid>l1</guid>
<pubDate>Tue, 04 Jun 2024 10:00:00 GMT</pubDate><description>$body</description></item>
<item><link>http://long.example/2</link><guid>l2</guid>
<pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate><description>No title here.</description></item>
</channel></rss>
XML
server_routes '{"/long": {"body": "'"$T"'/long.xml"}, "/tagged": {"title": "Tagged"}}'
server_start
subscribe "$BASE/long" "$BASE/tagged"
"$MAJLIS" fetch -q || fail "fetch"
"$MAJLIS" add "$BASE/tagged" sometag >/dev/null 2>&1 || fail "feed tag"


ui_start 100 30
ui_wait "Feeds (2)"
# A feed's tags do not take width from the rows of feeds without any.
ui_wait "to the very ENDFEED"
ui_wait "sometag"
# In the post list the title comes first; the tags that fit, then +N.
# (All unread, the row of the feed tag sometag, which lists its posts, then
# the feeds.)
ui_keys g j j Enter
ui_wait "(untitled)"
id=$("$MAJLIS" posts --feed "$BASE/long" | grep TAILEND | cut -d ' ' -f 1)
"$MAJLIS" tag "$id" alpha beta gamma delta epsilon zeta eta theta || fail "tag"
ui_until 'ui_line "A very long title" | grep -Eq "(\[| )\+[0-9]+\]$"' ||
    { ui_screen; fail "the tags that do not fit are not counted"; }
ui_resize 60 30
ui_keys Enter
ui_wait "Title: A very long title"
# The whole title is in the header, wrapped.
ui_wait "TAILEND"
# Where the window is: its last line of all the article's lines.
ui_until "ui_screen | tail -n 1 | grep -Eq '[0-9]+/[0-9]+ [0-9]+%\$'" ||
    { ui_screen; fail "no position on the status line"; }
ui_keys G
ui_until "ui_screen | tail -n 1 | grep -Eq '([0-9]+)/\\1 100%\$'" ||
    { ui_screen; fail "the end is not 100%"; }
# Small window: the header folds, the text keeps most of the window.  Until
# the reader has drawn the top at 40x10 (its position line on the tenth
# row, drawn last, the first paragraph above), tmux shows the old screen
# cut to the new size, or the top drawn at 60x30, with the header whole.
top_drawn() {
	ui_screen >"$T/top"
	grep -qF 'Paragraph 1 of' "$T/top" &&
	    sed -n 10p "$T/top" | grep -Eq '[0-9]+/[0-9]+ [0-9]+%$'
}
ui_resize 40 10
ui_keys g
ui_until top_drawn || { ui_screen; fail "the top of the article not drawn at 40x10"; }
grep -qF "Link:" "$T/top" && { cat "$T/top"; fail "the header did not fold"; }
n=$(grep -c "Paragraph" "$T/top")
[ "$n" -ge 3 ] || { cat "$T/top"; fail "only $n lines of text at 40x10"; }
ui_wait "Feed: Long feed with"
# The untitled post's header says so.
ui_resize 60 30
ui_keys J
ui_wait "Title: (untitled)"
ui_keys q q q
ui_wait "majlis-exited-0"
exit 0
