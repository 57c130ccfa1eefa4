#!/usr/bin/env bash
# tests/ui/reader-commands.sh: commands on a post.  | pipes the rendered
# article to pipe-command (argv, the post on its standard input); w saves
# it under save-dir with a file name from the title (an Arabic title kept
# readable), asking before replacing a file; E opens the enclosure with
# enclosure-command (%u is the URL, one argument), and the link list (u)
# lists the enclosure after the links, E opening any of them.  A saved
# post is private (0600) under a umask that would show it to others.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

mkdir -p "$T/saved"
umask 022
cat >"$T/pipe.sh" <<SH
#!/bin/sh
cat >'$T/piped'
SH
cat >"$T/open.sh" <<SH
#!/bin/sh
for a in "\$@"; do printf '[%s]\n' "\$a"; done >>'$T/opened'
SH
chmod +x "$T/pipe.sh" "$T/open.sh"
printf 'pipe-command = %s\nsave-dir = %s\nenclosure-command = %s --flag %%u\nmacro x toggle-read down toggle-read\n' \
    "$T/pipe.sh" "$T/saved" "$T/open.sh" >"$MAJLIS_CONFIG"
id=$(sql "SELECT id FROM posts WHERE title = 'Welcome to the reader'")
sql_write "INSERT INTO enclosures(post_id, url, type) VALUES ($id, 'http://media.example/a b;\$(x).mp3', 'audio/mpeg')"

ui_start
ui_wait "Feeds (3)"
ui_keys g j Enter
ui_wait "Welcome to the reader"
ui_keys Enter
ui_wait "The first paragraph"
ui_keys '|'
ui_until '[ -s "$T/piped" ]' || { ui_screen; fail "nothing piped"; }
# The command's output stays on the screen until a key.
ui_wait "Press a key to go back to the reader."
ui_keys Space
ui_wait "piped to"
expect_grep "the title piped" '^Welcome to the reader$' "$T/piped"
expect_grep "the text piped" 'The first paragraph of the welcome post' "$T/piped"
expect_grep "the links piped" '^\[1\] http://news.example/rivers$' "$T/piped"

ui_keys w
ui_wait "saved $T/saved/Welcome_to_the_reader.txt"
expect_grep "saved text" 'Second paragraph' "$T/saved/Welcome_to_the_reader.txt"
expect_eq "saved: private" "$(stat -c %a "$T/saved/Welcome_to_the_reader.txt")" 600
echo mine >"$T/saved/Welcome_to_the_reader.txt"
ui_keys w
ui_wait "exists: replace it? (y/n)"
ui_keys n
ui_wait "not saved"
expect_eq "not replaced" "$(cat "$T/saved/Welcome_to_the_reader.txt")" mine
ui_keys w
ui_wait "exists: replace it? (y/n)"
ui_keys y
ui_wait "saved $T/saved/Welcome_to_the_reader.txt"
expect_grep "replaced" 'Second paragraph' "$T/saved/Welcome_to_the_reader.txt"

# E: the enclosure, as one argument in place of %u.
ui_keys E
# (The command writes its lines one by one: wait for both.)
ui_until '[ "$(wc -l <"$T/opened" 2>/dev/null)" -ge 2 ]' ||
    { ui_screen; fail "enclosure-command not run"; }
expect_eq "argv of enclosure-command" "$(cat "$T/opened")" '[--flag]
[http://media.example/a b;$(x).mp3]'
# u lists it after the links; E there opens the link under the cursor.
ui_keys u
ui_wait 'http://media.example/a b;$(x).mp3'
rm -f "$T/opened"
ui_keys g E
ui_until '[ "$(wc -l <"$T/opened" 2>/dev/null)" -ge 2 ]' ||
    { ui_screen; fail "E in the link list"; }
# (The first link of the list is the post's own.)
expect_eq "E on a link" "$(sed -n 2p "$T/opened")" '[http://news.example/welcome]'
ui_keys q q q

# macro KEY ACTION...: several actions in one key (x: toggle the post
# read, move down, toggle that one too), set in the config.
printf 'macro x toggle-read down toggle-read\nmacro ^X nosuch\n' >"$T/bad.conf"
# The reader's line: fetch only warns (whatever its fetch of the fixture).
run_status "$MAJLIS" -c "$T/bad.conf" fetch >/dev/null
expect_grep "a bad macro named" "bad.conf:2: macro: unknown action 'nosuch'" "$T/err"
ui_keys g j Enter
ui_wait "Welcome to the reader"
expect_eq "read by opening it above" "$(ui_post read "Welcome to the reader")" true
# (The list opens on its first unread post: to the top, the read one.)
ui_keys g x
ui_until '[ "$(ui_post read "Rivers of the north")" = true ]' ||
    { ui_screen; fail "the macro did not run its three actions"; }
expect_eq "the first post toggled by the macro" "$(ui_post read "Welcome to the reader")" false
expect_eq "the third untouched" "$(ui_post read "The oldest story")" false
ui_keys q

# An Arabic title stays readable in the file name.
ui_keys g j j Enter
ui_wait "$(ui_visual "مقال عن الإسلام والعلم")"
ui_keys Enter
ui_keys w
ui_until '[ -f "$T/saved/مقال_عن_الإسلام_والعلم.txt" ]' ||
    { ui_screen; ls "$T/saved"; fail "the Arabic file name"; }
ui_keys Q
exit 0
