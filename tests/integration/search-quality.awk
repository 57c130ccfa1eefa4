# tests/integration/search-quality.awk: recall and precision of searches on
# the judged test set (tests/data/search/judgments), for
# tests/integration/search-quality.sh and bench/search-quality.
#
# Input, one searched query a line, tab-separated:
#   METHOD LANG QUERY RELEVANT TRAPS FOUND
# RELEVANT, TRAPS and FOUND are space-separated guids ("-" or empty: none);
# FOUND is what METHOD returned for QUERY on LANG's feed.
#
# Output: with -v details=1 first, one line for each query that missed a
# relevant post or returned another, the posts judged traps (words that
# only look alike) marked "(trap)".  Then for each method and language, in
# the order first seen, one line
#   LANG METHOD  recall R  precision P  F1 F  (found/relevant, found/returned)
# micro-averaged over the queries: R = relevant posts found / relevant posts,
# P = relevant posts found / posts returned (1 when nothing was returned),
# F the harmonic mean of the two.  The numbers come last, where a log cut
# to its end still shows them.
#
# With -v min_recall=X -v min_precision=Y the exit status is 1 when a
# language's recall or precision is below them, and a last line says which.
BEGIN { FS = "\t"; nkeys = 0 }

# list S: the guids of S in order in w[1..n], each a key of has[]; sets n.
function list(s, w, has,    i, m) {
	split("", has)
	m = split(s, w, " ")
	n = 0
	for (i = 1; i <= m; i++)
		if (w[i] != "-" && !(w[i] in has)) {
			w[++n] = w[i]
			has[w[i]] = 1
		}
}

{
	key = $2 "\t" $1
	if (!(key in relevant)) {
		keys[++nkeys] = key
		relevant[key] = found[key] = returned[key] = 0
	}
	list($5, tw, trap)
	list($6, gw, got)
	ngot = n
	list($4, rw, rel)
	miss = extra = ""
	for (i = 1; i <= n; i++) {
		relevant[key]++
		if (rw[i] in got)
			found[key]++
		else
			miss = miss " " rw[i]
	}
	for (i = 1; i <= ngot; i++) {
		returned[key]++
		if (!(gw[i] in rel))
			extra = extra " " gw[i] ((gw[i] in trap) ? " (trap)" : "")
	}
	if (miss != "" || extra != "")
		detail[key] = detail[key] sprintf("  %s %s %s:%s%s\n", $2, $1,
		    $3, miss != "" ? " missed" miss : "",
		    extra != "" ? (miss != "" ? ";" : "") " found also" extra : "")
}

END {
	bad = 0
	if (details)
		for (i = 1; i <= nkeys; i++)
			if (keys[i] in detail)
				printf "%s", detail[keys[i]]
	for (i = 1; i <= nkeys; i++) {
		k = keys[i]
		split(k, lm, "\t")
		r = relevant[k] ? found[k] / relevant[k] : 1
		p = returned[k] ? found[k] / returned[k] : 1
		f = r + p > 0 ? 2 * r * p / (r + p) : 0
		printf "%-4s %-34s recall %.3f  precision %.3f  F1 %.3f  (%d/%d, %d/%d)\n",
		    lm[1], lm[2], r, p, f, found[k], relevant[k], found[k], returned[k]
		if (min_recall != "" && r < min_recall + 0) {
			below = below sprintf("%s %s: recall %.3f is below %s\n", lm[1], lm[2], r, min_recall)
			bad = 1
		}
		if (min_precision != "" && p < min_precision + 0) {
			below = below sprintf("%s %s: precision %.3f is below %s\n", lm[1], lm[2], p, min_precision)
			bad = 1
		}
	}
	printf "%s", below
	exit bad
}
