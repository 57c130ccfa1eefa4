#!/usr/bin/env bash
# tests/ui/reader-credentials.sh: a feed subscribed with credentials in its
# URL (http://user:secret@host/) shows them masked in the reader: the feed
# list (an untitled feed is named by its URL), the posts' title bar, the
# article's Feed and Link lines.  The fetch still sends them.
. tests/lib.sh
. tests/ui/tmux.lib
server_start
cat >"$T/a.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title></title>
<item><guid>a1</guid><title>first post</title>
<link>http://reader:secret@example.org/1</link>
<description>hello</description></item>
</channel></rss>
XML
server_routes "{\"/a\": {\"body\": \"$T/a.xml\", \"auth\": \"basic:user:secret\"}}"
subscribe "http://user:secret@127.0.0.1:$PORT/a"
"$MAJLIS" fetch -q || fail "fetch"
[ -n "$(server_headers /a | grep '^Authorization: Basic ')" ] ||
    fail "the fetch sent no credentials"
MASK="http://*:*@127.0.0.1:$PORT/a"

# no_secret WHERE: the screen shows no password (nor the user).
no_secret() {
	ui_sync
	! ui_screen | grep -qE 'secret|user:' ||
	    { ui_screen; fail "$1: credentials on the screen"; }
}

ui_start
ui_wait "Feeds (1)"
ui_wait "$MASK"
no_secret "feed list"
ui_keys Enter
ui_wait "first post"
no_secret "posts"
ui_keys Enter
ui_wait "Feed: $MASK"
ui_wait "Link: http://*:*@example.org/1"
no_secret "article"
exit 0
