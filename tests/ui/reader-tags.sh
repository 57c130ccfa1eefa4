#!/usr/bin/env bash
# tests/ui/reader-tags.sh: Arabic in the reader.  Tag a post with an Arabic
# tag (stored at once), complete a tag with TAB, remove one with "-tag",
# find the tag's row in the feed list and its post through it; search for
# a word typed in another letter variant than stored ("اسلام" finds
# "إسلام") and open the result.  Right-to-left text is drawn reordered.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

t1="مقال عن الإسلام والعلم"
t2="مهرجان الشعر في البصرة"
tag="تاريخ"

# A feed tag, for the tag filter (T) below.
"$MAJLIS" add "$(ui_feed_url "Majlis Test News")" world >/dev/null ||
    fail "majlis add with a tag"

ui_start
ui_wait "Feeds (3)"
# The Arabic feed title is drawn in visual order (bidi = auto).
ui_wait "$(ui_visual "أخبار المجلس")"
# (All unread, the feed tag world's row, Majlis Test News, then it.)
ui_keys g j j j Enter
ui_wait "$(ui_visual "$t1")"
ui_wait "$(ui_visual "$t2")"

ui_keys t
ui_wait "(-tag removes):"
ui_type "$tag"
ui_keys Enter
ui_wait "tagged $(ui_visual "$tag")"
expect_eq "tag stored at once" "$(ui_post tags "$t1")" "$tag"
ui_line "$(ui_visual "$t1")" | grep -qF "$(ui_visual "$tag")" ||
    { ui_screen; fail "the tag is not shown on the post's row"; }

# TAB completes an existing tag from its first letters.
ui_keys j t
ui_wait "(-tag removes):"
ui_type "تا"
ui_keys Tab Enter
ui_until '[ "$(ui_post tags "$t2")" = "$tag" ]' ||
    fail "completed tag: got '$(ui_post tags "$t2")'"
# "-tag" removes it again, several at once.
ui_keys t
ui_wait "(-tag removes):"
ui_type "-$tag وطن"
ui_keys Enter
ui_until '[ "$(ui_post tags "$t2")" = "وطن" ]' ||
    fail "untag: got '$(ui_post tags "$t2")'"
ui_wait "post tagged $(ui_visual "وطن"); untagged $(ui_visual "$tag")"
# A tag with a space in it completes in quotes: one tag, not two.
"$MAJLIS" tag "$(sql "SELECT id FROM posts WHERE title = '$t1'")" "شبكة مجلس" \
    >/dev/null || fail "majlis tag with a space"
ui_keys t
ui_wait "(-tag removes):"
ui_type "شبكة م"
ui_keys Tab Enter
ui_until '[ "$(ui_post tags "$t2")" = "وطن,شبكة مجلس" ] ||
    [ "$(ui_post tags "$t2")" = "شبكة مجلس,وطن" ]' ||
    fail "completed spaced tag: got '$(ui_post tags "$t2")'"

# The feed list has a row for the tag; it lists the tagged post.  The
# feed tag's row says it is on feeds, and counts the posts it lists.
ui_keys q
ui_wait "tag: $(ui_visual "$tag")"
ui_until 'ui_line "tag: $(ui_visual "$tag")" | grep -qF "(1)"' || fail "tag count"
n=$(sql "SELECT count(*) FROM posts p JOIN feed_tags ft ON ft.feed_id = p.feed_id JOIN tags t ON t.id = ft.tag_id WHERE t.name = 'world'")
ui_until 'ui_line "tag: world (1 feed)" | grep -qF "($n)"' ||
    { ui_screen; fail "the feed tag's row counts its feed's $n posts"; }
ui_keys g j j Enter
ui_wait "$(ui_visual "$t1")"
ui_sync
ui_screen | grep -qF "$(ui_visual "$t2")" && fail "untagged post in the tag view"
ui_keys q

# T shows only the feeds with a tag (completed with TAB), ^T all again.
ui_keys T
ui_wait "Show feeds tagged:"
ui_type "wor"
ui_keys Tab Enter
ui_wait "Feeds tagged world (1)"
ui_wait "Majlis Test News"
ui_sync
ui_screen | grep -qF "$(ui_visual "أخبار المجلس")" && fail "T did not filter"
ui_keys C-t
ui_wait "Feeds (3)"
ui_wait "$(ui_visual "أخبار المجلس")"

# Search: typed without hamza, stored with it.
ui_keys /
ui_wait "Search:"
ui_type "اسلام"
ui_keys Enter
ui_wait "Search: "
ui_wait "$(ui_visual "$t1")"
ui_sync
ui_screen | grep -qF "Welcome to the reader" && fail "search found an unrelated post"
ui_keys Enter
ui_wait "Title: $(ui_visual "$t1")"
ui_wait "$(ui_visual "إسلام")"
ui_keys q q
ui_wait "Feeds ("
ui_keys q
ui_wait "majlis-exited-0"
exit 0
