#!/usr/bin/env bash
# tests/ui/reader-enclosure.sh: a podcast episode's article header gives
# its enclosure's size and its running time as show does ("12.3 MB",
# "1:02:03"; tests/integration/enclosures.sh, tests/data/podcast.xml).
. tests/lib.sh
. tests/ui/tmux.lib
server_start
server_routes '{"/cast": {"body": "podcast.xml"}}'
subscribe "$BASE/cast"
"$MAJLIS" fetch -q || fail "fetch"

ui_start
ui_wait "Feeds (1)"
ui_keys G Enter
ui_wait "Long one"
expect_focus "the newest episode" "Long one"
ui_keys Enter
ui_wait "Episode notes."
ui_wait "Enclosure: http://cast.example/1.mp3 (audio/mpeg) 12.3 MB"
ui_wait "Duration: 1:02:03"
exit 0
