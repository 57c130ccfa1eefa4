#!/usr/bin/env bash
# include FILE in the config (majlis.conf(5), include): relative to the
# including file's directory, "~/" the home directory, nested, its lines
# applied in its place; a warning in an included file names that file and
# its line; a cycle is an error naming the files, as is a missing file or
# one nested too deep (a guard line: fetch refuses, nothing is fetched).
. tests/lib.sh
server_start
server_routes '{"/a": {"items": 3, "title": "A"}}'
subscribe "$BASE/a"
mkdir -p "$T/conf/sub/deeper" "$HOME/.majlis"

# config -> sub/net.conf (relative) -> deeper/ua.conf (relative to sub/)
# and ~/.majlis/home.conf.
cat >"$T/conf/config" <<'CONF'
connect-timeout = 5
include sub/net.conf
include ~/.majlis/home.conf
CONF
cat >"$T/conf/sub/net.conf" <<'CONF'
max-connections = 4
include deeper/ua.conf
CONF
cat >"$T/conf/sub/deeper/ua.conf" <<'CONF'
colour info red default
user-agent = from-the-nested-file/1
CONF
printf 'max-per-host = 1\n' >"$HOME/.majlis/home.conf"
run 0 "$MAJLIS" -c "$T/conf/config" fetch -q
expect_eq "the nested file's setting applied" "$(server_log_field /a ua)" from-the-nested-file/1
expect_grep "a warning names the included file and its line" "^majlis: $T/conf/sub/deeper/ua.conf:1: unknown setting 'colour' \(ignored\)$" "$T/err"
expect_eq "one warning" "$(wc -l <"$T/err")" 1
# ~/: the home directory's file, its line applied after the nested ones.
printf 'user-agent = from-home/1\n' >"$HOME/.majlis/home.conf"
run 0 "$MAJLIS" -c "$T/conf/config" fetch -q
expect_eq "~/ included, after" "$(server_log_field /a ua)" from-home/1

# A cycle: config -> sub/net.conf -> deeper/ua.conf -> config.
: >"$T/server.log"
printf 'include ../../config\n' >"$T/conf/sub/deeper/ua.conf"
run 2 "$MAJLIS" -c "$T/conf/config" fetch -q
expect_grep "the cycle, its files named" "^majlis: $T/conf/sub/deeper/ua.conf:1: include: a cycle: $T/conf/config -> $T/conf/sub/net.conf -> $T/conf/sub/deeper/ua.conf -> $T/conf/sub/deeper/../../config$" "$T/err"
expect_eq "nothing fetched" "$(jq -s length "$T/server.log")" 0
# A file including itself.
printf 'include config\n' >"$T/conf/config"
run 2 "$MAJLIS" -c "$T/conf/config" fetch -q
expect_grep "itself" "^majlis: $T/conf/config:1: include: a cycle: $T/conf/config -> $T/conf/config$" "$T/err"

# A missing file.
printf 'include nowhere.conf\n' >"$T/conf/config"
run 2 "$MAJLIS" -c "$T/conf/config" fetch -q
expect_grep "missing" "^majlis: $T/conf/config:1: include: $T/conf/nowhere.conf: No such file or directory$" "$T/err"
# A command that does not connect says so and goes on.
run 0 "$MAJLIS" -c "$T/conf/config" feeds
expect_grep "feeds: named" "^majlis: $T/conf/config:1: include: .*\(ignored\)$" "$T/err"

# Too deep: a chain of 10 files, each including the next.
for i in $(seq 0 9); do
	printf 'include f%d.conf\n' $((i + 1)) >"$T/conf/f$i.conf"
done
: >"$T/conf/f10.conf"
run 2 "$MAJLIS" -c "$T/conf/f0.conf" fetch -q
expect_grep "too deep" "^majlis: $T/conf/f8.conf:1: include: more than 8 files deep$" "$T/err"
# 8 deep is fine.
printf 'user-agent = eight-deep/1\n' >"$T/conf/f8.conf"
: >"$T/server.log"
run 0 "$MAJLIS" -c "$T/conf/f0.conf" fetch -q
expect_eq "8 deep" "$(server_log_field /a ua)" eight-deep/1
exit 0
