#!/usr/bin/env bash
# tests/ui/reader-undo.sh: safe mass changes.  A on "All unread" (where
# the cursor starts) asks first when it would mark more than
# confirm-threshold posts, answered with one key (n: nothing changes, y:
# marked); U undoes the last mark, and the last tag edit (exactly: a tag
# the post had before stays).  A malformed search says what is wrong.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

unread() { sql "SELECT count(*) FROM posts WHERE read = 0"; }
all=$(unread)
[ "$all" -gt 3 ] || fail "the fixture has $all unread posts, want more than 3"
echo "confirm-threshold = 3" >"$MAJLIS_CONFIG"

ui_start
ui_wait "Feeds (3)"
ui_keys A
ui_wait "Mark $all posts read? (y/n)"
ui_keys n
ui_wait "nothing marked"
expect_eq "n: nothing marked" "$(unread)" "$all"
# One key answers: anything but y is no.
ui_keys A
ui_wait "Mark $all posts read? (y/n)"
ui_keys Escape
ui_wait "nothing marked"
expect_eq "ESC: nothing marked" "$(unread)" "$all"
ui_keys A
ui_wait "Mark $all posts read? (y/n)"
ui_keys y
ui_wait "marked $all posts read"
expect_eq "y: all marked" "$(unread)" 0
ui_keys U
ui_wait "undone: $all posts marked unread again"
expect_eq "U: unread again" "$(unread)" "$all"
ui_keys U
ui_wait "nothing to undo"

# A feed with no more than the threshold: no question.
ui_keys g j
ui_wait "Majlis Test News"
n=$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.title = 'Majlis Test News' AND read = 0")
ui_keys A
ui_wait "marked $n posts read"
expect_eq "the feed marked without asking" "$(unread)" "$((all - n))"
ui_keys U
ui_wait "undone"
expect_eq "undone" "$(unread)" "$all"

# Tags: U puts back what the post had, no more, no less.
ui_keys Enter
ui_wait "Welcome to the reader"
ui_keys t
ui_wait "(-tag removes):"
ui_type "old"
ui_keys Enter
ui_wait "post tagged old"
ui_keys t
ui_wait "(-tag removes):"
ui_type "old new"
ui_keys Enter
ui_wait "post tagged"
expect_eq "tagged" "$(ui_post tags "Welcome to the reader")" "new,old"
ui_keys U
ui_wait "undone: the post's tags are back"
expect_eq "U keeps the tag it had before" "$(ui_post tags "Welcome to the reader")" "old"
# N, then U.
ui_keys N
ui_until '[ "$(ui_post read "Welcome to the reader")" = true ]' || fail "N did not mark"
ui_keys U
ui_until '[ "$(ui_post read "Welcome to the reader")" = false ]' || fail "U did not undo N"

# A malformed search: a message, no list.
ui_keys /
ui_wait "Search:"
ui_type '"unclosed'
ui_keys Enter
ui_wait "search: a phrase"
ui_keys Q
exit 0
