/*
 * Changes the reader makes to posts and feeds: tag editing (the tag line,
 * "a b -c", with completion), and safe mass changes.
 *
 * Tags.  ui_edit_tags() asks for a tag line on the prompt (ui-prompt.c),
 * applies it in one transaction (db_tags_apply()) and remembers the tags
 * as they were, for U.
 *
 * Mass changes: marking a whole list read asks first
 * when it would change more than confirm-threshold posts (A on "All
 * unread", where the cursor starts, is one key away from every post), and
 * U undoes the last mark or tag change.
 *
 * One change is remembered, the last (struct undo):
 *   1. UNDO_MARK: the posts whose read flag a mark set to read (or, for
 *      N, to unread); U sets them back, those that still exist.
 *   2. UNDO_TAGS: a post's or a feed's tags as they were before an edit;
 *      U puts back exactly those (what the edit added goes, what it
 *      removed comes back), so that undoing an add of a tag the post
 *      already had does not take it away.
 * U forgets the change it undid: a second U says there is nothing to undo.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

enum undo_kind { UNDO_NONE, UNDO_MARK, UNDO_TAGS };

static struct undo {
	enum undo_kind	 kind;
	int64_t		*ids;		/* UNDO_MARK */
	size_t		 n;
	int		 read;		/* what the mark set */
	int64_t		 post;		/* UNDO_TAGS: the post, or 0 and */
	int64_t		 feed;		/* the feed */
	char		**tags;		/* the tags before */
	size_t		 ntags;
} undo;

void
ui_undo_free(void)
{
	free(undo.ids);
	strv_free(undo.tags, undo.ntags);
	memset(&undo, 0, sizeof undo);
}

void
ui_undo_mark(const int64_t *ids, size_t n, int read)
{
	ui_undo_free();
	if (n == 0)
		return;
	undo.kind = UNDO_MARK;
	undo.ids = xreallocarray(NULL, n, sizeof *ids);
	memcpy(undo.ids, ids, n * sizeof *ids);
	undo.n = n;
	undo.read = read;
}

void
ui_undo_tags(int64_t post, int64_t feed, char *const *tags, size_t n)
{
	size_t	 i;

	ui_undo_free();
	undo.kind = UNDO_TAGS;
	undo.post = post;
	undo.feed = feed;
	undo.tags = xreallocarray(NULL, n > 0 ? n : 1, sizeof *undo.tags);
	for (i = 0; i < n; i++)
		undo.tags[i] = xstrdup(tags[i]);
	undo.ntags = n;
}

static int
has_tag(char *const *v, size_t n, const char *tag)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i], tag) == 0)
			return 1;
	}
	return 0;
}

/* Give the post or feed its recorded tags back; 0 or -1. */
static int
undo_tags(void)
{
	struct db_post	*p = NULL;
	struct db_feed	*f = NULL;
	char		**now, **add = NULL, **del = NULL;
	size_t		 nnow, nadd = 0, ndel = 0, i;
	int		 rc;

	if (undo.post != 0) {
		if ((p = db_post_get(ui->db, undo.post)) == NULL)
			return -1;
		now = p->tags;
		nnow = p->ntags;
	} else {
		if ((f = db_feed_get(ui->db, undo.feed)) == NULL)
			return -1;
		now = f->tags;
		nnow = f->ntags;
	}
	/* Back to the tags it had: remove the new ones, add the old ones. */
	for (i = 0; i < nnow; i++) {
		if (!has_tag(undo.tags, undo.ntags, now[i]))
			strv_add(&del, &ndel, xstrdup(now[i]));
	}
	for (i = 0; i < undo.ntags; i++) {
		if (!has_tag(now, nnow, undo.tags[i]))
			strv_add(&add, &nadd, xstrdup(undo.tags[i]));
	}
	rc = db_tags_apply(ui->db, undo.post, undo.feed, add, nadd, del,
	    ndel) == 0 ? 0 : -1;
	strv_free(add, nadd);
	strv_free(del, ndel);
	db_post_free(p);
	db_feed_free(f);
	return rc;
}

void
ui_undo(void)
{
	int	 rc;

	switch (undo.kind) {
	case UNDO_NONE:
		ui_status(0, _("nothing to undo"));
		return;
	case UNDO_MARK:
		rc = db_mark_ids(ui->db, undo.ids, undo.n, !undo.read);
		if (rc == 0)
			ui_status(0, undo.read ?
			    ngettext("undone: %zu post marked unread again",
			    "undone: %zu posts marked unread again", undo.n) :
			    ngettext("undone: %zu post marked read again",
			    "undone: %zu posts marked read again", undo.n),
			    undo.n);
		break;
	default:
		rc = undo_tags();
		if (rc == 0)
			ui_status(0, undo.post != 0 ?
			    _("undone: the post's tags are back") :
			    _("undone: the feed's tags are back"));
		break;
	}
	if (rc == -1) {
		ui_status(1, _("not undone: %s"), db_errmsg(ui->db));
		return;
	}
	ui_undo_free();
	ui_reload_all();
}

