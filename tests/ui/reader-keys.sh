#!/usr/bin/env bash
# tests/ui/reader-keys.sh: the movement keys of majlis(1) that
# reader-navigate.sh does not press: k, the arrows, PgUp and PgDn, and p
# (previous unread).  Where the cursor is comes from the colours drawn: the
# one list line in the focus colours (blue background by default).
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

# focus: the text of the list line the cursor is on (not the title bar, the
# first row, nor the status rows, the last two).
focus() {
	# capture-pane -e gives the changes of attributes only: follow the
	# background colour (bg, "" for none) from row to row, and take it
	# at the first letter (at).
	tmux -L "$UI_SOCK" capture-pane -e -p | awk '
	{ row[NR] = $0 }
	END {
		bg = ""
		for (n = 1; n <= NR; n++) {
			s = row[n]; text = ""; at = "none"
			while (s != "") {
				if (match(s, /\033\[[0-9;]*m/)) {
					pre = substr(s, 1, RSTART - 1)
					seq = substr(s, RSTART + 2, RLENGTH - 3)
					s = substr(s, RSTART + RLENGTH)
				} else {
					pre = s; seq = "-"; s = ""
				}
				if (at == "none" && pre ~ /[^ ]/)
					at = bg
				text = text pre
				if (seq == "-")
					continue
				k = split(seq == "" ? "0" : seq, c, ";")
				for (i = 1; i <= k; i++) {
					v = c[i] + 0
					if (v == 0 || v == 49)
						bg = ""
					else if (v >= 40 && v <= 47 || v >= 100 && v <= 107)
						bg = v
				}
			}
			if (n > 1 && n < NR - 1 && at == 44) {
				sub(/^ +/, "", text); sub(/ +$/, "", text)
				hits[++nh] = text
			}
		}
		if (nh == 1)
			print hits[1]
		else {
			printf "%d focused lines:", nh
			for (i = 1; i <= nh; i++)
				printf " [%s]", hits[i]
			printf "\n"
		}
	}
	'
}
# expect_focus WHAT TEXT: the cursor's line comes to hold TEXT.
expect_focus() {
	want_focus=$2
	ui_until '[[ "$(focus)" == *"$want_focus"* ]]' ||
	    { ui_screen; fail "$1: the cursor is on '$(focus)', want '$2'"; }
}

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
