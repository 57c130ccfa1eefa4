/*
 * Safe mass changes in the reader: marking a whole list read asks first
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
		xasprintf(&question, ngettext("Mark %'lld post read? (y/n) ",
		    "Mark %'lld posts read? (y/n) ", (unsigned long)n),
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
