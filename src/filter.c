/*
 * Filter expressions: newsboat's filter language, compiled to a condition
 * of SQL on the posts table (alias p), or the feeds table (alias f), with
 * bound parameters only.  Nothing the user wrote is ever pasted into the
 * SQL text: the text is made of the fixed pieces below, every value
 * becomes a '?' and goes into the bind list in the order of the '?'s
 * (db_filter_bind() binds them).
 *
 *	expr    := and ("or" and)*
 *	and     := primary ("and" primary)*
 *	primary := "(" expr ")" | ATTR OP VALUE | ATTR "between" N ":" N
 *	OP      := = == != =~ !~ < > <= >= # !#
 *	VALUE   := "string" (\" and \\ inside) | number
 *
 * A post's attributes: title, author, content (also description), link,
 * guid, date (UTC, "2025-01-06 10:00:00"), enclosure_url, enclosure_type,
 * unread ("yes"/"no"), age (days since the post's date), tags (# and !#:
 * a post tag or a tag of its feed).  A feed's, as newsboat names them:
 * feedurl (also rssurl), feedtitle, feedlink (its site), unread_count,
 * total_count, latest_article_age (days since its newest post), tags.  A
 * filter of posts may use both (a feed's then means the post's feed's), a
 * filter of feeds (filter_compile_feeds()) a feed's only.  =~ and !~ are
 * POSIX extended regular expressions, case-insensitive, through the SQL
 * function regexp() that db_open() registers; # on a text is "contains";
 * == is =, as newsboat writes both.  An error names the column (1-based,
 * in characters) where the expression stops making sense, so that the
 * user can see where.
 *
 * A filter comes from the user, but also from files that are not the
 * user's (a urls file's query: lines, a view in a config file copied from
 * somewhere), so what it costs is bounded, and a filter over the bounds is
 * an error like any other (majlis.h has the numbers):
 *   1. parentheses nest at most FILTER_MAX_DEPTH deep: the parser recurses
 *      once per '(' (primary()), and 50,000 of them overflowed the stack;
 *      and SQLite's parser, with a stack of 100, refuses SQL nested 90
 *      deep (and_expr() keeps it to one SQL '(' for each of the filter);
 *   2. a regular expression passes filter_regex_bound(): glibc's regcomp()
 *      unrolls repetitions and recurses per group, and its time and memory
 *      grow with the square of what it unrolls.  db.c's regexp() applies
 *      the same check, so no pattern reaches regcomp() without it.
 */
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


#include "majlis.h"

enum tok_kind { T_END, T_WORD, T_STRING, T_NUMBER, T_OP, T_LPAREN, T_RPAREN,
    T_COLON };

struct tok {
	enum tok_kind	 kind;
	char		*text;		/* heap: word, string, op, number */
	size_t		 col;		/* 1-based, in characters */
};

struct parser {
	const char	*src;
	const char	*p;
	struct tok	 t;		/* the current token */
	struct buf	 sql;
	struct filter	*f;
	time_t		 now;
	int		 depth;		/* parentheses open, FILTER_MAX_DEPTH */
	int		 feeds;		/* a filter of feeds (on f) */
	char		*err;		/* heap: "column N: WHY" */
	size_t		 errcol;	/* its N */
};

/* The column of position s in the expression, counting characters. */
static size_t
column_of(const char *src, const char *s)
{
	size_t	 col = 1;

	for (; src < s; src++) {
		if (((unsigned char)*src & 0xc0) != 0x80)
			col++;
	}
	return col;
}

static void	 fail(struct parser *, size_t, const char *, ...)
		     printflike(3, 4);

