# bench/lib.sh: what the benchmark scripts share.  Sourced, not run.
#
# Callers set W (their work directory), SHARED (../shared/bench) and MAJLIS
# (the binary) first.

# measure NAME CMD...: run CMD under /usr/bin/time -v in the current
# directory; sets WALL (s), CPU (user + sys, s), RSS (MB) and prints one
# line.  On a shared machine CPU is the steadier figure: the ratios are
# printed for both.
measure() {
	local name=$1 t0 t1
	shift
	# What the previous run left for the disk is written out first, so
	# that no program's fsync waits for another's data.
	sync
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.err"
	local rc=$?
	t1=$(date +%s%N)
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	RSS=$(awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }' "$W/$name.time")
	CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$W/$name.time")
	printf '%-40s %7s s wall  %6s s cpu  %6s MB  rc %d\n' "$name" "$WALL" "$CPU" "$RSS" "$rc"
	[ "$rc" -eq 0 ] || { echo "  (exit $rc; stderr:)"; head -5 "$W/$name.err" | sed 's/^/  /'; }
}

# median V...: the median of the numbers (the upper one of an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END { print v[int(NR / 2) + 1] }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# build_cache DB FEEDS ITEMS PORT: unless DB already holds a cache, generate
# FEEDS x ITEMS feeds with ../shared/bench/gen_corpus.py, serve them on
# 127.0.0.1:PORT with ../shared/bench/serve.sh and store them in DB with
# 'majlis import' and 'majlis fetch'.  The corpus is removed afterwards.
build_cache() {
	local db=$1 feeds=$2 items=$3 port=$4 t0 rc
	[ -s "$db" ] && return 0
	[ -f "$SHARED/gen_corpus.py" ] || { echo "no $SHARED/gen_corpus.py" >&2; return 2; }
	echo "building the cache: $feeds feeds x $items items in $db"
	python3 "$SHARED/gen_corpus.py" --feeds "$feeds" --items "$items" \
	    --out "$W/corpus" --port "$port" >/dev/null || return 2
	"$SHARED/serve.sh" start "$W/corpus" "$port" "$W/server" >/dev/null || return 2
	"$MAJLIS" -d "$db" import "$W/corpus/urls" >/dev/null || return 2
	t0=$(now_ms)
	"$MAJLIS" -d "$db" fetch -q
	rc=$?
	echo "fetch rc $rc: $(( $(now_ms) - t0 )) ms, $("$MAJLIS" -d "$db" posts | wc -l) posts"
	"$SHARED/serve.sh" stop "$W/server" >/dev/null 2>&1
	rm -rf "$W/corpus"
	return $rc
}
