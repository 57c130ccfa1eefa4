#!/usr/bin/env bash
# tests/ui/reader-links.sh: links, images, the width of the text and the
# commands of the article view.
#  - Links are numbered in the text ("the first[1]"), an image too ("[image
#    3: a cat]"), and u lists them all, the image with its URL.
#  - # asks for a link's number and opens it in the browser; a digit typed
#    in the article (or in u's list) starts that prompt with it, Enter
#    opens.
#  - At 200 columns the text is 80 columns wide (text-width's default), at
#    the right in a mirrored layout; text-width = 0 takes the window's width.
#  - | and w ask for the command and the file when pipe-command and save-dir
#    are not set, UP recalling the last command; what the command wrote
#    stays on the screen until a key.
#  - ^B runs bookmark-cmd with the post's URL, title, the description asked
#    for and the feed's title as arguments, no shell between; what it
#    printed (or how it failed) is said on the status line.
. tests/lib.sh
. tests/ui/tmux.lib

words=$(for i in $(seq 60); do printf 'wordy%02d ' "$i"; done)
cat >"$T/links.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Links feed</title><link>http://links.example/</link><description>x</description>
<item><title>Links post</title><link>http://links.example/post</link><guid>k1</guid>
<pubDate>Tue, 04 Jun 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;Read &lt;a href="http://links.example/one"&gt;the first&lt;/a&gt; and &lt;a href="http://links.example/two"&gt;the second&lt;/a&gt;.&lt;/p&gt;&lt;p&gt;&lt;img src="http://img.example/cat.png" alt="a cat"&gt;&lt;/p&gt;&lt;p&gt;$words&lt;/p&gt;</description></item>
</channel></rss>
XML
server_routes '{"/links": {"body": "'"$T"'/links.xml"}}'
server_start
subscribe "$BASE/links"
"$MAJLIS" fetch -q || fail "fetch"

# The browser, pipe and bookmark commands say what they got, one argument
# a line.
cat >"$T/browse.sh" <<SH
#!/bin/sh
printf '%s\n' "\$@" >>'$T/browsed'
SH
cat >"$T/pipe.sh" <<SH
#!/bin/sh
printf '%s\n' "\$@" >'$T/piped.args'
cat >'$T/piped'
echo "PIPE-OUTPUT-STAYS"
SH
cat >"$T/bm.sh" <<SH
#!/bin/sh
printf '[%s]\n' "\$@" >'$T/bookmarked'
echo "bookmark kept in the file"
SH
printf '#!/bin/sh\necho "no room for it" >&2\nexit 3\n' >"$T/bm-fail.sh"
chmod +x "$T/browse.sh" "$T/pipe.sh" "$T/bm.sh" "$T/bm-fail.sh"
printf 'bookmark-cmd = %s --from-majlis\n' "$T/bm.sh" >"$MAJLIS_CONFIG"

# The reader at 200 columns, on the post.
open_post() {
	ui_start 200 30
	ui_wait "Feeds (1)"
	ui_keys g j Enter
	ui_wait "Links post"
	ui_keys Enter
	ui_wait "the first[1]"
}

UI_BROWSER="$T/browse.sh"
open_post

# 1, 2: the numbers in the text, the image's too.
ui_wait "the second[2]"
ui_wait "[image 3: a cat]"
ui_keys u
ui_wait "[3] http://img.example/cat.png"
ui_wait "[1] http://links.example/one"
# There a number opens its link too, the cursor going to it.
ui_type 2
ui_wait "Open link number: 2"
ui_keys Enter
ui_until '[ -s "$T/browsed" ]' || { ui_screen; fail "2 Enter in the list opened nothing"; }
expect_eq "2 in the list opens the second link" "$(cat "$T/browsed")" "http://links.example/two"
expect_focus "the cursor on the link opened" "[2] http://links.example/two"
rm -f "$T/browsed"
ui_keys q
ui_wait "the first[1]"

# #: the number asked for, then opened.
ui_type '#'
ui_wait "Open link number:"
ui_type 2
ui_keys Enter
ui_until '[ -s "$T/browsed" ]' || { ui_screen; fail "# 2 opened nothing"; }
expect_eq "# 2 opens the second link" "$(cat "$T/browsed")" "http://links.example/two"
rm -f "$T/browsed"
# A digit starts the prompt with itself: 3 Enter opens the image.
ui_type 3
ui_wait "Open link number: 3"
ui_keys Enter
ui_until '[ -s "$T/browsed" ]' || { ui_screen; fail "3 Enter opened nothing"; }
expect_eq "3 opens the image" "$(cat "$T/browsed")" "http://img.example/cat.png"
ui_type '#'
ui_wait "Open link number:"
ui_type 9
ui_keys Enter
ui_wait "no link 9 in this post"