static void
fail(struct parser *ps, size_t col, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (ps->err != NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	/* TRANSLATORS: where in a filter it went wrong, and why. */
	xasprintf(&ps->err, _("column %zu: %s"), col, msg);
	ps->errcol = col;
	free(msg);
}

/* Read the next token into ps->t; -1 (with the error) on a bad one. */
static int
next(struct parser *ps)
{
	static const char *const ops[] = {
		"==", "!=", "=~", "!~", "<=", ">=", "!#", "=", "<", ">", "#",
	};
	const char	*p = ps->p, *start;
	struct buf	 b;
	size_t		 i;

	free(ps->t.text);
	memset(&ps->t, 0, sizeof ps->t);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	ps->t.col = column_of(ps->src, p);
	start = p;
	if (*p == '\0') {
		ps->t.kind = T_END;
	} else if (*p == '(' || *p == ')' || *p == ':') {
		ps->t.kind = *p == '(' ? T_LPAREN : *p == ')' ? T_RPAREN :
		    T_COLON;
		p++;
	} else if (*p == '"') {
		buf_init(&b);
		for (p++; *p != '"'; p++) {
			if (*p == '\0') {
				buf_free(&b);
				fail(ps, ps->t.col, _("a string without its "
				    "closing quote"));
				return -1;
			}
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			buf_addc(&b, *p);
		}
		p++;
		ps->t.kind = T_STRING;
		ps->t.text = buf_take(&b);
	} else if ((*p >= '0' && *p <= '9') || (*p == '-' && p[1] >= '0' &&
	    p[1] <= '9')) {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		ps->t.kind = T_NUMBER;
		ps->t.text = xstrndup(start, (size_t)(p - start));
	} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    *p == '_') {
		for (p++; (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || *p == '_' || (*p >= '0' && *p <= '9'); p++)
			;
		ps->t.kind = T_WORD;
		ps->t.text = xstrndup(start, (size_t)(p - start));
	} else {
		for (i = 0; i < nitems(ops); i++) {
			if (strncmp(p, ops[i], strlen(ops[i])) == 0)
				break;
		}
		if (i == nitems(ops)) {
			fail(ps, ps->t.col, _("unexpected character"));
			return -1;
		}
		ps->t.kind = T_OP;
		ps->t.text = xstrdup(ops[i]);
		p += strlen(ops[i]);
	}
	ps->p = p;
	return 0;
}

static int
is_word(const struct parser *ps, const char *w)
{
	return ps->t.kind == T_WORD && strcasecmp(ps->t.text, w) == 0;
}

/* A new value at the end of the bind list (the next '?' in the SQL). */
static struct filter_value *
bind_new(struct parser *ps)
{
	struct filter_value	*fv;

	ps->f->v = xreallocarray(ps->f->v, ps->f->n + 1, sizeof *ps->f->v);
	fv = &ps->f->v[ps->f->n++];
	memset(fv, 0, sizeof *fv);
	return fv;
}

static void
bind_text(struct parser *ps, const char *v)
{
	bind_new(ps)->text = xstrdup(v);
}

static void
bind_int(struct parser *ps, int64_t v)
{
	bind_new(ps)->num = v;
}

/* Is re a plain ASCII string, no operator of a regular expression? */
static int
regex_literal(const char *re)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)re; *p != '\0'; p++) {
		if (*p >= 0x80 || *p < 0x20 || strchr(".[]()*+?{}|^$\\", *p)
		    != NULL)
			return 0;
	}
	return *re != '\0';
}

/* Is s all ASCII? */
static int
ascii_text(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
	}
	return 1;
}

/* Bind "%s%" for LIKE, with LIKE's own characters escaped. */
static void
bind_like(struct parser *ps, const char *s)
{
	struct buf	 b;

	buf_init(&b);
	buf_addc(&b, '%');
	for (; *s != '\0'; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *s);
	}
	buf_addc(&b, '%');
	bind_new(ps)->text = buf_take(&b);
}

/* A post's text, which is in a table of its own (db-schema.c, 12). */
#define BODY_SQL							\
	"coalesce((SELECT coalesce(nullif(b.content, ''), b.summary)"	\
	" FROM bodies b WHERE b.post_id = p.id), '')"
/*
 * A post's date as text that sorts as it reads, UTC: date >= "2025-01"
 * and date =~ "^2025-01-06" mean what they say.
 */
#define DATE_SQL							\
	"strftime('%Y-%m-%d %H:%M:%S', coalesce(p.published, p.updated,"\
	" p.first_seen), 'unixepoch')"
/* A field of a post's first enclosure (newsboat keeps one). */
#define ENCLOSURE_SQL(col)						\
	"coalesce((SELECT e." col " FROM enclosures e"			\
	" WHERE e.post_id = p.id ORDER BY e.id LIMIT 1), '')"

/*
 * The attributes whose value is text or a number, and the SQL of each
 * (fixed text): a post's on the posts p, a feed's on the feeds f.  In a
 * filter of posts, a feed's attribute is a condition on the post's feed
 * (feed_attr()); a filter of feeds (filter_compile_feeds()) has only
 * these.  tags, unread and age are primary()'s own.
 */
