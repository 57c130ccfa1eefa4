#!/usr/bin/env bash
# tests/ui/reader-list-format.sh: newsboat's feedlist-format and
# articlelist-format: fields (%i %n %t %u %T %D ...) padded to a width on
# the left or (negative) on the right, %?T?...&...? on whether a field has
# text, %>c filling to the end of the line; %T (the feed) only in a list
# of several feeds; a field the list does not know is the config's error.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"
# line_is WHAT REGEX: the line the regex matches is on the screen.
line_is() {
	want_re=$2
	ui_until 'ui_screen | grep -qE -- "$want_re"' ||
	    { ui_screen; fail "$1: no line matches /$2/"; }
}

cat >"$MAJLIS_CONFIG" <<'EOC'
feedlist-format "%3i %n %-8u|%t"
articlelist-format "%-3i%n %?T?<%-8T> &?%t %>.%D"
EOC
ui_start
ui_wait "Feeds (3)"
line_is "the feed list's All unread" '^ +1 N \(6\)     \|All unread *$'
line_is "the feed list's first feed" '^ +2 N \(3/3\)   \|Majlis Test News *$'
# An Arabic title in its own direction (visual order on the screen).
line_is "the Arabic feed" "^ +3 N \\(2/2\\)   \\|$(ui_visual "أخبار المجلس") *\$"
ui_keys g Enter
ui_wait "All unread (6)"
# Several feeds: %T's conditional, cut to 8 columns with an ellipsis.
line_is "All unread" '^[0-9]  N <Majlis …> Welcome to the reader \.+2024-06-03$'
ui_keys q
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
line_is "a feed's list" '^1  N Welcome to the reader \.+2024-06-03$'
line_is "a feed's list, row 3" '^3  N The oldest story \.+2024-06-01$'

# Mirrored: each cell at the far end of its place, the fill between.
printf 'layout = rtl\n' >>"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Majlis Test News (3)"
line_is "mirrored" '^2024-06-03\.+ Welcome to the reader N +1$'

# A field the list has not: the line is skipped, and says why.
printf 'articlelist-format "%%t %%q"\n' >"$MAJLIS_CONFIG"
ui_restart 150 30
ui_wait "'%q' is not one of its fields: %i %f %t %T %a %D %n %F"
ui_wait "%n %F (ignored)"

# %L, the feed's URL, shows no password.
subscribe "http://reader:s3cret@127.0.0.1:9/private.xml"
printf 'feedlist-format "%%3i|%%L"\n' >"$MAJLIS_CONFIG"
ui_restart
ui_wait "Feeds (4)"
ui_wait "127.0.0.1:9/private.xml"
ui_sync
ui_screen | grep -qF "s3cret" && { ui_screen; fail "%L shows the password"; }
exit 0
