#!/usr/bin/env bash
# tests/ui/reader-browser-mark.sh: o opens the post's link in the browser
# and marks the post read, in the list and in the article (where N had
# marked it unread); open-in-browser-and-mark-read (newsboat's action,
# bound here to O, which is sort-feeds by default) also goes on to the
# next post, or with openbrowser-and-mark-jumps-to-next-unread = yes to
# the next unread one.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

# (browser.url appears whole, renamed into place.)
cat >"$T/browser" <<EOB
#!/bin/sh
printf '%s' "\$1" >"$T/browser.url.tmp"
mv "$T/browser.url.tmp" "$T/browser.url"
EOB
chmod +x "$T/browser"
UI_BROWSER="$T/browser"
post() { sql "SELECT id FROM posts WHERE title = '$1'"; }
# opened URL WHAT: the browser was given URL (and forget it).
opened() {
	ui_until '[ -f "$T/browser.url" ]' || fail "$2: the browser did not start"
	expect_eq "$2: the browser's URL" "$(cat "$T/browser.url")" "$1"
	rm -f "$T/browser.url"
}
is_read() {
	want_title=$1 want_read=$2
	ui_until '[ "$(ui_post read "$want_title")" = "$want_read" ]' ||
	    fail "$3: '$1' read is $(ui_post read "$1"), want $2"
}

printf 'bind O open-in-browser-and-mark-read\n' >"$MAJLIS_CONFIG"
ui_start
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
expect_focus "the first unread post" "Welcome to the reader"
ui_keys o
opened "http://news.example/welcome" "o in the list"
is_read "Welcome to the reader" true "o in the list"
expect_focus "o stays" "Welcome to the reader"

ui_keys j O
opened "http://news.example/rivers" "open-in-browser-and-mark-read"
is_read "Rivers of the north" true "open-in-browser-and-mark-read"
expect_focus "open-in-browser-and-mark-read goes on" "The oldest story"

# In the article: N marks it unread, o read again.
ui_keys Enter
ui_wait "Title: The oldest story"
ui_keys N
ui_wait "marked unread"
is_read "The oldest story" false "N in the article"
ui_keys o
opened "http://news.example/oldest" "o in the article"
is_read "The oldest story" true "o in the article"

# openbrowser-and-mark-jumps-to-next-unread: to the next unread post.
"$MAJLIS" mark unread "$(post 'Welcome to the reader')" "$(post 'The oldest story')" ||
    fail "mark unread"
printf 'bind O open-in-browser-and-mark-read\nopenbrowser-and-mark-jumps-to-next-unread = yes\n' \
    >"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
expect_focus "the first unread post" "Welcome to the reader"
ui_keys O
opened "http://news.example/welcome" "O, jumping"
is_read "Welcome to the reader" true "O, jumping"
expect_focus "O jumps over the read post" "The oldest story"
exit 0
