#!/usr/bin/env bash
# Feeds and servers that try to take over the terminal through the command
# line tools (tests/ui/reader-hostile.sh does the reader).  Titles, authors,
# content and categories carry ESC, CSI (ESC [ 2 J), OSC (ESC ] 0 ; x BEL),
# C1 controls (U+009B; a raw 0x9b byte in a Latin-1 feed) and bidi
# overrides (U+202E): raw, as numeric character references (&#27; &#x9b;
# &#x202e;) and double-escaped (&amp;#27;, which the HTML of a body turns
# into a character reference again).  Then the same in what a server says
# about itself (its status line, a Location), in rows written straight into
# the database (a cache from an older majlis), and in a tag typed by the
# user.  'majlis posts', 'feeds' and 'show' print none of those characters,
# on a terminal (script(1)) or in a pipe; --json is valid JSON with the
# controls escaped as \u00XX.  Last, OPML and urls files with exec:,
# filter:, file:, query: and other non-HTTP URLs in their less obvious
# spellings import none of them, and each refusal is named by line, in a
# message that is itself clean.
. tests/lib.sh
command -v script >/dev/null || skip "script(1) is needed for a terminal"
server_start

python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
E, B, C1, RLO = "\x1b", "\x07", "\u009b", "\u202e"
u = f'''<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Hostile {E}]0;pwned-feed{B}Feed {E}[2Jcleared {RLO}gnirts</title>
<link>http://hostile.example/</link>
<description>Sub{E}[2Jtitle</description>
<item>
<title>Raw {E}[2Jcleared {E}]0;pwned-title{B}osc {C1}31mcsi1 {RLO}rlo end</title>
<link>http://hostile.example/1</link>
<guid>raw-1</guid>
<author>{E}[31mMallory{RLO} {E}]0;pwned-author{B}</author>
<category>cat{E}[2J{C1}{RLO}egory</category>
<pubDate>Wed, 05 Jun 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Body {E}[2J raw {E}]0;pwned-body{B} {C1}31m c1 {RLO} rlo end of raw body&lt;/p&gt;</description>
</item>
<item>
<title>Ents &#x9b;31m c1ent &#x202e;rlo &#27;[2J escent &#x1b;]0;pwned-ent&#7; end</title>
<link>http://hostile.example/2</link>
<guid>ent-2</guid>
<dc:creator>Eve&#x202e; &#27;[31m</dc:creator>
<category>ent&#x9b;cat&#x202e;</category>
<pubDate>Wed, 05 Jun 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Body &#x9b;31m &#x202e; &#27;[2J end of ent body&lt;/p&gt;</description>
</item>
<item>
<title>Double &amp;#27;[2J dbl &amp;#x9b;31m &amp;#x202e;rlo &amp;#x1b;]0;pwned-dbl&amp;#7; end</title>
<link>http://hostile.example/3</link>
<guid>dbl-3</guid>
<author>Trudy &amp;#27;[31m &amp;#x202e;</author>
<category>dbl&amp;#27;[2Jcat</category>
<pubDate>Wed, 05 Jun 2024 11:00:00 GMT</pubDate>
<description>&lt;p&gt;Body &amp;#27;]0;pwned-body2&amp;#7; &amp;#x1b;[2J &amp;#155;31m &amp;#x202e; end of dbl body&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Content &#27;[2J &#x9b;31m &#x202e;&#x2066; &#x1b;]0;pwned-cdata&#7; <b title="&#27;[2J">bold&#x202d;</b> end of content</p>]]></content:encoded>
</item>
</channel></rss>
'''
open(t + "/utf8.xml", "wb").write(u.encode())
# Latin-1: 0x9b is a C1 control (CSI) there, and 0x1b is ESC.
l = (b'<?xml version="1.0" encoding="iso-8859-1"?>\n'
     b'<rss version="2.0"><channel><title>Latin \x9b31m one \x1b[2J caf\xe9</title>'
     b'<link>http://latin.example/</link><description>x</description>'
     b'<item><title>Latin \x9b2J post \x1b]0;pwned-latin\x07 caf\xe9</title>'
     b'<link>http://latin.example/1</link><guid>l-1</guid>'
     b'<author>L\x9bat\x1b[31min</author><category>lat\x9bcat</category>'
     b'<pubDate>Wed, 05 Jun 2024 12:00:00 GMT</pubDate>'
     b'<description>&lt;p&gt;Latin body \x9b31m \x1b[2J \xe9 end of latin body&lt;/p&gt;</description>'
     b'</item></channel></rss>\n')