enum attr_type { A_TEXT, A_NUMBER };

static const struct attr {
	const char	*name;
	enum attr_type	 type;
	int		 feed;		/* the feed's, on f; else on p */
	int		 now;		/* its SQL has a '?' for now, first */
	const char	*sql;
} attrs[] = {
	{ "title", A_TEXT, 0, 0, "coalesce(p.title, '')" },
	{ "author", A_TEXT, 0, 0, "coalesce(p.author, '')" },
	{ "content", A_TEXT, 0, 0, BODY_SQL },
	{ "description", A_TEXT, 0, 0, BODY_SQL },
	{ "link", A_TEXT, 0, 0, "coalesce(p.link, '')" },
	{ "guid", A_TEXT, 0, 0, "p.key" },
	{ "date", A_TEXT, 0, 0, DATE_SQL },
	{ "enclosure_url", A_TEXT, 0, 0, ENCLOSURE_SQL("url") },
	{ "enclosure_type", A_TEXT, 0, 0, ENCLOSURE_SQL("type") },
	{ "feedurl", A_TEXT, 1, 0, "f.url" },
	{ "rssurl", A_TEXT, 1, 0, "f.url" },
	{ "feedtitle", A_TEXT, 1, 0, "coalesce(f.title, '')" },
	{ "feedlink", A_TEXT, 1, 0, "coalesce(f.site, '')" },
	/* Counted as the feed list counts (db_feeds_foreach()). */
	{ "unread_count", A_NUMBER, 1, 0,
	  "(SELECT count(*) FROM posts x WHERE x.feed_id = f.id"
	  " AND x.read = 0)" },
	{ "total_count", A_NUMBER, 1, 0,
	  "(SELECT count(*) FROM posts x WHERE x.feed_id = f.id)" },
	/* Whole days since the newest post; NULL (no match) without one. */
	{ "latest_article_age", A_NUMBER, 1, 1,
	  "((? - (SELECT max(x.sort_time) FROM posts x"
	  " WHERE x.feed_id = f.id)) / 86400)" },
};

/* primary()'s own attributes, after attrs[] in the lists of names. */
static const char *const special_attrs[] = { "tags", "unread", "age" };

#define TAG_SQL								\
	"(EXISTS (SELECT 1 FROM post_tags pt JOIN tags t"		\
	"  ON t.id = pt.tag_id WHERE pt.post_id = p.id AND t.name = ?)"	\
	" OR EXISTS (SELECT 1 FROM feed_tags ft JOIN tags t"		\
	"  ON t.id = ft.tag_id WHERE ft.feed_id = p.feed_id"		\
	"  AND t.name = ?))"
#define FEED_TAG_SQL							\
	"EXISTS (SELECT 1 FROM feed_tags ft JOIN tags t"		\
	" ON t.id = ft.tag_id WHERE ft.feed_id = f.id AND t.name = ?)"

/*
 * The names of the attributes the filter can use, ", " between them, for
 * an error: a heap string.  They are the language's words, not English.
 */
static char *
attr_names(const struct parser *ps)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < nitems(attrs); i++) {
		if (ps->feeds && !attrs[i].feed)
			continue;
		buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", attrs[i].name);
	}
	for (i = 0; i < nitems(special_attrs); i++) {
		if (ps->feeds && i > 0)		/* unread and age: posts' */
			break;
		buf_addf(&b, ", %s", special_attrs[i]);
	}
	return buf_take(&b);
}

/* The value after an operator: a string or a number, as text. */
static char *
value(struct parser *ps)
{
	char	*v;

	if (ps->t.kind != T_STRING && ps->t.kind != T_NUMBER) {
		fail(ps, ps->t.col, _("expected a value (\"text\" or a number)"));
		return NULL;
	}
	v = xstrdup(ps->t.text);
	if (next(ps) == -1) {
		free(v);
		return NULL;
	}
	return v;
}

/* A number of days, for age. */
static int
days(struct parser *ps, int64_t *out)
{
	if (ps->t.kind != T_NUMBER && ps->t.kind != T_STRING) {
		fail(ps, ps->t.col, _("expected a number of days"));
		return -1;
	}
	if (num_parse(ps->t.text, out) == -1 || *out < 0 ||
	    *out > 1000000) {
		fail(ps, ps->t.col, _("expected a number of days"));
		return -1;
	}
	return next(ps);
}

