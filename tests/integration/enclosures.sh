#!/usr/bin/env bash
# A podcast's episode: its enclosure's length and its running time
# (itunes:duration), which the feed gives, are shown by 'show' (and the
# reader's article header, tests/ui/reader-enclosure.sh) as a person reads
# them: "12.3 MB", "1:02:03".  A length of 0 or none, a duration that is
# no time, show nothing.  Episodes stored before the duration was kept get
# it at the next fetch.  tests/data/podcast.xml.
. tests/lib.sh
server_start
server_routes '{"/cast": {"body": "podcast.xml", "etag": 0, "lm": 0}}'
subscribe "$BASE/cast"
run 0 "$MAJLIS" fetch -q
id() { "$MAJLIS" posts | grep "  $1\$" | cut -d ' ' -f 1; }

run 0 "$MAJLIS" show "$(id 'Long one')"
expect_grep "show: the size" '^Enclosure: http://cast\.example/1\.mp3 \(audio/mpeg\) 12\.3 MB$' "$T/out"
expect_grep "show: the running time" '^Duration: 1:02:03$' "$T/out"
run 0 "$MAJLIS" show "$(id 'Short one')"
expect_grep "show: no size for a length of 0" '^Enclosure: http://cast\.example/2\.mp3 \(audio/mpeg\)$' "$T/out"
expect_grep "show: seconds as a time" '^Duration: 3:05$' "$T/out"
run 0 "$MAJLIS" show "$(id 'Odd one')"
expect_grep "show: bytes" '^Enclosure: http://cast\.example/3\.ogg 900 bytes$' "$T/out"
expect_no_grep "show: no time that is none" '^Duration' "$T/out"

# A post stored without its time (before schema 14) is stored again.
sql_write "UPDATE posts SET duration = NULL, hash = 0"
run 0 "$MAJLIS" fetch -q --all
run 0 "$MAJLIS" show "$(id 'Long one')"
expect_grep "after a fetch: the running time" '^Duration: 1:02:03$' "$T/out"
