#!/usr/bin/env bash
# Credentials in a feed's URL (http://user:secret@host/) go to the server
# (Basic or Digest, as the server asks; http-auth-method; or from the
# netrc-file for the host) and nowhere else: feeds (text and --json), lists, posts, show, the errors
# of a fetch and of a follow, and every file river publishes show them
# masked (*:*@host).  The masked URL still names the feed or the list in
# the commands that take one.  export keeps them: it is the user's backup.
. tests/lib.sh
server_start
HOSTPORT=127.0.0.1:$PORT
CRED="http://user:secret@$HOSTPORT"
MASK="http://*:*@$HOSTPORT"
MASKRE="http://\\*:\\*@127\\.0\\.0\\.1:$PORT"	# MASK as an extended regex

# /a has no title: its URL is its name wherever a name is shown.
cat >"$T/a.xml" <<'EOF'
<?xml version="1.0"?><rss version="2.0"><channel><title></title>
<item><guid>a1</guid><title>first post</title><link>http://example.org/1</link>
<description>hello</description></item>
</channel></rss>
EOF
printf '%s\n' "$CRED/b" >"$T/list.urls"
server_routes "{
  \"/a\": {\"body\": \"$T/a.xml\", \"auth\": \"basic:user:secret\"},
  \"/gone\": {\"status\": 404},
  \"/list\": {\"body\": \"$T/list.urls\", \"ctype\": \"text/plain\"},
  \"/badlist\": {\"status\": 404}
}"
subscribe "$CRED/a" "$CRED/gone"

# nowhere FILE...: no file given names the secret.
nowhere() {
	local f
	for f in "$@"; do
		! grep -q secret "$f" || { grep secret "$f" | head -3; fail "secret in $f"; }
	done
}

# --- the fetch authenticates, its error is masked ------------------------
rc=$(run_status "$MAJLIS" fetch)
expect_eq "fetch exit (one 404)" "$rc" 1
expect_eq "the server got the request" "$(server_count /a 200)" 1
expect_eq "none sent before the server asked" "$(server_count /a 401)" 1
auth=$(server_headers /a | sed -n 's/^Authorization: //p')
expect_eq "Basic credentials sent when asked" "$auth" "Basic $(printf user:secret | base64)"
expect_grep "404 reported, masked" "$MASKRE/gone: HTTP 404" "$T/err"
nowhere "$T/out" "$T/err"
expect_eq "the stored URL keeps them" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = '$CRED/a'")" 1

# --- what the commands print ----------------------------------------------
run 0 "$MAJLIS" feeds
expect_grep "feeds: masked URL" "$MASKRE/a" "$T/out"
nowhere "$T/out" "$T/err"
run 0 "$MAJLIS" feeds --json
expect_eq "feeds --json: masked url" \
    "$(jq -r '.[].url' "$T/out" | sort | tr '\n' ' ')" "$MASK/a $MASK/gone "
nowhere "$T/out"
run 0 "$MAJLIS" posts
expect_grep "posts: the untitled feed by its masked URL" "$MASKRE/a" "$T/out"
nowhere "$T/out"
run 0 "$MAJLIS" posts --json
expect_eq "posts --json: masked feed" "$(jq -r '.[0].feed' "$T/out")" "$MASK/a"
id=$(jq -r '.[0].id' "$T/out")
run 0 "$MAJLIS" show "$id"
expect_grep "show: Feed line masked" "Feed: $MASKRE/a" "$T/out"
nowhere "$T/out"

# The masked form names the feed; the full one too.
run 0 "$MAJLIS" posts --feed "$MASK/a"
expect_grep "posts --feed MASKED" "first post" "$T/out"
run 0 "$MAJLIS" posts --feed "$CRED/a"
expect_grep "posts --feed FULL" "first post" "$T/out"
run 0 "$MAJLIS" feed "$MASK/a" interval=90 proxy=http://puser:psecret@127.0.0.1:9
run 0 "$MAJLIS" feed "$MASK/a"
expect_grep "feed: the proxy's password masked" "proxy  http://\\*:\\*@127" "$T/out"
nowhere "$T/out"
run 0 "$MAJLIS" feeds --json
nowhere "$T/out"
run 0 "$MAJLIS" feed "$MASK/a" proxy=
run 0 "$MAJLIS" tag --feed "$MASK/a" private
run 0 "$MAJLIS" mark read --feed "$MASK/a"
: >"$T/server.log"
run 0 "$MAJLIS" fetch "$MASK/a"
expect_eq "fetch MASKED fetched it" \
    "$(( $(server_count /a) - $(server_count /a 401) ))" 1
nowhere "$T/out" "$T/err"
run 1 "$MAJLIS" posts --feed "http://*:*@$HOSTPORT/none"
nowhere "$T/err"
# A feed no one subscribed, named with its credentials: the error masks.
run 1 "$MAJLIS" remove "http://user:secret@$HOSTPORT/none"
expect_grep "remove error masked" "$MASKRE/none" "$T/err"
nowhere "$T/err"

# Two feeds that differ only by their credentials: the masked URL is
# ambiguous and says so; each full URL still works.
subscribe "http://other:secret2@$HOSTPORT/a"
run 2 "$MAJLIS" posts --feed "$MASK/a"
nowhere "$T/err"
run 0 "$MAJLIS" remove "http://other:secret2@$HOSTPORT/a"