/*
 * age OP N, on the post's sort time, so that the index on it serves: a
 * post is N days old from now - (N + 1) days (exclusive) to now - N days.
 */
static int
age_cond(struct parser *ps, const char *op, size_t col)
{
	int64_t	 n, m;
	int64_t	 now = (int64_t)ps->now;

	if (strcmp(op, "between") == 0) {
		if (days(ps, &n) == -1)
			return -1;
		if (ps->t.kind != T_COLON) {
			fail(ps, ps->t.col, _("expected ':' (between A:B)"));
			return -1;
		}
		if (next(ps) == -1 || days(ps, &m) == -1)
			return -1;
		buf_adds(&ps->sql, "(p.sort_time > ? AND p.sort_time <= ?)");
		bind_int(ps, now - (m + 1) * 86400);
		bind_int(ps, now - n * 86400);
		return 0;
	}
	if (days(ps, &n) == -1)
		return -1;
	if (strcmp(op, "<") == 0) {
		buf_adds(&ps->sql, "p.sort_time > ?");
		bind_int(ps, now - n * 86400);
	} else if (strcmp(op, "<=") == 0) {
		buf_adds(&ps->sql, "p.sort_time > ?");
		bind_int(ps, now - (n + 1) * 86400);
	} else if (strcmp(op, ">") == 0) {
		buf_adds(&ps->sql, "p.sort_time <= ?");
		bind_int(ps, now - (n + 1) * 86400);
	} else if (strcmp(op, ">=") == 0) {
		buf_adds(&ps->sql, "p.sort_time <= ?");
		bind_int(ps, now - n * 86400);
	} else if (strcmp(op, "=") == 0 || strcmp(op, "!=") == 0) {
		buf_adds(&ps->sql, strcmp(op, "=") == 0 ?
		    "(p.sort_time > ? AND p.sort_time <= ?)" :
		    "NOT (p.sort_time > ? AND p.sort_time <= ?)");
		bind_int(ps, now - (n + 1) * 86400);
		bind_int(ps, now - n * 86400);
	} else {
		fail(ps, col, _("%s takes =, !=, <, >, <=, >= or between"),
		    "age");
		return -1;
	}
	return 0;
}

/* A whole number, for a count or a number of days. */
static int
number(struct parser *ps, int64_t *out)
{
	if ((ps->t.kind != T_NUMBER && ps->t.kind != T_STRING) ||
	    num_parse(ps->t.text, out) == -1) {
		fail(ps, ps->t.col, _("expected a number"));
		return -1;
	}
	return next(ps);
}

/* a OP N or a between N:M, a an attribute whose value is a number. */
static int
number_cond(struct parser *ps, const struct attr *a, const char *op,
    size_t col)
{
	static const char *const ops[] = { "=", "!=", "<", ">", "<=", ">=" };
	int64_t	 n, m;
	size_t	 i;

	for (i = 0; i < nitems(ops); i++) {
		if (strcmp(op, ops[i]) == 0)
			break;
	}
	if (i == nitems(ops) && strcmp(op, "between") != 0) {
		fail(ps, col, _("%s takes =, !=, <, >, <=, >= or between"),
		    a->name);
		return -1;
	}
	if (number(ps, &n) == -1)
		return -1;
	if (a->now)
		bind_int(ps, (int64_t)ps->now);
	if (i < nitems(ops)) {
		buf_addf(&ps->sql, "%s %s ?", a->sql, ops[i]);
		bind_int(ps, n);
		return 0;
	}
	if (ps->t.kind != T_COLON) {
		fail(ps, ps->t.col, _("expected ':' (between A:B)"));
		return -1;
	}
	if (next(ps) == -1 || number(ps, &m) == -1)
		return -1;
	buf_addf(&ps->sql, "%s BETWEEN ? AND ?", a->sql);
	bind_int(ps, n < m ? n : m);
	bind_int(ps, n < m ? m : n);
	return 0;
}

/*
 * a OP "v", a an attribute whose value is text: = != < > <= >= compare,
 * # and !# look for v in it, =~ and !~ match v as a regular expression.
 * Takes v (heap).  ocol and oplen place the value for an error.
 */
