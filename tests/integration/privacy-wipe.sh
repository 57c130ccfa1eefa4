#!/usr/bin/env bash
# majlis wipe: the cache's files, all of them, gone, and each overwritten
# before it went.
#   1. Without a terminal it asks nothing and erases nothing (exit 2)
#      unless told --yes.
#   2. On a terminal it asks once: no (or anything but a yes, or the end of
#      the input) keeps everything; y, yes, or the language's own letter
#      erases.
#   3. --yes: the database, -wal, -shm, -journal and the fetch lock go; a
#      hard link to the database shows its bytes were zeroed first.
#   4. It refuses a cache in use: open in another process (named by its
#      pid), or with a fetch holding the lock (exit 1, nothing erased).
#   5. A file it cannot remove is named (exit 1); the others still go.
. tests/lib.sh

# make_cache: a database with a feed in it (a row written directly), and
# the four files beside it that a running majlis has.
make_cache() {
	rm -rf "$T/c" && mkdir -p "$T/c"
	export MAJLIS_DB="$T/c/majlis.db"
	"$MAJLIS" feeds >/dev/null || fail "cannot make the database"
	sql_write "INSERT INTO feeds(url, title, added) VALUES
	    ('http://example.invalid/f', 'Secret title wipezqvx', 0)"
	for s in -wal -shm -journal .lock; do
		printf 'leftover wipezqvx\n' >"$MAJLIS_DB$s"
	done
}
FILES=(majlis.db majlis.db-wal majlis.db-shm majlis.db-journal majlis.db.lock)
# present: the cache's files that exist, one line.
present() { (cd "$T/c" && for f in "${FILES[@]}"; do [ -e "$f" ] && printf '%s ' "$f"; done); }
ALL="${FILES[*]} "

# on_tty ANSWER [ENV...]: majlis wipe on a pseudo-terminal, ANSWER typed
# once the question is shown; what it wrote to $T/out, its status echoed.
on_tty() {
	python3 - "$MAJLIS" "$@" >"$T/out" <<'PY'
import os, pty, sys
majlis, answer, env = sys.argv[1], sys.argv[2], sys.argv[3:]
for e in env:
    k, v = e.split("=", 1)
    os.environ[k] = v
pid, fd = pty.fork()
if pid == 0:
    os.execv(majlis, [majlis, "wipe"])
# The question ends "(y/n) ": wait for it, and for nothing else.
out = b""
while not out.endswith(b") "):
    try:
        d = os.read(fd, 1024)
    except OSError:
        d = b""
    if not d:
        break
    out += d
os.write(fd, answer.encode() + b"\n")
while True:
    try:
        d = os.read(fd, 1024)
    except OSError:
        break
    if not d:
        break
    out += d
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
print("status %d" % os.waitstatus_to_exitcode(st))
PY
}

# --- 1. no terminal: --yes or nothing ------------------------------------------
make_cache
run 2 "$MAJLIS" wipe </dev/null
expect_eq "no terminal: the error" "$(cat "$T/err")" \
    "majlis: wipe: not asking without a terminal: give --yes to erase the cache"
expect_eq "no terminal: everything kept" "$(present)" "$ALL"
run 2 "$MAJLIS" wipe --bogus
run 2 "$MAJLIS" wipe extra

# --- 2. on a terminal: one question -------------------------------------------
for answer in n no "" x; do
	on_tty "$answer"
	expect_grep "tty '$answer': the question names the cache" \
	    "^Erase the cache $T/c/majlis.db and its files\\? This cannot be undone\\. \\(y/n\\)" "$T/out"
	expect_grep "tty '$answer': said" "^Nothing was erased\\.$" "$T/out"
	expect_grep "tty '$answer': exit 0" "^status 0$" "$T/out"
	expect_eq "tty '$answer': everything kept" "$(present)" "$ALL"
done
on_tty y
expect_grep "tty y: exit 0" "^status 0$" "$T/out"
expect_eq "tty y: everything gone" "$(present)" ""
make_cache
on_tty YES
expect_eq "tty YES: everything gone" "$(present)" ""
# In Arabic the question shows the Arabic letters, and the Arabic yes (its
# first letter, as the reader takes it) is a yes.
make_cache
on_tty "ل" LANGUAGE=ar LC_ALL=C.UTF-8
expect_grep "Arabic: the letters" "\\(ن/ل\\)" "$T/out"
expect_eq "Arabic no: everything kept" "$(present)" "$ALL"
on_tty "ن" LANGUAGE=ar LC_ALL=C.UTF-8
expect_grep "Arabic yes: exit 0" "^status 0$" "$T/out"
expect_eq "Arabic yes: everything gone" "$(present)" ""

# --- 3. --yes: every file, overwritten first --------------------------------------
make_cache
ln "$MAJLIS_DB" "$T/link"
size=$(stat -c %s "$T/link")
run 0 "$MAJLIS" wipe --yes
expect_eq "--yes: no output" "$(cat "$T/out" "$T/err")" ""
expect_eq "--yes: everything gone" "$(present)" ""
expect_eq "--yes: the bytes were overwritten, not only unlinked" \
    "$(tr -d '\0' <"$T/link" | wc -c)" 0
