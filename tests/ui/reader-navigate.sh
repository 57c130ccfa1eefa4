#!/usr/bin/env bash
# tests/ui/reader-navigate.sh: the reader as a person uses it: the feed
# list, a feed's posts (newest first), an article with its numbered links,
# the link list, back; read state stored at once (N, opening a post); the
# help; and a resize down to 40x10 and back.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

ui_start
ui_wait "Feeds (3)"
ui_wait "All unread"
ui_until 'ui_line "Majlis Test News" | grep -qF "(3/3)"' || { ui_screen; fail "news feed counts"; }
ui_line "All unread" | grep -qF "(6)" || fail "all unread count"

# The cursor starts on "All unread"; the first feed is below it.
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
# The title bar is drawn first: wait for the last row too.
ui_wait "The oldest story"
s=$(ui_screen)
w=$(echo "$s" | grep -n "Welcome to the reader" | cut -d: -f1)
r=$(echo "$s" | grep -n "Rivers of the north" | cut -d: -f1)
o=$(echo "$s" | grep -n "The oldest story" | cut -d: -f1)
[ -n "$w" ] && [ -n "$o" ] && [ "$w" -lt "$r" ] && [ "$r" -lt "$o" ] ||
    { echo "$s"; fail "posts are not newest first"; }
ui_line "Welcome to the reader" | grep -q "^N " || fail "unread mark"

ui_keys Enter
ui_wait "Title: Welcome to the reader"
ui_wait "Feed: Majlis Test News"
ui_wait "Author:"
ui_wait "rivers[1]"
ui_wait "[1] http://news.example/rivers"
ui_wait "[2] http://news.example/bridges"
ui_until '[ "$(ui_post read "Welcome to the reader")" = true ]'
expect_eq "read after opening" "$(ui_post read 'Welcome to the reader')" true

ui_keys u
ui_wait "Links: Welcome to the reader"
ui_wait "[2] http://news.example/bridges"
ui_keys q
ui_wait "Title: Welcome to the reader"
ui_keys q
ui_wait "Majlis Test News (3)"
ui_sync
ui_line "Welcome to the reader" | grep -q "^N " && fail "opened post still unread"

# N toggles the read state of the post under the cursor, stored at once.
ui_keys j N
ui_until '[ "$(ui_post read "Rivers of the north")" = true ]'
expect_eq "N marks read" "$(ui_post read 'Rivers of the north')" true
ui_keys N
ui_until '[ "$(ui_post read "Rivers of the north")" = false ]'
expect_eq "N again marks unread" "$(ui_post read 'Rivers of the north')" false

# n goes to the next unread post; from the article too.
ui_keys g n Enter
ui_wait "Title: Rivers of the north"
ui_keys n
ui_wait "Title: The oldest story"
ui_until '[ "$(ui_post read "The oldest story")" = true ]'
expect_eq "n in the article marks read" "$(ui_post read 'The oldest story')" true
ui_keys q q
ui_wait "Feeds (3)"
ui_until 'ui_line "Majlis Test News" | grep -qF "(0/3)"' || { ui_screen; fail "news counts after reading"; }

# S sorts oldest first (and back); A marks a whole feed read.
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
ui_keys S
ui_wait "sorted oldest first"
ui_until '[ "$(ui_screen | grep -n "The oldest story" | cut -d: -f1)" -lt "$(ui_screen | grep -n "Welcome to the reader" | cut -d: -f1)" ]' ||
    { ui_screen; fail "S did not sort oldest first"; }
ui_keys S
ui_wait "sorted newest first"
ui_keys q g j j Enter
ui_wait "$(ui_visual "أخبار المجلس") (2)"
ui_keys A
ui_wait "marked 2 posts read"
expect_eq "A marks the feed read" "$(ui_post read "مهرجان الشعر في البصرة")" true
ui_keys q
ui_wait "Feeds (3)"
ui_until 'ui_line "$(ui_visual "أخبار المجلس")" | grep -qF "(0/2)"' || { ui_screen; fail "counts after A"; }

ui_keys '?'
ui_wait "toggle-read"
ui_wait "mark everything in this view read"
ui_keys q
ui_wait "Feeds (3)"

# Down to 40x10 in an article: the text is wrapped again to the new width,
# every row fits, and back at 100x30 it is wrapped wide again.
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
ui_keys Enter
ui_wait "Title: Welcome to the reader"
ui_until 'ui_line "The first paragraph" | grep -q "long enough"' || fail "not wrapped wide"
# Until the reader redraws, tmux shows the old screen cut at 40 columns
# (where "long enough" is cut off too): wait for the new wrapping, the
# line after the first paragraph's first.
ui_resize 40 10
ui_until 'ui_screen | grep -A1 "^The first paragraph" | grep -q "^long enough"' ||
    { ui_screen; fail "not wrapped again at 40 columns"; }
ui_wait "Title: Welcome to the"
[ "$(ui_screen | LC_ALL=C.UTF-8 wc -L)" -le 40 ] || fail "a line is wider than 40"
[ "$(ui_screen | wc -l)" -le 10 ] || fail "more lines than the window"
# The mouse wheel scrolls (xterm mouse report for wheel down, then up).
ui_type $'\e[Ma!!'
ui_wait_gone "Feed: Majlis Test News"
ui_type $'\e[M`!!'
ui_wait "Feed: Majlis Test News"
ui_keys q
ui_wait "Welcome to the reader"
ui_keys q
ui_wait "majlis: Feeds (3)"
ui_wait "All unread"
ui_resize 100 30
ui_keys g j Enter Enter
ui_wait "Title: Welcome to the reader"
ui_until 'ui_line "The first paragraph" | grep -q "long enough"' ||
    fail "not wrapped wide again"
ui_keys q q q
ui_wait "majlis-exited-0"
exit 0