static int
text_cond(struct parser *ps, const struct attr *a, const char *op,
    size_t ocol, size_t oplen, char *v)
{
	const char	*why;
	char		*f;
	int		 literal;

	if (strcmp(op, "=~") == 0 || strcmp(op, "!~") == 0) {
		if ((why = filter_regex_bound(v)) != NULL) {
			fail(ps, ocol + oplen + 1, "%s", _(why));
			free(v);
			return -1;
		}
		if (!filter_regex_ok(v)) {
			fail(ps, ocol + oplen + 1, _("not a valid regular "
			    "expression"));
			free(v);
			return -1;
		}
		if (op[0] == '!')
			buf_adds(&ps->sql, "NOT ");
		if ((literal = regex_literal(v))) {
			/*
			 * A plain word: LIKE (ASCII case folded, as
			 * REG_ICASE does) throws out most rows before the
			 * regular expression runs.
			 */
			buf_addf(&ps->sql, "(%s LIKE ? ESCAPE '\\' AND ",
			    a->sql);
			bind_like(ps, v);
		}
		/*
		 * Beyond ASCII, both sides are folded as search folds
		 * (text_fold()): the letter variants a search finds are
		 * found here too.  An ASCII pattern matches the same rows
		 * either way (REG_ICASE does the case), without the cost.
		 */
		if (ascii_text(v))
			buf_addf(&ps->sql, "regexp(?, %s)", a->sql);
		else {
			buf_addf(&ps->sql, "regexp(?, majlis_fold(%s))",
			    a->sql);
			f = text_fold(v);
			free(v);
			v = f;
		}
		if (literal)
			buf_addc(&ps->sql, ')');
	} else if (strcmp(op, "#") == 0 || strcmp(op, "!#") == 0) {
		buf_addf(&ps->sql, "instr(%s, ?) %s 0", a->sql,
		    op[0] == '!' ? "=" : ">");
	} else
		buf_addf(&ps->sql, "%s %s ?", a->sql, op);
	bind_new(ps)->text = v;
	return 0;
}

/*
 * The condition of a (in attrs[]) with op, the value next.  In a filter
 * of posts a feed's attribute is a condition on the feeds, the post's
 * feed among them: one pass over the feeds, not a count for every post.
 */
static int
attr_cond(struct parser *ps, const struct attr *a, const char *op,
    size_t ocol, size_t oplen)
{
	char	*v;
	int	 wrap = a->feed && !ps->feeds, rc;

	if (a->type == A_TEXT && strcmp(op, "between") == 0) {
		fail(ps, ocol, _("%s: between is for numbers"), a->name);
		return -1;
	}
	if (wrap)
		buf_adds(&ps->sql, "p.feed_id IN (SELECT f.id FROM feeds f"
		    " WHERE ");
	if (a->type == A_NUMBER)
		rc = number_cond(ps, a, op, ocol);
	else if ((v = value(ps)) == NULL)
		rc = -1;
	else
		rc = text_cond(ps, a, op, ocol, oplen, v);
	if (wrap)
		buf_addc(&ps->sql, ')');
	return rc;
}

static int	 expr(struct parser *);

