#!/usr/bin/env bash
# notify-command: run after a fetch that stored new posts (not after one
# that did not), as an argument vector, never a shell, with the number of
# new posts and the newest titles, scrubbed of control characters; a
# killfile's posts are not new.
. tests/lib.sh
server_start
cat >"$T/hostile.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>H</title><link>http://example.org/</link>
<item><title>$(touch pwned); `touch pwned2` &#x1b;]0;title&#x07;x</title><guid>h1</guid><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>
<item><title>-rf --help</title><guid>h2</guid><pubDate>Mon, 06 Jan 2025 09:00:00 GMT</pubDate></item>
<item><title>skip me</title><guid>h3</guid><pubDate>Mon, 06 Jan 2025 08:00:00 GMT</pubDate></item>
</channel></rss>
XML
server_routes '{"/h": {"body": "'"$T"'/hostile.xml"}}'
cat >"$T/notify" <<'SH'
#!/bin/sh
for a in "$@"; do printf '[%s]\n' "$a"; done >>"$NOTIFY_OUT"
SH
chmod +x "$T/notify"
export NOTIFY_OUT="$T/notified"
printf 'notify-command = %s --from majlis\nignore * "title = \\"skip me\\""\n' "$T/notify" >"$MAJLIS_CONFIG"
subscribe "$BASE/h"
cd "$T"
run 0 "$MAJLIS" fetch
cd - >/dev/null
[ -f "$T/notified" ] || fail "notify-command was not run"
expect_eq "argv: the words, the count, the titles, scrubbed" "$(cat "$T/notified")" \
'[--from]
[majlis]
[2]
[$(touch pwned); `touch pwned2` ]0;titlex]
[ -rf --help]'
LC_ALL=C grep -q "$(printf '[\001-\037\177]')" "$T/notified" && fail "a control character reached the command"
[ ! -e "$T/pwned" ] && [ ! -e "$T/pwned2" ] || fail "a title ran through a shell"
# Nothing new: not run.
rm -f "$T/notified"
run 0 "$MAJLIS" fetch
[ ! -e "$T/notified" ] || fail "notify-command run without new posts"
# A command that fails is reported; the fetch's status stays its own.
printf 'notify-command = false\n' >"$MAJLIS_CONFIG"
server_routes '{"/h": {"items": 2}}'
run 0 "$MAJLIS" fetch
expect_grep "failure reported" 'notify-command: false exited 1' "$T/err"
printf 'notify-command = %s/nosuch\n' "$T" >"$MAJLIS_CONFIG"
server_routes '{"/h": {"items": 3}}'
run 0 "$MAJLIS" fetch
expect_grep "missing command reported" 'notify-command: .*nosuch: No such file' "$T/err"
exit 0