# --- lists -------------------------------------------------------------------
run 0 "$MAJLIS" follow "$CRED/list"
nowhere "$T/out" "$T/err"
rc=$(run_status "$MAJLIS" follow "$CRED/badlist")
nowhere "$T/out" "$T/err"
run 0 "$MAJLIS" lists
expect_grep "lists: masked" "$MASKRE/list" "$T/out"
nowhere "$T/out"
run 0 "$MAJLIS" lists --json
nowhere "$T/out"
run 1 "$MAJLIS" fetch	# /gone still fails
expect_eq "the list's member fetched" "$(server_count /b 200)" 1
nowhere "$T/out" "$T/err"
run 0 "$MAJLIS" feeds
nowhere "$T/out"

# --- river: nothing published carries them -------------------------------------
run 0 "$MAJLIS" river --out "$T/www" --days 36500
run 0 "$MAJLIS" river --out "$T/all" --tag private --days 36500
for f in index.html atom.xml opml.xml; do
	nowhere "$T/www/$f" "$T/all/$f"
	grep -q "user" "$T/all/$f" && fail "$f names the user"
done
expect_grep "river: the member by its masked URL" "127.0.0.1:$PORT/b" "$T/www/opml.xml"
expect_grep "river --tag: the private feed by its masked URL" "127.0.0.1:$PORT/a" "$T/all/opml.xml"

# unfollow by the masked URL.
run 0 "$MAJLIS" unfollow "$MASK/list"
run 0 "$MAJLIS" lists
expect_eq "no list left" "$(cat "$T/out")" ""

# --- a secret in the query ("?token="): masked as "token=*" alike ----------
TOK="http://$HOSTPORT/tok?feed=rss2&token=secret4"
TOKMASK="http://$HOSTPORT/tok?feed=rss2&token=*"
server_routes "$(jq '. + {"/tok": {"items": 2, "title": "Paid"},
    "/tokgone": {"status": 403}}' "$T/routes")"
subscribe "$TOK" "http://$HOSTPORT/tokgone?api_key=secret5"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "the token went to the server" "$(server_count /tok 200)" 1
expect_grep "403 reported, its key masked" "/tokgone[?]api_key=[*]: HTTP 403" "$T/err"
nowhere "$T/out" "$T/err"
for cmd in "feeds" "feeds --json" "posts" "posts --json"; do
	run 0 "$MAJLIS" $cmd
	nowhere "$T/out"
done
run 0 "$MAJLIS" feeds --json
expect_eq "feeds --json: token masked" \
    "$(jq -r --arg m "$TOKMASK" '[.[] | select(.url == $m)] | length' "$T/out")" 1
run 0 "$MAJLIS" posts --feed "$TOKMASK"
expect_grep "the masked URL names the feed" "Paid" "$T/out"
run 0 "$MAJLIS" river --out "$T/tok" --all --days 36500
for f in index.html atom.xml opml.xml; do nowhere "$T/tok/$f"; done
run 0 "$MAJLIS" export
expect_grep "export keeps the token" "token=secret4" "$T/out"

# --- Digest, the method, the netrc file ------------------------------------
server_routes "$(jq '. + {"/d": {"items": 2, "title": "Digest",
    "auth": "digest:user:secret"}, "/n": {"items": 2, "title": "Netrc",
    "auth": "basic:nuser:nsecret"}}' "$T/routes")"
subscribe "$CRED/d"
: >"$T/server.log"
run 0 "$MAJLIS" fetch "$MASK/d"
expect_eq "Digest: fetched" "$(server_count /d 200)" 1
expect_grep "Digest: answered with Digest" '^Authorization: Digest username="user"' \
    <(server_headers /d)
expect_no_grep "Digest: no password on the wire" 'secret|Basic' <(server_headers /d)
# http-auth-method = basic sends Basic at once, which a Digest server refuses.
printf 'http-auth-method = basic\n' >"$MAJLIS_CONFIG"
: >"$T/server.log"
run 0 "$MAJLIS" fetch "$MASK/a"
expect_eq "basic: sent at once" "$(server_count /a 401)" 0
run 1 "$MAJLIS" fetch "$MASK/d"
expect_grep "basic on a Digest server: 401, masked" "$MASKRE/d: HTTP 401" "$T/err"
nowhere "$T/err"
printf 'http-auth-method = digest\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch "$MASK/d"
printf 'http-auth-method = kerberos5\n' >"$MAJLIS_CONFIG"
run 2 "$MAJLIS" fetch "$MASK/d"
expect_grep "a bad method is named" 'http-auth-method' "$T/err"
# The netrc file: credentials kept out of the URL and the database.
printf 'machine 127.0.0.1 login nuser password nsecret\n' >"$HOME/netrc"
chmod 600 "$HOME/netrc"
printf 'netrc-file = ~/netrc\n' >"$MAJLIS_CONFIG"
subscribe "http://$HOSTPORT/n"
run 0 "$MAJLIS" fetch "http://$HOSTPORT/n"
expect_eq "netrc: fetched" "$(server_count /n 200)" 1
expect_eq "netrc: not in the database" \
    "$(sql "SELECT count(*) FROM feeds WHERE url LIKE '%nsecret%'")" 0
: >"$MAJLIS_CONFIG"

# --- export keeps them: a backup to import again --------------------------
run 0 "$MAJLIS" export
expect_grep "export keeps the credentials" "$CRED/a" "$T/out"
run 0 "$MAJLIS" export --urls
expect_grep "export --urls keeps them" "$CRED/a" "$T/out"
exit 0