static int
primary(struct parser *ps)
{
	const struct attr	*a = NULL;
	char			*attr, *op = NULL, *v = NULL, *names;
	size_t			 i, acol, ocol, oplen;
	int			 rc = -1;

	if (ps->t.kind == T_LPAREN) {
		/* The only recursion of the parser: bounded here. */
		if (ps->depth == FILTER_MAX_DEPTH) {
			fail(ps, ps->t.col, _("more than %d parentheses nested"),
			    FILTER_MAX_DEPTH);
			return -1;
		}
		ps->depth++;
		/* expr() puts its SQL in parentheses. */
		if (next(ps) == -1 || expr(ps) == -1)
			return -1;
		if (ps->t.kind != T_RPAREN) {
			fail(ps, ps->t.col, _("expected ')'"));
			return -1;
		}
		ps->depth--;
		return next(ps);
	}
	if (ps->t.kind != T_WORD) {
		names = attr_names(ps);
		fail(ps, ps->t.col, _("expected an attribute (%s) or '('"),
		    names);
		free(names);
		return -1;
	}
	attr = xstrdup(ps->t.text);
	acol = ps->t.col;
	if (next(ps) == -1)
		goto out;
	ocol = ps->t.col;
	if (ps->t.kind == T_OP || is_word(ps, "between")) {
		oplen = strlen(ps->t.text);
		/* newsboat writes equality both ways. */
		op = xstrdup(strcmp(ps->t.text, "==") == 0 ? "=" :
		    ps->t.text);
	} else {
		fail(ps, ocol, _("expected an operator after %s (=, !=, =~, "
		    "!~, <, >, <=, >=, #, !#, between)"), attr);
		goto out;
	}
	if (next(ps) == -1)
		goto out;
	for (i = 0; i < nitems(attrs); i++) {
		if (strcasecmp(attr, attrs[i].name) == 0)
			a = &attrs[i];
	}
	if (ps->feeds && (a != NULL ? !a->feed :
	    (strcasecmp(attr, "unread") == 0 ||
	    strcasecmp(attr, "age") == 0))) {
		fail(ps, acol, _("%s: an attribute of posts, not of feeds"),
		    attr);
		goto out;
	}
	if (a != NULL) {
		ps->f->row = 1;
		rc = attr_cond(ps, a, op, ocol, oplen);
		goto out;
	}
	if (strcasecmp(attr, "age") == 0) {
		rc = age_cond(ps, op, ocol);
		goto out;
	}
	if (strcasecmp(op, "between") == 0 && (strcasecmp(attr, "unread") ==
	    0 || strcasecmp(attr, "tags") == 0)) {
		fail(ps, ocol, _("%s: between is for numbers"), attr);
		goto out;
	}
	if (strcasecmp(attr, "unread") == 0) {
		if ((v = value(ps)) == NULL)
			goto out;
		if (strcmp(op, "=") != 0 && strcmp(op, "!=") != 0) {
			fail(ps, ocol, _("unread takes = or !="));
			goto out;
		}
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
			fail(ps, ocol + oplen + 1, _("unread is \"yes\" or "
			    "\"no\""));
			goto out;
		}
		buf_adds(&ps->sql, "p.read = ?");
		bind_int(ps, (strcmp(v, "yes") == 0) == (strcmp(op, "=") == 0)
		    ? 0 : 1);
		rc = 0;
		goto out;
	}
	if (strcasecmp(attr, "tags") == 0) {
		if ((v = value(ps)) == NULL)
			goto out;
		if (strcmp(op, "#") != 0 && strcmp(op, "!#") != 0) {
			fail(ps, ocol, _("tags takes # or !#"));
			goto out;
		}
		if (op[0] == '!')
			buf_adds(&ps->sql, "NOT ");
		buf_adds(&ps->sql, ps->feeds ? FEED_TAG_SQL : TAG_SQL);
		ps->f->row = 1;
		bind_text(ps, v);
		if (!ps->feeds)
			bind_text(ps, v);
		rc = 0;
		goto out;
	}
	names = attr_names(ps);
	fail(ps, acol, _("%s: not an attribute (%s)"), attr, names);
	free(names);
out:
	free(attr);
	free(op);
	free(v);
	return rc;
}

/*
 * No parentheses of its own (AND binds tighter than OR in SQL as here):
 * SQLite's parser has a stack of 100, and a filter nested
 * FILTER_MAX_DEPTH deep must not use it up, so each '(' of the filter is
 * one of the SQL, expr()'s.
 */
static int
and_expr(struct parser *ps)
{
	if (primary(ps) == -1)
		return -1;
	while (is_word(ps, "and")) {
		buf_adds(&ps->sql, " AND ");
		if (next(ps) == -1 || primary(ps) == -1)
			return -1;
	}
	return 0;
}

/* The SQL of an expression, in parentheses. */
static int
expr(struct parser *ps)
{
	buf_addc(&ps->sql, '(');
	if (and_expr(ps) == -1)
		return -1;
	while (is_word(ps, "or")) {
		buf_adds(&ps->sql, " OR ");
		if (next(ps) == -1 || and_expr(ps) == -1)
			return -1;
	}
	buf_addc(&ps->sql, ')');
	return 0;
}

/* filter_compile() and filter_compile_feeds(): feeds says which. */
static struct filter *
compile(const char *text, time_t now, int feeds, char **err, size_t *col)
{
	struct parser	 ps;

	memset(&ps, 0, sizeof ps);
	ps.src = ps.p = text;
	ps.now = now;
	ps.feeds = feeds;
	ps.f = xcalloc(1, sizeof *ps.f);
	buf_init(&ps.sql);
	if (next(&ps) == 0) {
		if (ps.t.kind == T_END)
			fail(&ps, ps.t.col, _("an empty filter"));
		else if (expr(&ps) == 0 && ps.t.kind != T_END)
			fail(&ps, ps.t.col, _("expected 'and', 'or' or the end"));
	}
	free(ps.t.text);
	if (ps.err != NULL) {
		buf_free(&ps.sql);
		filter_free(ps.f);
		*err = ps.err;
		if (col != NULL)
			*col = ps.errcol;
		return NULL;
	}
	ps.f->sql = buf_take(&ps.sql);
	*err = NULL;
	return ps.f;
}