expect_eq "--yes: overwritten whole" "$(stat -c %s "$T/link")" "$size"
rm -f "$T/link"
# Nothing there: nothing to do, not even in a directory never made.
run 0 "$MAJLIS" wipe --yes
MAJLIS_DB="$T/never/made.db" run 0 "$MAJLIS" wipe --yes
expect_eq "never made: nothing said" "$(cat "$T/err")" ""
[ ! -e "$T/never" ] || fail "never made: wipe made the directory"

# --- 4. in use ---------------------------------------------------------------------
make_cache
rm -f "$MAJLIS_DB-wal" "$MAJLIS_DB-shm" "$MAJLIS_DB-journal"
db_hold
run 1 "$MAJLIS" wipe --yes
expect_eq "open elsewhere: the error names the process" "$(cat "$T/err")" \
    "majlis: $MAJLIS_DB: in use by process $HOLDER (the reader or a fetch): quit it, or let it end, and wipe again"
expect_eq "open elsewhere: everything kept" "$(present)" "majlis.db majlis.db-wal majlis.db-shm majlis.db.lock "
db_release
# A fetch holds the lock (flock(1) holds it as a fetch does).
flock "$MAJLIS_DB.lock" sh -c 'while [ ! -e "$1" ]; do sleep 0.02; done' sh "$T/go" &
locker=$!
at_exit 'touch "$T/go"; wait $locker 2>/dev/null'
lock_wait || fail "the lock was not taken"
run 1 "$MAJLIS" wipe --yes
expect_eq "fetch running: the error" "$(cat "$T/err")" \
    "majlis: $MAJLIS_DB: a fetch is running: wipe again when it has ended"
expect_eq "fetch running: everything kept" "$(present)" "majlis.db majlis.db.lock "
touch "$T/go"
wait "$locker"
run 0 "$MAJLIS" wipe --yes
expect_eq "after the fetch: everything gone" "$(present)" ""

# --- 5. what cannot be removed is named -----------------------------------------------
make_cache
rm -f "$MAJLIS_DB-journal"
mkdir -p "$MAJLIS_DB-journal/inside"
run 1 "$MAJLIS" wipe --yes
expect_grep "cannot remove: named" "^majlis: $MAJLIS_DB-journal: " "$T/err"
expect_eq "cannot remove: one line" "$(wc -l <"$T/err")" 1
expect_eq "cannot remove: the rest gone" "$(present)" "majlis.db-journal "

# A holder whose process id cannot be known (an open file description's
# lock) is in use all the same: refused without a number.
make_cache
python3 - "$MAJLIS_DB-shm" "$T/ofd-go" <<'PY' &
import fcntl, os, struct, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
# struct flock: l_type, l_whence, l_start, l_len, l_pid
fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi", fcntl.F_RDLCK, 0, 128, 1, 0))
open(sys.argv[2] + ".held", "w").close()
while not os.path.exists(sys.argv[2]):
	time.sleep(0.02)
PY
ofd=$!
at_exit 'touch "$T/ofd-go"; wait $ofd 2>/dev/null'
until [ -e "$T/ofd-go.held" ]; do kill -0 $ofd 2>/dev/null || fail "the lock was not taken"; sleep 0.02; done
run 1 "$MAJLIS" wipe --yes
expect_eq "unnamed holder: the error" "$(cat "$T/err")" \
    "majlis: $MAJLIS_DB: in use by another process (the reader or a fetch): quit it, or let it end, and wipe again"
expect_eq "unnamed holder: everything kept" "$(present)" "$ALL"
touch "$T/ofd-go"
wait $ofd
# And seen from another pid namespace (wipe in a container, the reader
# outside it), a holder's lock says pid 0: in use all the same.
make_cache
rm -f "$T/ofd-go" "$T/ofd-go.held"
python3 - "$MAJLIS_DB-shm" "$T/ofd-go" <<'PY' &
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, 128)
open(sys.argv[2] + ".held", "w").close()
while not os.path.exists(sys.argv[2]):
	time.sleep(0.02)
PY
ofd=$!
until [ -e "$T/ofd-go.held" ]; do kill -0 $ofd 2>/dev/null || fail "the lock was not taken"; sleep 0.02; done
unshare --pid --fork true || fail "unshare --pid needs root, as the suite runs in CI"
unshare --pid --fork "$MAJLIS" wipe --yes >"$T/out" 2>"$T/err"
expect_eq "another namespace: exit" "$?" 1
expect_grep "another namespace: refused" "in use by another process" "$T/err"
expect_eq "another namespace: everything kept" "$(present)" "$ALL"
touch "$T/ofd-go"
wait $ofd

# A file that cannot be opened to be overwritten (its mode: 0400, to a
# process without root's override, which setpriv takes away) is not
# unlinked with its text in its blocks: it is named and kept.
make_cache
chmod 0400 "$MAJLIS_DB-wal"
setpriv --bounding-set=-dac_override,-dac_read_search \
    --inh-caps=-dac_override,-dac_read_search \
    "$MAJLIS" wipe --yes >"$T/out" 2>"$T/err"
expect_eq "not overwritable: exit" "$?" 1
expect_grep "not overwritable: named" "^majlis: $MAJLIS_DB-wal: " "$T/err"
expect_eq "not overwritable: kept, text and all" \
    "$(grep -c wipezqvx "$MAJLIS_DB-wal")" 1
exit 0
