/*
 * The search history: the searches typed at / (in a list of posts or in
 * an article), which UP and DOWN recall at the search prompt
 * (ui_prompt_history(), ui-prompt.c).
 *
 * The newest search is last.  A search typed again moves to the end
 * rather than being kept twice, and at most UI_HISTORY_MAX are kept, the
 * oldest going first.  ui_search_prompt() asks with it and adds to it.
 *
 * It is kept across sessions in the data directory, one search a line
 * (the prompt lets no newline in), in a file of the user's alone (0600):
 * what someone searched for is as private as what they read.  It is
 * written whole to a new file that is renamed over the old one
 * (ui_history_save()), so that a crash leaves either, never half of one.
 * Reading is forgiving: what is not safe text is dropped.  A history that
 * cannot be read or written is said on the status line, never a reason to
 * stop: it is kept in memory for the session.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

/* Add s at the end, taking it from where it was; the oldest goes past max. */
void
ui_history_add(struct ui_history *h, const char *s)
{
	size_t	 i;

	if (*s == '\0')
		return;
	for (i = 0; i < h->n && strcmp(h->v[i], s) != 0; i++)
		continue;
	if (i == h->n && h->n == UI_HISTORY_MAX)
		i = 0;
	if (i < h->n) {
		free(h->v[i]);
		memmove(h->v + i, h->v + i + 1, (h->n - i - 1) * sizeof *h->v);
		h->n--;
	}
	h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
	h->v[h->n++] = xstrdup(s);
}

/*
 * Start h from the file at path (heap, now h's; NULL: in memory only).  A
 * file that is not there is an empty history; -1 with errno when it could
 * not be read.
 */
int
ui_history_load(struct ui_history *h, char *path)
{
	char	*data, *line, *save = NULL, *safe;
	size_t	 len;

	memset(h, 0, sizeof *h);
	h->path = path;
	if (path == NULL)
		return 0;
	if (read_file(path, &data, &len) == -1)
		return errno == ENOENT ? 0 : -1;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		safe = text_safe(line);
		ui_history_add(h, safe);
		free(safe);
	}
	free(data);
	return 0;
}

/* Write h to its file (see the top): 0, or -1 with errno. */
int
ui_history_save(const struct ui_history *h)
{
	FILE	*fp;
	char	*tmp;
	size_t	 i;
	int	 fd, rc = -1, saved;

	if (h->path == NULL)
		return 0;
	if (path_mkparent(h->path) == -1)
		return -1;
	xasprintf(&tmp, "%s.new", h->path);
	/*
	 * A new file, so that its mode is 0600 whatever one left there had
	 * (O_CREAT keeps an existing file's mode).
	 */
	if ((unlink(tmp) == -1 && errno != ENOENT) ||
	    (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		goto out;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail;
	}
	for (i = 0; i < h->n; i++)
		fprintf(fp, "%s\n", h->v[i]);
	if (fflush(fp) == EOF || ferror(fp)) {
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) == EOF || rename(tmp, h->path) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	saved = errno;
	unlink(tmp);
	errno = saved;
out:
	free(tmp);
	return rc;
}

void
ui_history_free(struct ui_history *h)
{
	strv_free(h->v, h->n);
	free(h->path);
	memset(h, 0, sizeof *h);
}

/*
 * Ask for a search on the status line, label first, UP and DOWN going
 * through the searches before; one typed is added to the history (a
 * malformed one too, to be recalled and mended) and the history saved.
 * Returns a heap string ("" for an empty line), or NULL when the user
 * cancelled or the search is malformed, which the status line says
 * (search_expr()).
 */
char *
ui_search_prompt(const char *label)
{
	char	*s, *match, *err;

	s = ui_prompt_history(label, "", &ui->searches);
	if (s == NULL || *s == '\0')
		return s;
	ui_history_add(&ui->searches, s);
	if (ui_history_save(&ui->searches) == -1)
		ui_status(1, _("cannot keep the search history in %s: %s"),
		    ui->searches.path, strerror(errno));
	if ((match = search_expr(s, &err)) == NULL) {
		ui_status(1, _("search: %s"), err);
		free(err);
		free(s);
		return NULL;
	}
	free(match);
	return s;
}