/*
 * Compile text.  Returns a filter (free with filter_free()): its sql is a
 * condition on posts p with f->n '?' parameters, f->v their values in
 * order; or NULL with *err a heap "column N: WHY" in the messages'
 * language, and *col N (if col is not NULL).  now is the time age counts
 * from.
 */
struct filter *
filter_compile(const char *text, time_t now, char **err, size_t *col)
{
	return compile(text, now, 0, err, col);
}

/*
 * The same for a filter of feeds (the feed list's, feeds --filter): its
 * sql is a condition on feeds f, with a feed's attributes only (a post's
 * is an error).
 */
struct filter *
filter_compile_feeds(const char *text, time_t now, char **err, size_t *col)
{
	return compile(text, now, 1, err, col);
}

void
filter_free(struct filter *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	free(f->sql);
	free(f);
}

/*
 * What a regular expression costs regcomp() (see the top of the file): a
 * frame for each group open, and for the pattern itself.  A size is in
 * characters of the pattern as regcomp() unrolls it: x{m,n} is max(m, n)
 * copies of x, x{m,} m + 1, x+ two.  Sizes saturate just over the bound.
 */
struct re_frame {
	size_t	 alts;		/* the alternatives ('|') closed so far */
	size_t	 seq;		/* the alternative being read */
	size_t	 last;		/* its last atom, which a repetition copies */
};

static size_t
re_sat(size_t n)
{
	return n > FILTER_REGEX_MAX_SIZE ? FILTER_REGEX_MAX_SIZE + 1 : n;
}

/* The end of the bracket expression that starts at p ('['). */
static const char *
re_bracket_end(const char *p)
{
	const char	*close;
	char		 end[3];

	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p != '\0' && *p != ']'; p++) {
		if (*p != '[' || (p[1] != ':' && p[1] != '=' && p[1] != '.'))
			continue;
		end[0] = p[1];
		end[1] = ']';
		end[2] = '\0';
		if ((close = strstr(p + 2, end)) != NULL)
			p = close + 1;
	}
	return *p == ']' ? p + 1 : p;
}

/* A number of a bound, read at *pp; more than 100,000 reads as 100,000. */
static size_t
re_number(const char **pp, int *digits)
{
	const char	*p = *pp;
	size_t		 n = 0;

	for (*digits = 0; *p >= '0' && *p <= '9'; p++, *digits = 1)
		n = n >= 100000 ? 100000 : n * 10 + (size_t)(*p - '0');
	*pp = p;
	return n;
}

/*
 * The copies a bound {m}, {m,}, {m,n} or {,n} makes of the atom before it,
 * p just after its '{' (*end then just after its '}'); 0 when this is no
 * bound, which regcomp() refuses or reads as a '{'.
 */
static size_t
re_bound_copies(const char *p, const char **end)
{
	size_t	 m, n;
	int	 digits;

	m = re_number(&p, &digits);
	n = m;
	if (*p == ',') {
		p++;
		n = re_number(&p, &digits);
		if (!digits)
			n = m + 1;
	}
	if (*p != '}')
		return 0;
	*end = p + 1;
	return m > n ? m : n > 0 ? n : 1;
}

/* The length of the UTF-8 character at p (a stray byte is one). */
static size_t
re_char_len(const char *p)
{
	size_t	 n = 1;

	while ((p[n] & 0xc0) == 0x80 && n < 4)
		n++;
	return n;
}

/*
 * Is the regular expression re within the bounds of a filter?  NULL if so
 * (it may still not compile: filter_regex_ok() says), else why not, a
 * message to translate with _().  It reads the pattern only, fast at any
 * length, so it runs before regcomp() ever sees a pattern.
 */
