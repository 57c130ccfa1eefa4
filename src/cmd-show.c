/*
 * majlis show POST: one post as text.  A header (title, feed, author, date,
 * link, tags, enclosures), a blank line, then the body: the content, or the
 * summary when there is no content.
 *
 * The body is HTML, rendered by html-render.c: on a terminal wrapped to
 * its width and laid out for display (right-to-left paragraphs reordered
 * and aligned right, as the bidi setting says); in a pipe one line per
 * paragraph in logical order, so that grep and other programs see the text
 * as stored.  Links are numbered and listed at the end.  The header fields
 * pass through text_safe(), the rendered lines are safe by html_render()'s
 * contract: nothing a feed wrote reaches the terminal as a control
 * sequence.
 */
#include <sys/ioctl.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

static int cmd_show_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "POST",
	.help = N_("show one post as text"),
	.exec = cmd_show_exec,
};

static void
header(const char *name, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	printf(_("%s: "), _(name));
	cmd_print_field(stdout, value, "");
	putchar('\n');
}

/* The width to wrap to: the terminal's, or 0 (no wrapping) in a pipe. */
static int
output_width(void)
{
	struct winsize	 ws;

	if (!isatty(STDOUT_FILENO) ||
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_col == 0)
		return 0;
	return ws.ws_col;
}

static void
show_post(const struct db_post *p, enum bidi_mode bidi)
{
	struct rendered	*r;
	const char	*html;
	char		*line, size[64];
	size_t		 i;
	int		 width;

	printf(_("%s: "), _("Title"));
	cmd_print_field(stdout, p->title, TEXT_UNTITLED);
	putchar('\n');
	header("Feed", p->feed_title != NULL ? p->feed_title : p->feed_url);
	header("Author", p->author);
	if (p->published != DATE_NONE || p->updated != DATE_NONE) {
		printf(_("%s: "), _("Date"));
		cmd_print_date(stdout, p->published != DATE_NONE ?
		    p->published : p->updated);
		putchar('\n');
	}
	header(N_("Link"), p->link);
	if (p->ntags > 0) {
		printf(_("%s: "), _("Tags"));
		for (i = 0; i < p->ntags; i++) {
			if (i > 0)
				fputs(i18n_comma(), stdout);
			cmd_print_field(stdout, p->tags[i], "-");
		}
		putchar('\n');
	}
	for (i = 0; i < p->nenclosures; i++) {
		printf(_("%s: "), _("Enclosure"));
		cmd_print_field(stdout, p->enclosures[i].url, "-");
		if (p->enclosures[i].type != NULL) {
			fputs(" (", stdout);
			cmd_print_field(stdout, p->enclosures[i].type, "-");
			putchar(')');
		}
		/* A feed's 0 is "not known" more often than an empty file. */
		if (p->enclosures[i].length > 0)
			printf(" %s", num_size_format(p->enclosures[i].length,
			    size, sizeof size));
		putchar('\n');
	}
	if (p->duration > 0)
		header(N_("Duration"), num_clock_format(p->duration, size,
		    sizeof size));

	html = p->content != NULL && *p->content != '\0' ? p->content :
	    p->summary;
	if (html == NULL || *html == '\0')
		return;
	width = output_width();
	r = html_render(html, p->link != NULL ? p->link : p->feed_url, width);
	if (r->nlines > 0)
		putchar('\n');
	for (i = 0; i < r->nlines; i++) {
		if (width == 0) {
			printf("%s\n", r->lines[i]);
			continue;
		}
		line = rendered_display(r, i, bidi);
		printf("%s\n", line);
		free(line);
	}
	rendered_free(r);
}

static int
cmd_show_exec(struct ctx *ctx, int argc, char **argv)
{
	struct db	*db;
	struct db_post	*p;
	struct config	 cfg;
	char		*err = NULL;
	enum bidi_mode	 bidi;
	int64_t		 id;
	int		 rc;

	if (argc == 3 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2)
		return cmd_usage(&cmd_show_entry);
	if (cmd_post_id(argv[1], &id) == -1) {
		warnx_(_("%s: not a post number"), argv[1]);
		return EXIT_USAGE;
	}
	if (config_read(&cfg, ctx->config_path, CONFIG_SHOW, &err) == -1) {
		warnx_("%s", err);
		free(err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	bidi = (enum bidi_mode)cfg.bidi;
	config_free(&cfg);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if ((p = db_post_get(db, id)) == NULL) {
		rc = db_post_exists(db, id);
		if (rc == 1)
			warnx_(_("post %lld: not found"), (long long)id);
		else
			warnx_("%s: %s", db_path(db), db_errmsg(db));
		db_close(db);
		return rc == 1 ? EXIT_SOMEFAIL : EXIT_USAGE;
	}
	show_post(p, bidi);
	db_post_free(p);
	db_close(db);
	return EXIT_OK;
}