# 3: 80 columns of text in a window of 200.
widest() {
	ui_screen | grep wordy | awk '{ sub(/ +$/, ""); if (length > w) w = length } END { print w + 0 }'
}
w=$(widest)
[ "$w" -ge 70 ] && [ "$w" -le 81 ] || { ui_screen; fail "text $w columns wide at 200, want 80"; }

# 4: | with no pipe-command asks for one; its output stays until a key.
ui_keys '|'
ui_wait "Pipe to command:"
ui_type "$T/pipe.sh one-arg"
ui_keys Enter
ui_wait "PIPE-OUTPUT-STAYS"
ui_wait "Press a key to go back to the reader."
expect_eq "the typed command's arguments" "$(cat "$T/piped.args")" "one-arg"
expect_grep "the post piped" '^Links post$' "$T/piped"
expect_grep "the image listed in what is piped" '^\[3\] http://img.example/cat.png$' "$T/piped"
ui_keys Space
ui_wait "piped to $T/pipe.sh"
ui_wait "the first[1]"
rm -f "$T/piped.args"
# UP recalls the command typed last.
ui_keys '|'
ui_wait "Pipe to command:"
ui_keys Up
ui_wait "Pipe to command: $T/pipe.sh one-arg"
ui_keys Enter
ui_wait "PIPE-OUTPUT-STAYS"
ui_keys Space
ui_wait "the first[1]"
expect_eq "the recalled command run" "$(cat "$T/piped.args")" "one-arg"
# A command that cannot be run is said at once, no key waited for.
ui_keys '|'
ui_wait "Pipe to command:"
ui_type "$T/no-such-command"
ui_keys Enter
ui_wait "cannot run $T/no-such-command"
ui_wait "the first[1]"
# ESC: nothing piped.
rm -f "$T/piped.args"
ui_keys '|'
ui_wait "Pipe to command:"
ui_keys Escape
ui_sync
[ ! -e "$T/piped.args" ] || fail "a cancelled pipe ran"

# w with no save-dir asks for the file, offering one in the home directory.
ui_keys w
ui_wait "Save to file: $HOME/Links_post.txt"
mkdir -p "$T/kept"
ui_keys C-u
ui_type "$T/kept/mine.txt"
ui_keys Enter
ui_wait "saved $T/kept/mine.txt"
expect_grep "saved where typed" 'wordy60' "$T/kept/mine.txt"

# 5: ^B runs bookmark-cmd with the post's URL, title, the description and
# the feed's title, and says what it printed.
ui_keys C-b
ui_wait "Bookmark description:"
ui_type 'worth; $(reading) again'
ui_keys Enter
ui_wait "bookmark kept in the file"
expect_eq "bookmark-cmd's arguments" "$(cat "$T/bookmarked")" '[--from-majlis]
[http://links.example/post]
[Links post]
[worth; $(reading) again]
[Links feed]'
ui_keys Q

# A bookmark-cmd that fails is said with its status and what it wrote;
# text-width = 0 takes the whole window.
printf 'bookmark-cmd = %s\ntext-width = 0\n' "$T/bm-fail.sh" >"$MAJLIS_CONFIG"
ui_stop
open_post
w=$(widest)
[ "$w" -ge 150 ] || { ui_screen; fail "text-width = 0: text $w columns wide at 200"; }
ui_keys C-b
ui_wait "Bookmark description:"
ui_keys Enter
ui_wait "bookmark-cmd failed (exit 3): no room for it"
ui_keys Q

# In a mirrored layout the 80 columns of text stand at the right, where its
# lines start.
printf 'layout = rtl\n' >"$MAJLIS_CONFIG"
ui_stop
open_post
w=$(widest)
[ "$w" -ge 190 ] || { ui_screen; fail "mirrored: the text ends at column $w, not at the right"; }
left=$(ui_screen | grep wordy | awk '{ match($0, /^ */); if (min == "" || RLENGTH < min) min = RLENGTH } END { print min + 0 }')
[ "$left" -ge 110 ] || { ui_screen; fail "mirrored: the text starts at column $left, want about 120"; }
ui_keys Q
exit 0
