# bench/lib.sh: what the benchmark scripts share.  Sourced, not run.
#
# Callers set W (their work directory), SHARED (../shared/bench) and MAJLIS
# (the binary) first.

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