/*
 * Mark every unread post q lists read, after asking if they are more than
 * confirm-threshold, and remember them for U.
 */
void
ui_mark_read(const struct db_post_query *q)
{
	struct db_post_query	 uq = *q;
	int64_t			*ids = NULL, n;
	char			*question;
	int			 yes;

	uq.unread = 1;
	uq.limit = uq.offset = 0;
	if ((n = db_posts_count(ui->db, &uq)) == -1) {
		ui_status(1, _("database: %s"), db_errmsg(ui->db));
		return;
	}
	if (n == 0) {
		ui_status(0, _("no unread posts here"));
		return;
	}
	if (n > ui->cfg.confirm_threshold) {
		xasprintf(&question, ngettext("Mark %'lld post read?",
		    "Mark %'lld posts read?", (unsigned long)n),
		    (long long)n);
		yes = ui_yes_no(question);
		free(question);
		if (!yes) {
			ui_status(0, _("nothing marked"));
			return;
		}
	}
	if ((n = db_mark_query(ui->db, q, &ids)) < 0) {
		ui_status(1, _("database: %s"), db_errmsg(ui->db));
		return;
	}
	ui_undo_mark(ids, (size_t)n, 1);
	free(ids);
	ui_status(0, ngettext("marked %'lld post read (U undoes)",
	    "marked %'lld posts read (U undoes)", (unsigned long)n),
	    (long long)n);
	ui_reload_all();
}

/*
 * A heap copy of s with each Arabic comma outside double quotes an ASCII
 * one (the comma then takes its own space, which the parser trims).
 */
static char *
arabic_commas(const char *s)
{
	struct buf	 b;
	int		 quoted = 0;

	buf_init(&b);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			quoted = !quoted;
		if (!quoted && strncmp(s, "\xd8\x8c", 2) == 0) {
			buf_addc(&b, ',');
			s++;
			continue;
		}
		buf_addc(&b, *s);
	}
	buf_str(&b);
	return buf_take(&b);
}

static int
is_sep(int c, int commas)
{
	return commas ? c == ',' : (c == ' ' || c == '\t');
}

/*
 * Split the tag line the user typed: "a b -c" adds a and b and removes c.
 * Double quotes group, as the help and majlis.conf(5) promise: '"to read"
 * -"old news"' adds "to read" and removes "old news".  With a comma
 * anywhere outside quotes, commas separate instead, so that a tag may hold
 * spaces ("world news, -old"); the Arabic comma (،) is a comma too.  "+a"
 * is the same as "a".  Returns the
 * number of tags found (0: nothing to do); the vectors are heap and NULL
 * when empty (free with strv_free).
 */
int
ui_tags_parse(const char *line, char ***add, size_t *nadd, char ***del,
    size_t *ndel)
{
	const char	*p, *end, *q, *s;
	char		*copy;
	int		 commas = 0, quoted = 0, remove;

	s = copy = arabic_commas(line);
	for (q = s; *q != '\0'; q++) {
		if (*q == '"')
			quoted = !quoted;
		else if (*q == ',' && !quoted)
			commas = 1;
	}
	*add = *del = NULL;
	*nadd = *ndel = 0;
	for (p = s; *p != '\0'; p = end) {
		while (*p != '\0' && (is_sep(*p, commas) || *p == ' '))
			p++;
		if (*p == '\0')
			break;
		remove = *p == '-';
		if (*p == '-' || *p == '+')
			p++;
		if (*p == '"') {
			/* Up to the closing quote (or the end), as it is. */
			p++;
			for (end = p; *end != '\0' && *end != '"'; end++)
				;
			q = end;
			if (*end == '"')
				end++;
		} else {
			for (end = p; *end != '\0' && !is_sep(*end, commas);
			    end++)
				;
			while (p < end && *p == ' ')
				p++;
			q = end;
		}
		while (q > p && q[-1] == ' ')
			q--;
		while (p < q && *p == ' ')
			p++;
		if (q > p) {
			if (remove)
				strv_add(del, ndel, xstrndup(p, (size_t)(q - p)));
			else
				strv_add(add, nadd, xstrndup(p, (size_t)(q - p)));
		}
		while (*end != '\0' && !is_sep(*end, commas))
			end++;
	}
	free(copy);
	return (int)(*nadd + *ndel);
}