const char *
filter_regex_bound(const char *re)
{
	struct re_frame	 st[FILTER_REGEX_MAX_DEPTH + 1], *f = st;
	const char	*p = re, *end;
	size_t		 atom, copies;

	memset(f, 0, sizeof *f);
	while (*p != '\0') {
		atom = copies = 0;
		switch (*p) {
		case '\\':
			/* Matching with one is exponential in glibc. */
			if (p[1] >= '1' && p[1] <= '9')
				return N_("a back-reference (\\1 to \\9) in a "
				    "regular expression");
			p += p[1] != '\0' ? 1 + re_char_len(p + 1) : 1;
			atom = 1;
			break;
		case '[':
			p = re_bracket_end(p);
			atom = 1;
			break;
		case '(':
			if (f == st + FILTER_REGEX_MAX_DEPTH)
				return N_("a regular expression with groups "
				    "nested more than 32 deep");
			memset(++f, 0, sizeof *f);
			p++;
			continue;
		case ')':
			p++;
			if (f == st) {	/* unmatched: an ordinary ')' */
				atom = 1;
				break;
			}
			atom = re_sat(f->alts + f->seq + 1);
			f--;
			break;
		case '|':
			f->alts = re_sat(f->alts + f->seq + 1);
			f->seq = f->last = 0;
			p++;
			continue;
		case '*':
		case '?':
			copies = 1;
			p++;
			break;
		case '+':
			copies = 2;
			p++;
			break;
		case '{':
			if ((copies = re_bound_copies(p + 1, &end)) != 0)
				p = end;
			else {
				p++;
				atom = 1;
			}
			break;
		default:
			atom = re_char_len(p);
			p += atom;
			break;
		}
		if (copies != 0) {
			/* seq >= last: seq is a sum that holds last. */
			f->seq = re_sat(f->seq - f->last +
			    re_sat(f->last * copies));
			f->last = re_sat(f->last * copies);
		} else {
			f->seq = re_sat(f->seq + atom);
			f->last = atom;
		}
		/* A group is copied at least once: its size only grows. */
		if (f->alts + f->seq > FILTER_REGEX_MAX_SIZE)
			return N_("a regular expression too costly: more than "
			    "2000 characters once its repetitions are "
			    "unrolled");
	}
	/* Groups left open: regcomp() refuses them, after unrolling. */
	for (atom = 0; f > st; f--)
		atom = re_sat(atom + f->alts + f->seq);
	if (atom + st->alts + st->seq > FILTER_REGEX_MAX_SIZE)
		return N_("a regular expression too costly: more than "
		    "2000 characters once its repetitions are unrolled");
	return NULL;
}

/* Does re compile (see FILTER_REGEX)?  Check filter_regex_bound() first. */
int
filter_regex_ok(const char *re)
{
	regex_t	 r;

	if (filter_regex_bound(re) != NULL ||
	    regcomp(&r, re, FILTER_REGEX) != 0)
		return 0;
	regfree(&r);
	return 1;
}

/*
 * Which feeds a killfile rule is for (its first word: config.c's ignore):
 * "*" every feed, "regex:RE" those whose URL the regular expression RE
 * matches (newsboat's, in its syntax and case-insensitive as a filter's),
 * else the feed with that URL.  filter_feeds_why() returns NULL if what
 * is well made, else why not, a message to translate with _().
 */
const char *
filter_feeds_why(const char *what)
{
	const char	*re, *why;

	if (strncmp(what, FILTER_FEEDS_REGEX, strlen(FILTER_FEEDS_REGEX))
	    != 0)
		return NULL;
	re = what + strlen(FILTER_FEEDS_REGEX);
	if ((why = filter_regex_bound(re)) != NULL)
		return why;
	if (*re == '\0' || !filter_regex_ok(re))
		return N_("not a valid regular expression");
	return NULL;
}

/* Is the feed url one of what's (filter_feeds_why() said it is sound)? */
int
filter_feeds_match(const char *what, const char *url)
{
	regex_t		 r;
	const char	*re;
	int		 match;

	if (strcmp(what, "*") == 0)
		return 1;
	if (strncmp(what, FILTER_FEEDS_REGEX, strlen(FILTER_FEEDS_REGEX))
	    != 0)
		return strcmp(what, url) == 0;
	re = what + strlen(FILTER_FEEDS_REGEX);
	if (filter_feeds_why(what) != NULL || regcomp(&r, re, FILTER_REGEX)
	    != 0)
		return 0;
	match = regexec(&r, url, 0, NULL, 0) == 0;
	regfree(&r);
	return match;
}