open(t + "/latin1.xml", "wb").write(l)
PY
server_routes '{
  "/utf8": {"body": "'"$T"'/utf8.xml"},
  "/latin1": {"body": "'"$T"'/latin1.xml", "ctype": "application/xml", "charset": "iso-8859-1"},
  "/reason": {"status": 500, "reason": "Oops \u001b]0;pwned-reason\u0007 \u001b[2Jgone"},
  "/moved": {"redirect": 301, "to": "/there\u001b[2J\u001b]0;pwned-loc\u0007"}
}'
subscribe "$BASE/utf8" "$BASE/latin1" "$BASE/reason" "$BASE/moved"

# controls FILE [tty]: say on stdout what FILE holds of: control bytes but
# newline (and, from a terminal, carriage return), DEL, C1 controls
# (UTF-8 encoded; raw they are not UTF-8), and whether it is not UTF-8.
controls() {
	local n
	n=$(LC_ALL=C tr -d "\n${2:+\r}\040-\176\200-\377" <"$1" | wc -c)
	[ "$n" -eq 0 ] || echo "$n control bytes"
	# (A line that is not all characters of the UTF-8 locale.)
	! LC_ALL=C.UTF-8 grep -qaxv '.*' "$1" || echo "not UTF-8"
	! LC_ALL=C grep -qa $'\xc2[\x80-\x9f]' "$1" || echo "C1 controls"
}

# clean FILE WHAT [tty]: FILE holds no control character (but newline and,
# from a terminal, carriage return and fetch's own "erase the line", ESC
# [ K), no C1 control, raw or UTF-8 encoded, no bidi embedding, override or
# isolate (U+202A-E, U+2066-9); and is valid UTF-8.
clean() {
	if [ -n "${3:-}" ]; then
		LC_ALL=C sed 's/\r\x1b\[K/\r/g' "$1" >"$T/clean.tty"
		controls "$T/clean.tty" tty
	else
		controls "$1"
	fi >"$T/clean.bad"
	! LC_ALL=C grep -qaE $'\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1" ||
	    echo "bidi controls" >>"$T/clean.bad"
	[ ! -s "$T/clean.bad" ] || {
		sed "s/^/$2: /" "$T/clean.bad"
		cat -v "$1" | head -40
		fail "$2: unsafe output (above)"
	}
}

# valid_json FILE WHAT: one JSON array, not empty, valid, no raw controls.
valid_json() {
	controls "$1" >"$T/json.bad"
	jq -se 'length == 1 and (.[0] | type == "array" and length > 0)' \
	    "$1" >/dev/null 2>&1 || echo "not one non-empty array" >>"$T/json.bad"
	[ ! -s "$T/json.bad" ] || {
		cat "$T/json.bad"
		cat -v "$1" | head -20
		fail "$2: not valid, control-free JSON"
	}
}

# every_output TAG: posts, feeds and each post's show, on a terminal and in
# a pipe, and the JSON; all must be clean.
every_output() {
	local tag=$1 id cmd
	"$MAJLIS" posts >"$T/ids.out" || fail "$tag: majlis posts: exit $?"
	ids=$(awk '{ print $1 }' "$T/ids.out")
	[ -n "$ids" ] || fail "$tag: no posts listed"
	for cmd in "posts" "posts --unread" "posts --search body" "feeds" \
	    $(for id in $ids; do echo "show:$id"; done); do
		cmd=${cmd/:/ }
		# shellcheck disable=SC2086
		script -qec "'$MAJLIS' $cmd; echo \"exit \$?\" >'$T/tty.rc'" \
		    /dev/null >"$T/tty.out" 2>&1
		expect_eq "$tag: majlis $cmd on a terminal: exit" "$(cat "$T/tty.rc")" "exit 0"
		clean "$T/tty.out" "$tag: majlis $cmd on a terminal" tty
		# shellcheck disable=SC2086
		"$MAJLIS" $cmd >"$T/pipe.out" 2>&1 ||
		    fail "$tag: majlis $cmd in a pipe: exit $?"
		clean "$T/pipe.out" "$tag: majlis $cmd in a pipe"
	done
	"$MAJLIS" posts --json >"$T/posts.json" || fail "$tag: posts --json: exit $?"
	valid_json "$T/posts.json" "$tag: posts --json"
	"$MAJLIS" feeds --json >"$T/feeds.json" || fail "$tag: feeds --json: exit $?"
	valid_json "$T/feeds.json" "$tag: feeds --json"
}