struct names {
	char	**v;
	size_t	  n;
};

static int
names_add(const char *name, int64_t nposts, int64_t nfeeds, void *arg)
{
	struct names	*nm = arg;

	strv_add(&nm->v, &nm->n, xstrdup(name));
	return 0;
}

/* Every tag the database knows, for completion: heap vector, *n long. */
char **
ui_tag_names(size_t *n)
{
	struct names	 nm = { NULL, 0 };

	db_tags_foreach(ui->db, names_add, &nm);
	*n = nm.n;
	return nm.v;
}

/* Join v into b with the language's comma (i18n_comma()). */
static void
join(struct buf *b, char *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, i18n_comma());
		buf_adds(b, v[i]);
	}
}

/*
 * The tags prompt's label for a post (else a feed) with its tags, one
 * message for each case; a heap string.
 */
static char *
tags_label(int post, char *const *tags, size_t ntags)
{
	struct buf	 b;
	char		*s;

	if (ntags == 0)
		return xstrdup(post ? _("Tags (-tag removes): ") :
		    _("Feed tags (-tag removes): "));
	buf_init(&b);
	join(&b, tags, ntags);
	xasprintf(&s, post ? _("Tags [%s] (-tag removes): ") :
	    _("Feed tags [%s] (-tag removes): "), buf_str(&b));
	buf_free(&b);
	return s;
}

/*
 * What a change of tags did, one sentence for each case, so that each
 * language can put the words and the lists where they belong; a heap
 * string.
 */
static char *
tags_done(int post, char *const *add, size_t nadd, char *const *del,
    size_t ndel)
{
	struct buf	 a, d;
	char		*s;

	buf_init(&a);
	buf_init(&d);
	join(&a, add, nadd);
	join(&d, del, ndel);
	if (nadd > 0 && ndel > 0)
		xasprintf(&s, post ? _("post tagged %s; untagged %s") :
		    _("feed tagged %s; untagged %s"), buf_str(&a), buf_str(&d));
	else if (nadd > 0)
		xasprintf(&s, post ? _("post tagged %s") : _("feed tagged %s"),
		    buf_str(&a));
	else
		xasprintf(&s, post ? _("post untagged %s") :
		    _("feed untagged %s"), buf_str(&d));
	buf_free(&a);
	buf_free(&d);
	return s;
}

/*
 * Edit the tags of post (or, with post 0, of feed): ask, then add and
 * remove in one transaction, stored at once.  Returns 1 if anything was
 * changed, 0 if not, -1 on a database error (on the status line).
 */
int
ui_edit_tags(int64_t post, int64_t feed)
{
	struct db_post	*p = NULL;
	struct db_feed	*f = NULL;
	char		**names, **add, **del, *line, *done, *label;
	size_t		 nnames, nadd, ndel, i;
	int		 rc = 0;

	if (post != 0 && (p = db_post_get(ui->db, post)) != NULL)
		label = tags_label(1, p->tags, p->ntags);
	else if (post == 0 && (f = db_feed_get(ui->db, feed)) != NULL)
		label = tags_label(0, f->tags, f->ntags);
	else {
		ui_status(1, _("nothing to tag here"));
		return 0;
	}
	names = ui_tag_names(&nnames);
	line = ui_prompt(label, "", names, nnames);
	strv_free(names, nnames);
	free(label);
	if (line == NULL || ui_tags_parse(line, &add, &nadd, &del, &ndel) == 0) {
		free(line);
		db_post_free(p);
		db_feed_free(f);
		return 0;
	}
	for (i = 0; i < nadd; i++) {
		if (!db_tag_valid(add[i])) {
			ui_status(1, _("not a valid tag: %s"), add[i]);
			goto out;
		}
	}
	if (db_tags_apply(ui->db, p != NULL ? post : 0, feed, add, nadd, del,
	    ndel) != 0) {
		ui_status(1, _("tags not saved: %s"), db_errmsg(ui->db));
		rc = -1;
		goto out;
	}
	if (p != NULL)
		ui_undo_tags(post, 0, p->tags, p->ntags);
	else
		ui_undo_tags(0, feed, f->tags, f->ntags);
	/* Which kind was changed: a feed's tags list all of its posts. */
	done = tags_done(p != NULL, add, nadd, del, ndel);
	ui_status(0, "%s", done);
	free(done);
	rc = 1;
out:
	strv_free(add, nadd);
	strv_free(del, ndel);
	free(line);
	db_post_free(p);
	db_feed_free(f);
	ui_reload_all();
	return rc;
}
