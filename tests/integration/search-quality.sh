#!/usr/bin/env bash
# The search finds what a reader of the language would, and little else:
# every query of the judged test set (tests/data/search/judgments) runs
# through posts --search on its language's feed, and the posts found are
# compared with the posts judged relevant.  Per language, micro-averaged
# over its queries (tests/integration/search-quality.awk), recall (relevant
# posts found / relevant posts) must be at least 0.90 and precision
# (relevant posts found / posts returned) at least 0.95.  The numbers are
# printed either way; on failure, each query's missed posts and false hits
# (traps marked), so that the query that failed is in the log.
. tests/lib.sh
d=tests/data/search
server_start
server_routes '{"/ar": {"body": "search/ar.xml"},
    "/ckb": {"body": "search/ckb.xml"},
    "/en": {"body": "search/en.xml"}}'
subscribe "$BASE/ar" "$BASE/ckb" "$BASE/en"
"$MAJLIS" fetch -q || fail "fetch"
want=$(cat "$d"/*.xml | grep -c '<item>')
expect_eq "posts stored" "$(sql 'SELECT count(*) FROM posts')" "$want"
# A post's guid is its key: the judgments name posts by guid, every one
# of them a post of the feeds.
sql "SELECT json_group_object(id, key) FROM posts" >"$T/keys.json"
grep -v '^#' "$d/judgments" | cut -f 3,4 | tr '\t ' '\n\n' |
    grep -v -e '^-$' -e '^$' | sort -u >"$T/judged"
jq -r '.[]' "$T/keys.json" | sort >"$T/posts"
comm -23 "$T/judged" "$T/posts" >"$T/unknown"
[ ! -s "$T/unknown" ] || fail "judgments: no such post: $(paste -sd ' ' "$T/unknown")"

: >"$T/runs"
n=0
while IFS=$'\t' read -r lang query relevant traps; do
	case $lang in ''|'#'*) continue ;; esac
	[ -n "$query" ] && [ -n "$relevant" ] && [ -n "$traps" ] ||
	    fail "judgments: a query line needs four fields: $lang $query"
	"$MAJLIS" posts --search "$query" --feed "$BASE/$lang" --json \
	    </dev/null >"$T/found.json" || fail "posts --search $query"
	found=$(jq -r --slurpfile k "$T/keys.json" \
	    '[.[].id | $k[0][tostring]] | join(" ")' "$T/found.json") ||
	    fail "posts --search $query: bad JSON"
	printf 'majlis\t%s\t%s\t%s\t%s\t%s\n' "$lang" "$query" "$relevant" \
	    "$traps" "$found" >>"$T/runs"
	n=$((n + 1))
done <"$d/judgments"
[ "$n" -ge 60 ] || fail "only $n judged queries read"

echo "search quality, $n queries (at least recall 0.90 and precision 0.95):"
awk -v details=1 -v min_recall=0.90 -v min_precision=0.95 \
    -f tests/integration/search-quality.awk "$T/runs" ||
    fail "search quality below the thresholds (misses and false hits above)"
exit 0
