#!/usr/bin/env bash
# tests/ui/reader-first-unread.sh: a list opens with the cursor on its
# first unread post (goto-first-unread, newsboat's default), found however
# far down it is; "goto-first-unread = no" opens on the first row.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"
welcome=$(sql "SELECT id FROM posts WHERE title = 'Welcome to the reader'")
"$MAJLIS" mark read "$welcome" || fail "mark the newest post read"

ui_start
ui_wait "Feeds (3)"
ui_keys g Down Enter
ui_wait "Welcome to the reader"
expect_focus "the first unread post" "Rivers of the north"
ui_keys q

printf 'goto-first-unread = no\n' >"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds (3)"
ui_keys g Down Enter
ui_wait "Welcome to the reader"
expect_focus "goto-first-unread = no: the first row" "Welcome to the reader"
exit 0