# --- from the wire -----------------------------------------------------------
script -qec "'$MAJLIS' fetch" /dev/null >"$T/fetch.tty" 2>&1
clean "$T/fetch.tty" "fetch on a terminal (its error lines quote the server)" tty
rc=$(run_status "$MAJLIS" fetch)
expect_eq "fetch exit (/reason and /moved fail)" "$rc" 1
clean "$T/err" "fetch errors in a pipe"
expect_eq "posts stored" "$(sql 'SELECT count(*) FROM posts')" 4
expect_grep "the status line's error is reported" "$BASE/reason: HTTP 500" "$T/err"
every_output "feeds"
# The text around the controls survives: only the controls go.
run 0 "$MAJLIS" posts
mv "$T/out" "$T/posts.out"
expect_grep "raw title kept" 'Raw .*cleared .*osc .*csi1 .*rlo end' "$T/posts.out"
expect_grep "latin-1 title kept" 'Latin .*post .*café' "$T/posts.out"
id=$(sql "SELECT id FROM posts WHERE key LIKE '%dbl-3'")
run 0 "$MAJLIS" show "$id"
mv "$T/out" "$T/show.out"
expect_grep "double-escaped body kept" 'Content .*bold.* end of content' "$T/show.out"
id=$(sql "SELECT id FROM posts WHERE key LIKE '%l-1'")
run 0 "$MAJLIS" show "$id"
mv "$T/out" "$T/show.out"
expect_grep "latin-1 body" 'Latin body .*é end of latin body' "$T/show.out"

# --- a tag typed with controls in it ----------------------------------------
id=$(sql "SELECT id FROM posts WHERE key LIKE '%raw-1'")
# (Its refusal message is checked last, so that the rest runs regardless.)
"$MAJLIS" tag "$id" "$(printf 'bad\033[2Jtag\302\233x\342\200\256y')" >"$T/out" 2>"$T/tag.err"
tag_rc=$?
"$MAJLIS" tag "$id" plain || fail "tag plain"
expect_eq "no tag with controls stored" "$(sql "SELECT count(*) FROM tags WHERE name LIKE 'bad%'")" 0
every_output "tags"

# --- straight from the database ----------------------------------------------
# Text stored by something that did not clean it (an older majlis, a hand
# edit): the output side must not trust the cache.
# (The index keeps the old words, which is harmless here.)
sql_write "BEGIN;
CREATE TEMP TABLE evil AS SELECT 'Stored ' || char(27) || ']0;pwned-db' || char(7) ||
    ' ' || char(27) || '[2Jclear ' || char(155) || '31m ' || char(155) || '1m ' ||
    char(8238) || 'evil' || char(8294) || ' ' || char(127) || 'del ' || char(13) ||
    char(10) || char(9) || 'end' AS v;
UPDATE posts SET title = (SELECT v FROM evil), author = (SELECT v FROM evil),
    link = 'http://x.example/' || (SELECT v FROM evil) WHERE key LIKE '%ent-2';
UPDATE bodies SET summary = '<p>' || (SELECT v FROM evil) || '</p>', content = NULL
    WHERE post_id IN (SELECT id FROM posts WHERE key LIKE '%ent-2');
UPDATE feeds SET title = (SELECT v FROM evil), error = (SELECT v FROM evil),
    site = (SELECT v FROM evil) WHERE url LIKE '%/latin1';
INSERT OR IGNORE INTO tags(name) SELECT v FROM evil;
INSERT OR IGNORE INTO post_tags(post_id, tag_id) SELECT p.id, t.id
    FROM posts p, tags t WHERE p.key LIKE '%ent-2' AND t.name = (SELECT v FROM evil);
COMMIT;" || fail "storing the evil text"
every_output "database"
"$MAJLIS" posts --json >"$T/posts.json" || fail "posts --json: exit $?"
jq -e 'first(.[] | select(.title // "" | contains("Stored"))) | .title |
    contains("clear") and contains("end")' "$T/posts.json" >/dev/null ||
    fail "posts --json lost what the controls were in"

