#!/usr/bin/env bash
# The layer rule of src/ (the table at the top of src/majlis.h), checked on
# the object files of the build under test: a file uses only files of its
# own layer or below; inside layer 4 a command uses no other command, and
# the reader and the commands use neither other; every file has a layer.
# The graph is the linker's (nm: symbols defined and used), so a call
# through a declaration that majlis.h makes visible everywhere still counts.
# Only db*.c speak SQL (link SQLite, include sqlite3.h or db-int.h).
. tests/lib.sh
need nm "nm (binutils)"

objs=$(dirname "$MAJLIS_BIN")/src
ls "$objs"/*.o >/dev/null 2>&1 || skip "no object files in $objs"

# The table: "layer N NAME: word..." and its continuation lines, up to the
# blank comment line that ends it.
sed -n '/^ \*	layer 0 /,/^ \*$/p' src/majlis.h >"$T/table"
[ -s "$T/table" ] || fail "src/majlis.h has no layer table"
awk '
/layer [0-9]/ { sub(/.*layer /, ""); n = $1; sub(/^[0-9]+ [^:]*:/, "") }
{ sub(/^ \*/, ""); for (i = 1; i <= NF; i++) print n, $i }
' "$T/table" >"$T/layers"
expect_grep "the table names layer 5" '^5 prog-\*$' "$T/layers"

# Sources without an object are fine (a build without cmocka has no
# tests), objects of sources that are gone are not looked at.
for o in "$objs"/*.o; do
	f=$(basename "$o" .o)
	[ -f "src/$f.c" ] || continue
	nm "$o" | awk -v f="$f" '
	NF == 3 && $2 ~ /^[TDRBC]$/ { print "def", f, $3 }
	NF == 2 && $1 == "U" { print "use", f, $2 }'
done >"$T/symbols"
[ -s "$T/symbols" ] || fail "nm read no symbols in $objs"

# check SYMBOLS: print each break of the rule, one a line.
check() {
	awk '
function layer(f,   i) {
	if (f in exact) return exact[f]
	for (i = 1; i <= npat; i++)
		if (index(f, pat[i]) == 1) return patl[i]
	return -1
}
function kind(f) {
	if (f ~ /^cmd-/) return "command"
	if (f ~ /^(ui|ui-.*)$/) return "reader"
	if (f == "cmd") return "commands"
	return ""
}
FNR == NR {
	if ($2 ~ /\*$/) { npat++; pat[npat] = substr($2, 1, length($2) - 1); patl[npat] = $1 }
	else exact[$2] = $1
	next
}
$1 == "def" {
	# Each program defines its own cmd_table: none is a library.
	if ($2 !~ /^prog-/) def[$3] = $2
	files[$2] = 1
	next
}
{ use[++nuse] = $2 " " $3; files[$2] = 1 }
END {
	for (f in files)
		if (layer(f) < 0) { print "no layer: src/" f ".c is in no row of the table in src/majlis.h"; bad++ }
	for (i = 1; i <= nuse; i++) {
		split(use[i], u, " ")
		f = u[1]; s = u[2]
		if (!(s in def) || def[s] == f) continue
		g = def[s]
		lf = layer(f); lg = layer(g)
		if (lf < 0 || lg < 0) continue
		kf = kind(f); kg = kind(g)
		if (lg > lf)
			print "up: " f " (layer " lf ") uses " s " of " g " (layer " lg ")"
		else if (kf == "command" && kg == "command")
			print "sideways: " f " uses " s " of " g " (a command is not a library: move it to cmd.c)"
		else if ((kf == "reader" && (kg == "command" || kg == "commands")) || \
		    ((kf == "command" || kf == "commands") && kg == "reader"))
			print "sideways: " f " uses " s " of " g " (the reader and the commands)"
		else
			continue
		bad++
	}
}' "$T/layers" "$1" | sort
}

# The check itself can fail: a use of a layer above, a command using
# another, the reader using a command, a file in no row.
printf '%s\n' 'def ui-x ui_x' 'use db-y ui_x' 'def cmd-a a' 'use cmd-b a' \
    'use ui-z a' 'def zzz z' >"$T/fake"
check "$T/fake" >"$T/fake-breaks"
expect_grep "a use upwards" '^up: db-y \(layer 2\) uses ui_x of ui-x \(layer 4\)$' "$T/fake-breaks"
expect_grep "a command using another" '^sideways: cmd-b uses a of cmd-a' "$T/fake-breaks"
expect_grep "the reader using a command" '^sideways: ui-z uses a of cmd-a' "$T/fake-breaks"
expect_grep "a file in no row" '^no layer: src/zzz.c' "$T/fake-breaks"

# Only the store speaks SQL: no other object calls SQLite, and no other
# source includes its header or the store's own.
awk '$1 == "use" && $3 ~ /^sqlite3_/ && $2 !~ /^db(-|$)/ { print "sql: " $2 " calls " $3 }' \
    "$T/symbols" >"$T/breaks"
grep -l -E '#include [<"](sqlite3|db-int)\.h' src/*.c | grep -v -E '^src/db(-[a-z]+)?\.c$' |
    sed 's/^/sql: includes SQLite or db-int.h: /' >>"$T/breaks"
[ ! -s "$T/breaks" ] || { cat "$T/breaks"; fail "SQL outside the store (db*.c)"; }
# The HTML tokenizer's interface is its two sinks' only.
grep -l '#include "html-int\.h"' src/*.c | grep -v -E '^src/html(-render)?\.c$' >"$T/breaks"
[ ! -s "$T/breaks" ] || { cat "$T/breaks"; fail "html-int.h included outside html.c and html-render.c"; }

check "$T/symbols" >"$T/breaks"
[ ! -s "$T/breaks" ] || { cat "$T/breaks"; fail "$(wc -l <"$T/breaks") breaks of the layer rule"; }
echo "layers: $(wc -l <"$T/symbols") symbols of $(ls "$objs"/*.o | wc -l) objects, no break"
