#!/usr/bin/env bash
# A config file never throws the user's settings away (majlis.conf(5),
# BAD LINES): a typo'd line is named with its file and line and skipped,
# every other line applies, those after it too, and 'fetch -q' from cron
# still fetches with exit 0.  Only a guard line (proxy, http-auth-method,
# use-proxy...) whose value cannot be read, or an unknown key that is such
# a setting's name misspelt, stops a command that connects: going on would
# connect directly, and the test server must see nothing.
. tests/lib.sh
server_start
server_routes '{"/a": {"items": 3, "title": "A"}}'
subscribe "$BASE/a"

# Bad lines between good ones; the good line after them applies.
cat >"$MAJLIS_CONFIG" <<'CONF'
connect-timeout = 5
colour info red default
max-connections = lots
bind z mark-everything
user-agent = after-the-typos/1.0
CONF
run 0 "$MAJLIS" fetch -q
expect_grep "the unknown line, with file and line" "^majlis: $MAJLIS_CONFIG:2: unknown setting 'colour' \(ignored\)$" "$T/err"
expect_grep "the bad value" "^majlis: $MAJLIS_CONFIG:3: max-connections: 'lots' is not a number \(ignored\)$" "$T/err"
expect_grep "the reader's line" "^majlis: $MAJLIS_CONFIG:4: bind: " "$T/err"
expect_eq "one warning each" "$(wc -l <"$T/err")" 3
expect_eq "fetched" "$(server_count /a)" 1
expect_eq "its posts" "$(sql 'SELECT count(*) FROM posts')" 3
expect_eq "the line after the bad ones applied" "$(server_log_field /a ua)" after-the-typos/1.0
# The same for a command that does not connect.
run 0 "$MAJLIS" feeds
expect_grep "feeds: warned too" "^majlis: $MAJLIS_CONFIG:2: " "$T/err"
expect_grep "feeds: its output" "^$BASE/a  A  " "$T/out"

# A proxy that cannot be read is refused: no direct connection.
for proxy in 'socks5h:/127.0.0.1:9050' 'sock5h://127.0.0.1:9050' '127.0.0.1:90500'; do
	: >"$T/server.log"
	printf 'colour info red default\nproxy = %s\n' "$proxy" >"$MAJLIS_CONFIG"
	run 2 "$MAJLIS" fetch -q
	expect_grep "$proxy: refused, named" "^majlis: $MAJLIS_CONFIG:2: proxy: '.*' is not a proxy" "$T/err"
	expect_eq "$proxy: nothing fetched" "$(server_count /a)" 0
	run 2 "$MAJLIS" add "$BASE/b"
	expect_eq "$proxy: add fetched nothing" "$(jq -s length "$T/server.log")" 0
done
# A command that does not connect only warns about it.
run 0 "$MAJLIS" feeds
expect_grep "feeds: the proxy line named" "^majlis: $MAJLIS_CONFIG:2: proxy: .*\(ignored\)$" "$T/err"
# Every guard line: a bad value refuses; the test server sees nothing.
: >"$T/server.log"
for line in 'http-auth-method = anysaf' 'user-agent = ""' 'resolve = ""x' \
    'use-proxy = maybe' 'proxy-type = socks6' 'include missing.conf' \
    'prxy = socks5h://127.0.0.1:9050' 'user_agent = me' 'use_proxy = yes'; do
	printf '%s\n' "$line" >"$MAJLIS_CONFIG"
	run 2 "$MAJLIS" fetch -q
	expect_grep "$line: refused" "^majlis: $MAJLIS_CONFIG:1: " "$T/err"
done
expect_eq "no request for a refused config" "$(jq -s length "$T/server.log")" 0
expect_grep "a guard setting's name misspelt is named" "^majlis: $MAJLIS_CONFIG:1: unknown setting 'use_proxy' \(use-proxy misspelt\?\)$" "$T/err"
# A key far from any guard setting's name is only skipped.
printf 'netrc = x\ncolour = red\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch -q
expect_eq "far from a guard: fetched" "$(server_count /a)" 1
# A good proxy line is used, after a bad unrelated line.
printf 'colour info red default\nproxy = %s\n' "$BASE" >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch -q
expect_eq "through the proxy" "$(server_log_field /a proxied)" true
exit 0
