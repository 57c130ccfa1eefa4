#!/usr/bin/env bash
# tests/ui/reader-flow.sh: reading on from feed to feed, as in newsboat.
# n past a feed's last unread post goes on to the next feed with unread
# posts (goto-next-feed, yes by default): in the list, the list becomes
# that feed's, on its first unread post; in an article, the article is
# that post.  p goes back the same way, to the previous feed's last
# unread post.  ] and [ (next-feed, prev-feed) go to the next and the
# previous feed with unread posts from a feed's list.  With
# "goto-next-feed = no", n stops at the end of the feed.
# The feed list's order: Majlis Test News, أخبار المجلس, Hostile.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"
arabic=$(ui_visual "أخبار المجلس")
newest_ar=$(ui_visual "مقال عن الإسلام والعلم")
oldest_ar=$(ui_visual "مهرجان الشعر في البصرة")

ui_start
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
expect_focus "the first unread post" "Welcome to the reader"
ui_keys n n
expect_focus "n in the feed" "The oldest story"
# The feed's last unread post: n goes on to the next feed's first.
ui_keys n
ui_wait "$arabic (2)"
expect_focus "n past the end of the feed" "$newest_ar"
ui_keys n
expect_focus "n in the next feed" "$oldest_ar"
# p at its first unread post goes back to the last unread one before.
ui_keys p p
ui_wait "Majlis Test News (3)"
expect_focus "p before the first post of the feed" "The oldest story"

# ] and [: the next and the previous feed with unread posts.
ui_keys ']'
ui_wait "$arabic (2)"
ui_keys ']'
ui_wait "pwned-feedFeed (1)"
ui_keys '['
ui_wait "$arabic (2)"
ui_keys '[' '['
ui_wait "Majlis Test News (3)"
ui_keys '['
ui_wait "no earlier feed with unread posts"
# Back goes to the feed list, its cursor on the feed the list was last.
ui_keys ']' q
ui_wait "Feeds (3)"
expect_focus "the feed list follows" "$arabic"

# In an article n reads on into the next feed, marking each post read.
ui_keys Enter
ui_wait "$arabic (2)"
ui_keys Enter
ui_wait "Feed: $arabic"
ui_keys n
ui_wait "Title: $oldest_ar"
ui_keys n
ui_wait "Title: Evil"
ui_wait "Feed: Hostile"
ui_until '[ "$(sql "SELECT read FROM posts WHERE title LIKE '"'Evil%'"'")" = 1 ]' ||
    fail "the post n opened in the next feed is not read"
ui_keys n
ui_wait "no more unread posts"
# p goes back to the feed before, to its last unread post.
ui_keys p
ui_wait "Feed: Majlis Test News"
ui_wait "Title: The oldest story"
ui_keys q
ui_wait "Majlis Test News (3)"
expect_focus "the list under the article followed" "The oldest story"
ui_keys q q

# show-read = no: the feed read to its end leaves the feed list as n goes
# on, and n goes on to the feed after it all the same.
"$MAJLIS" mark unread --all || fail "mark everything unread"
printf 'show-read = no\n' >"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds with unread posts (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3 unread)"
ui_keys Enter
ui_wait "Title: Welcome to the reader"
ui_keys n n
ui_wait "Title: The oldest story"
ui_keys n
ui_wait "Feed: $arabic"
ui_wait "Title: $newest_ar"
ui_keys q q
ui_wait "Feeds with unread posts (2)"
expect_focus "the feed list, show-read = no" "$arabic"
ui_keys q

# In an article of All unread, n reads every post in turn: each one read
# leaves the list, and the next is the one that took its place.
"$MAJLIS" mark unread --all || fail "mark everything unread"
: >"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds (3)"
ui_keys g Enter
ui_wait "All unread (6)"
ui_keys g Enter
ui_wait "Title: Evil"
for t in "$newest_ar" "Welcome to the reader" "$oldest_ar" \
    "Rivers of the north" "The oldest story"; do
	ui_keys n
	ui_wait "Title: $t"
done
ui_keys n
ui_wait "no more unread posts"
ui_keys q
ui_wait "All unread (0)"
ui_keys q

# goto-next-feed = no: n stops at the end of the feed.
printf 'goto-next-feed = no\n' >"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
ui_keys G n
ui_wait "no more unread posts below"
ui_sync
ui_screen | grep -qF "Majlis Test News (3)" ||
    { ui_screen; fail "goto-next-feed = no: n left the feed"; }
exit 0
