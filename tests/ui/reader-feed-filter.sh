#!/usr/bin/env bash
# tests/ui/reader-feed-filter.sh: F in the feed list with a feed's
# attributes (newsboat's: unread_count, total_count, feedtitle...) keeps
# the feeds the filter matches, its expression in the title bar; ^T shows
# them all again; a filter that speaks of posts still opens the row's
# posts through it; a bad one is reported with its column.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

ui_start
ui_wait "Feeds (3)"
ui_keys F
ui_wait "Filter:"
ui_type 'total_count > 1'
ui_keys Enter
ui_wait "Feeds (2) | total_count > 1"
ui_wait "Majlis Test News"
ui_wait "$(ui_visual "أخبار المجلس")"
ui_sync
ui_screen | grep -qF "Hostile" && { ui_screen; fail "a feed with one post is listed"; }

# Another replaces it; == is =, as newsboat writes it.
ui_keys F
ui_wait "Filter:"
ui_type 'feedtitle =~ "news" and unread_count == 3'
ui_keys Enter
ui_wait 'Feeds (1) | feedtitle =~ "news" and unread_count == 3'
ui_sync
ui_screen | grep -qF "$(ui_visual "أخبار المجلس")" && { ui_screen; fail "the Arabic feed is listed"; }
# A post's attribute: the row's posts, through the filter.
ui_keys G
ui_keys F
ui_wait "Filter:"
ui_type 'title =~ "welcome"'
ui_keys Enter
ui_wait 'Majlis Test News | title =~ "welcome" (1)'
ui_keys q
ui_wait 'Feeds (1) | feedtitle'

# ^T: every feed again.
ui_keys C-t
ui_wait "Feeds (3)"
ui_wait "Hostile"
ui_screen | grep -qF "| feedtitle" && { ui_screen; fail "the filter stays in the title"; }

# A bad filter says where, and the list stays as it was.
ui_keys F
ui_wait "Filter:"
ui_type 'unread_count > "x"'
ui_keys Enter
ui_wait "filter: column 16: expected a number"
ui_wait "Feeds (3)"
ui_keys Q
exit 0
