#!/usr/bin/env bash
# tests/ui/reader-hostile.sh: a feed that tries to take over the terminal.
# Its titles, author and body carry OSC (ESC ] 0; ... BEL, which would set
# the window title), CSI 2J (clear the screen), a C1 CSI (0x9b) and the same
# again as character references decoded from the HTML.  The reader must
# show the plain text around them and pass nothing through.  Then 'o' must
# hand the post's hostile link (quotes, ';', "$(...)", backquotes) to the
# browser as exactly one argument, with no shell in between.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

cat >"$T/browser" <<EOB
#!/bin/sh
printf '%s' "\$#" >"$T/browser.argc"
printf '%s' "\$1" >"$T/browser.url"
EOB
chmod +x "$T/browser"
UI_BROWSER="$T/browser"

clean() {	# clean WHERE: nothing on screen is a control character
	ui_screen >"$T/screen"
	LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/screen" &&
	    { cat -v "$T/screen"; fail "$1: a control character on the screen"; }
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$T/screen" &&
	    { cat -v "$T/screen"; fail "$1: a C1 control on the screen"; }
	tmux -L "$UI_SOCK" display -p '#{pane_title}' | grep -q pwned &&
	    fail "$1: the feed set the window title"
	return 0
}

ui_start
ui_wait "Feeds (3)"
ui_wait "Hostile"
clean "feed list"
ui_line "Hostile" | grep -qF "Feed" || fail "feed title text lost"
ui_keys G Enter
ui_wait "Evil"
clean "post list"
line=$(ui_line "Evil")
case $line in
*Evil*title*cleared*red\ done*) ;;
*) fail "post title not shown clean: $line" ;;
esac
ui_keys Enter
ui_wait "Title: Evil"
ui_wait "end of body"
clean "article"
ui_wait "Feed: Hostile"
ui_wait "Mallory"

ui_keys o
ui_until '[ -f "$T/browser.url" ]' || fail "the browser was not started"
ui_wait "Title: Evil"
expect_eq "browser arguments" "$(cat "$T/browser.argc")" 1
expect_eq "browser URL" "$(cat "$T/browser.url")" \
    "http://hostile.example/x?a=1&b='q';\$(touch pwned)&c=\"d\"\`id\`"
[ -e pwned ] || [ -e "$T/pwned" ] || [ -e "$HOME/pwned" ] &&
    fail "the link ran a command"
clean "after the browser"
ui_keys q q q
ui_wait "majlis-exited-0"
exit 0
