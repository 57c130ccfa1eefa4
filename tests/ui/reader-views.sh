#!/usr/bin/env bash
# tests/ui/reader-views.sh: saved views (config view lines, and a newsboat
# query feed imported as one) are rows of the feed list with live counts
# after "All unread", open on their posts, and A marks just those; F puts
# any list through a filter typed, a bad one is reported with its column.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

printf 'view "Rivers" "title =~ \\"river|oldest\\""\n' >"$MAJLIS_CONFIG"
printf '"query:News:feedtitle = \\"Majlis Test News\\""\n' >"$T/q.urls"
run 0 "$MAJLIS" import "$T/q.urls"
expect_grep "the query feed is a view" '^view "News" ' "$MAJLIS_CONFIG"

ui_start
ui_wait "Feeds (3)"
ui_wait "view: Rivers"
ui_until 'ui_line "view: Rivers" | grep -qF "(2/2)"' || { ui_screen; fail "view counts"; }
ui_until 'ui_line "view: News" | grep -qF "(3/3)"' || { ui_screen; fail "imported view counts"; }
# All unread, then the views in the config's order.
ui_keys g j Enter
ui_wait "Rivers of the north"
ui_wait "The oldest story"
ui_sync
ui_screen | grep -qF "Welcome to the reader" && { ui_screen; fail "the view lists a post it does not match"; }
ui_keys A
ui_wait "marked 2 posts read"
ui_keys q
ui_until 'ui_line "view: Rivers" | grep -qF "(0/2)"' || { ui_screen; fail "live counts"; }
ui_until 'ui_line "view: News" | grep -qF "(1/3)"' || { ui_screen; fail "the other view's count"; }

# F on a feed row: its posts through a filter.
ui_keys g j j Enter
ui_wait "Welcome to the reader"
ui_keys q
ui_keys g j j
tmux -L "$UI_SOCK" pipe-pane -o "cat >>'$T/bytes'"
ui_keys F
ui_wait "Filter:"
ui_type 'title =~ "welcome" or author = "nobody"'
ui_keys Enter
ui_wait 'view: News | title =~ "welcome" or author = "nobody" (1)'
tmux -L "$UI_SOCK" pipe-pane
# The marks that keep the expression in its order (in a right-to-left
# title bar) never reach the terminal, in a left-to-right one either.
grep -q "$(printf '\342\200\216\|\342\200\217')" "$T/bytes" &&
    fail "a direction mark was sent to the terminal"
ui_wait "Welcome to the reader"
ui_sync
ui_screen | grep -qF "Rivers of the north" && { ui_screen; fail "F did not filter"; }
# F again narrows the list further; a bad filter says where.
ui_keys F
ui_wait "Filter:"
ui_type 'title =~ "x" and'
ui_keys Enter
ui_wait "filter: column 17: expected an attribute"

# e on a feed row: one setting at a time, stored as the feed command's.
ui_keys Escape q
ui_wait "Feeds (3)"
ui_keys G
ui_keys e
ui_wait "Feed setting ["
ui_type "title=Tamed"
ui_keys Enter
ui_wait "set title=Tamed"
ui_wait "Tamed"
expect_eq "stored" "$(sql "SELECT title || title_set FROM feeds WHERE title = 'Tamed'")" "Tamed1"
ui_keys e
ui_wait "title=Tamed ] KEY=VALUE:"
ui_type "interval=soon"
ui_keys Enter
ui_wait "interval=soon: not a duration"
# A duration shows as it was typed (6h), not in seconds.
ui_keys e
ui_wait "title=Tamed ] KEY=VALUE:"
ui_type "interval=360m"
ui_keys Enter
ui_wait "set interval=360m"
ui_keys e
ui_wait "title=Tamed interval=6h ] KEY=VALUE:"
ui_keys Escape
ui_keys Q
exit 0
