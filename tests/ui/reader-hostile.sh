#!/usr/bin/env bash
# tests/ui/reader-hostile.sh: a feed that tries to take over the terminal.
# Its titles, author and body carry OSC (ESC ] 0; ... BEL, which would set
# the window title), CSI 2J (clear the screen), a C1 CSI (0x9b) and the same
# again as character references decoded from the HTML.  The reader must
# show the plain text around them and pass nothing through.  Then 'o' must
# hand the post's hostile link (quotes, ';', "$(...)", backquotes) to the
# browser as exactly one argument, with no shell in between.  The screen
# is checked as drawn (capture-pane) and as sent: script(1) records the
# bytes the reader writes, where a sequence the terminal obeyed (and so
# never drew) would still be seen.
. tests/lib.sh
. tests/ui/tmux.lib
need script "script(1), to record what the reader sends,"
UI_RECORD="$T/sent"
tests/ui/make-fixture || fail "could not build the fixture database"

# (browser.url appears whole, renamed into place, after browser.argc.)
cat >"$T/browser" <<EOB
#!/bin/sh
printf '%s' "\$#" >"$T/browser.argc"
printf '%s' "\$1" >"$T/browser.url.tmp"
mv "$T/browser.url.tmp" "$T/browser.url"
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
ui_until 'ui_line "Hostile" | grep -qF "Feed"' || fail "feed title text lost"
clean "feed list"
ui_keys G Enter
ui_wait "Evil"
evil_drawn() {
	line=$(ui_line "Evil")
	case $line in
	*Evil*title*cleared*red\ done*) ;;
	*) return 1 ;;
	esac
}
ui_until evil_drawn || fail "post title not shown clean: $line"
clean "post list"
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

# The bytes sent: the reader's own sequences only (CSI of ncurses), none
# of the feed's: no OSC, no BEL, no C1 control (UTF-8 encoded or raw, as
# ncurses in UTF-8 never writes one), no bidi override, and none of the
# feed's CSI sequences next to the text they came with.
[ -s "$UI_RECORD" ] || fail "nothing recorded of what the reader sent"
python3 - "$UI_RECORD" <<'PY' || fail "the feed's control sequences reached the terminal"
import re, sys
data = open(sys.argv[1], "rb").read()
bad = ["the text %r was never sent: not the reader's bytes" % w
       for w in (b"Mallory", b"end of body", b"cleared") if w not in data]
for what, pat in [("OSC", rb"\x1b\]"), ("BEL", rb"\x07"),
                  ("a C1 control", rb"\xc2[\x80-\x9f]"),
                  ("a raw C1 CSI", rb"(?<![\xc0-\xff])\x9b31m"),
                  ("U+202E", "\u202e".encode()),
                  ("the title's CSI 2J", rb"\x1b\[2Jcleared"),
                  ("the author's CSI 31m", rb"\x1b\[31mMallory")]:
    for m in re.finditer(pat, data):
        bad.append("%s at byte %d: %r" % (what, m.start(), data[max(0, m.start() - 20):m.end() + 20]))
for b in bad[:10]:
    print(b)
print("%d bytes sent, %d bad" % (len(data), len(bad)))
sys.exit(1 if bad else 0)
PY
exit 0
