#!/usr/bin/env bash
# tests/ui/reader-keys.sh: the movement keys of majlis(1) that
# reader-navigate.sh does not press: k, the arrows, PgUp and PgDn, and p
# (previous unread).  Where the cursor is comes from the colours drawn: the
# one list line in the focus colours (blue background by default).
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

ui_start
ui_wait "Feeds (3)"
expect_focus "start" "All unread"
ui_keys Down
expect_focus "Down" "Majlis Test News"
ui_keys Down
expect_focus "Down again" "(2/2)"
ui_keys Up
expect_focus "Up" "Majlis Test News"
ui_keys k
expect_focus "k" "All unread"
ui_keys PageDown
expect_focus "PgDn: the last line of a short list" "Hostile"
ui_keys PageUp
expect_focus "PgUp: the first" "All unread"

# p: previous unread, skipping a read post.  The news feed's posts, newest
# first: Welcome, Rivers, The oldest story; Rivers is made read.
ui_keys j Enter
ui_wait "Majlis Test News (3)"
expect_focus "the first post" "Welcome to the reader"
ui_keys j N
ui_until '[ "$(ui_post read "Rivers of the north")" = true ]' ||
    fail "N did not mark Rivers read"
ui_keys G
expect_focus "G" "The oldest story"
ui_keys p
expect_focus "p skips the read post" "Welcome to the reader"
ui_keys Down Down
expect_focus "Down to the last" "The oldest story"
ui_keys k
expect_focus "k onto the read post" "Rivers of the north"
ui_keys q q
ui_wait "majlis-exited-0"
exit 0