# --- OPML and urls files: what is not a feed ---------------------------------
# import-opml.sh has the plain exec:/filter:/file:/query: outlines; here
# their other spellings, other schemes, and URLs made to garble the message
# that names them.
cat >"$T/evil.opml" <<'OPML'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Evil</title></head>
  <body>
    <outline type="rss" text="good" xmlUrl="https://good.example/a.xml"/>
    <outline type="rss" text="upper" xmlUrl="EXEC:rm -rf ~"/>
    <outline type="rss" text="spaced" xmlUrl="  exec:id"/>
    <outline type="rss" text="filter" xmlUrl="Filter:/bin/sh:https://x.example/f.xml"/>
    <outline type="rss" text="file" xmlUrl="FILE:///etc/shadow"/>
    <outline type="rss" text="query" xmlUrl="QUERY:all:unread = &quot;yes&quot;"/>
    <outline type="rss" text="js" xmlUrl="javascript:alert(1)"/>
    <outline type="rss" text="data" xmlUrl="data:text/xml,&lt;rss/&gt;"/>
    <outline type="rss" text="ftp" xmlUrl="ftp://ftp.example/feed.xml"/>
    <outline type="rss" text="esc" xmlUrl="exec:&#x9b;2J&#x202e;evil"/>
    <outline type="rss" text="nl" xmlUrl="http://nl.example/a&#10;exec:id"/>
    <outline type="rss" text="good two" xmlUrl="http://good.example/b.xml"/>
  </body>
</opml>
OPML
before=$(sql 'SELECT count(*) FROM feeds')
script -qec "'$MAJLIS' import '$T/evil.opml'" /dev/null >"$T/import.tty" 2>&1
clean "$T/import.tty" "import messages on a terminal" tty
MAJLIS_DB="$T/second.db" run_status "$MAJLIS" import "$T/evil.opml" >"$T/rc"
expect_eq "OPML: exit" "$(cat "$T/rc")" 1
clean "$T/err" "OPML: import messages in a pipe"
expect_eq "OPML: good feeds only" "$(sql "SELECT count(*) FROM feeds") $(MAJLIS_DB="$T/second.db" sql 'SELECT group_concat(url, " ") FROM (SELECT url FROM feeds ORDER BY url)')" \
    "$((before + 2)) http://good.example/b.xml https://good.example/a.xml"
for line in 6 7 8 9 10 11 12 13 14 15; do
	expect_grep "OPML: line $line named" "evil.opml:$line: .*refused" "$T/err"
done
expect_eq "OPML: one message per refused outline" "$(grep -c 'refused' "$T/err")" 10

cat >"$T/evil.urls" <<'URLS'
https://good.example/c.xml
EXEC:rm -rf ~
   exec:id tag
"exec:quoted" tag
Filter:/bin/sh:https://x.example/f.xml
FILE:///etc/shadow
"query:all:unread = \"yes\""
javascript:alert(1)
http://good.example/d.xml
URLS
printf 'exec:\033]0;pwned-urls\007\302\233x\n' >>"$T/evil.urls"
# From standard input: a urls file named on the command line is the user's
# own, whose exec: and filter: lines are taken (feeds-exec.sh); one piped
# in may be anyone's.
MAJLIS_DB="$T/third.db" run_status "$MAJLIS" import - <"$T/evil.urls" >"$T/rc"
expect_eq "urls: exit" "$(cat "$T/rc")" 1
clean "$T/err" "urls: import messages"
expect_eq "urls: good feeds only" "$(MAJLIS_DB="$T/third.db" sql 'SELECT group_concat(url, " ") FROM (SELECT url FROM feeds ORDER BY url)')" \
    "http://good.example/d.xml https://good.example/c.xml"
for line in 2 3 4 5 6 8 10; do
	expect_grep "urls: line $line named" "standard input:$line: .*refused" "$T/err"
done
expect_eq "urls: one message per refused line" "$(grep -c 'refused' "$T/err")" 7
# The query feed (line 7) is a saved view of the config, not a feed.
expect_grep "urls: the query feed as a view" '^view "all" "unread = \\"yes\\""$' "$MAJLIS_CONFIG"

# The tag typed above was refused (a usage error), in a message that
# quotes the tag: cleanly.
expect_eq "tag with controls: exit" "$tag_rc" 2
expect_grep "tag with controls: refused" ': not a valid tag' "$T/tag.err"
clean "$T/tag.err" "tag: the message refusing a tag with controls"
exit 0
