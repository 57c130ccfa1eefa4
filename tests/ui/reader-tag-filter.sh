#!/usr/bin/env bash
# tests/ui/reader-tag-filter.sh: T (filter-tag) shows the feeds with a tag,
# and of the rows above the feeds only that tag's own (its posts): not
# All unread, nor the saved views, nor the rows of other tags; ^T shows
# everything again.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"
"$MAJLIS" tag --feed "$(ui_feed_url "Majlis Test News")" world ||
    fail "tag a feed world"
"$MAJLIS" tag --feed "$(ui_feed_url "أخبار المجلس")" arts ||
    fail "tag a feed arts"
"$MAJLIS" tag "$(sql "SELECT id FROM posts WHERE title LIKE 'Evil%'")" later ||
    fail "tag a post later"
printf 'view "Rivers" "title =~ \\"river\\""\n' >"$MAJLIS_CONFIG"

ui_start
ui_wait "Feeds (3)"
ui_wait "view: Rivers"
ui_wait "tag: arts (1 feed)"
ui_wait "tag: later"
ui_keys T
ui_wait "Show feeds tagged:"
ui_type "world"
ui_keys Enter
ui_wait "Feeds tagged world (1)"
ui_wait "Majlis Test News"
ui_wait "tag: world (1 feed)"
ui_sync
for row in "All unread" "view: Rivers" "tag: arts" "tag: later" \
    "$(ui_visual "أخبار المجلس")"; do
	ui_screen | grep -qF "$row" &&
	    { ui_screen; fail "T world still shows '$row'"; }
done
# The tag's row lists its posts; the cursor starts on it.
expect_focus "the first row" "tag: world (1 feed)"
ui_keys Enter
ui_wait "tag: world (1 feed) (3)"
ui_keys q
ui_wait "Feeds tagged world (1)"

# A tag only posts carry: its row, and no feed.
ui_keys T
ui_wait "Show feeds tagged:"
ui_type "later"
ui_keys Enter
ui_wait "Feeds tagged later (0)"
ui_wait "tag: later"
ui_sync
ui_screen | grep -qF "tag: world" && { ui_screen; fail "T later shows world"; }

ui_keys C-t
ui_wait "Feeds (3)"
ui_wait "All unread"
ui_wait "view: Rivers"
ui_wait "tag: arts (1 feed)"
exit 0
