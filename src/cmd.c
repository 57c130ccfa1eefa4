/*
 * What the commands share: the usage message, the -j/--json option,
 * opening the database with its error said, reading a POST argument and
 * printing one-line records.  A command file (cmd-*.c) holds one command
 * and uses no other command's file, so that each helper program links
 * only the commands it runs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

/* Print a command's usage line on stderr; returns EXIT_USAGE. */
int
cmd_usage(const struct cmd_entry *cmd)
{
	fprintf(stderr, _("usage: majlis %s %s\n"), cmd->name, cmd->usage);
	return EXIT_USAGE;
}

/*
 * Read the options of a command whose only option is -j/--json, setting
 * *as_json; its operands start at optind.  Returns 0, or EXIT_USAGE (the
 * usage printed) for any other option.
 */
int
cmd_json_option(const struct cmd_entry *cmd, int argc, char **argv,
    int *as_json)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ NULL,		0,		NULL, 0 }
	};
	int	 ch;

	*as_json = 0;
	while ((ch = cmd_getopt(argc, argv, "j", longopts)) != -1) {
		if (ch != 'j')
			return cmd_usage(cmd);
		*as_json = 1;
	}
	return 0;
}

/*
 * The progress of a long index catch-up (db_set_progress()), on a
 * terminal's stderr: after an upgrade the first search indexes the whole
 * cache again, which takes a while on a large one.  One line, rewritten,
 * gone when it is done.
 */
static void
cmd_progress(void *arg, int64_t done, int64_t total)
{
	(void)arg;
	if (done == -1 || done >= total)
		fputs("\r\033[K", stderr);
	else {
		fputc('\r', stderr);
		fprintf(stderr, _("indexing for search: %lld of %lld posts"),
		    (long long)done, (long long)total);
	}
	fflush(stderr);
}

/* Open the database of ctx; on failure print why and return NULL. */
struct db *
cmd_db_open(struct ctx *ctx)
{
	struct db	*db;
	char		*err = NULL;

	if ((db = db_open(ctx->db_path, &err)) == NULL) {
		warnx_("%s", err);
		free(err);
	} else if (isatty(STDERR_FILENO))
		db_set_progress(db, cmd_progress, NULL);
	return db;
}

/* Parse a POST argument (a positive number).  0, or -1 if it is not one. */
int
cmd_post_id(const char *s, int64_t *id)
{
	char		*end;
	long long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/*
 * Print s (NULL: dflt) on fp as part of a one-line record: unsafe
 * characters dropped, every run of white space (tabs and newlines too)
 * made one space, none at either end.  Two spaces separate the columns,
 * so a field must never contain two in a row.  A URL quoted in s shows
 * no credentials (url_mask_text()): an error may name a redirect target.
 */
void
cmd_print_field(FILE *fp, const char *s, const char *dflt)
{
	char	*masked, *safe, *p, *q;

	if (s == NULL || *s == '\0')
		s = dflt;
	masked = url_mask_text(s);
	safe = text_safe(masked);
	free(masked);
	for (p = q = safe; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (q > safe && q[-1] != ' ')
				*q++ = ' ';
		} else
			*q++ = *p;
	}
	if (q > safe && q[-1] == ' ')
		q--;
	*q = '\0';
	fputs(*safe != '\0' ? safe : dflt, fp);
	free(safe);
}

/* A URL (a feed's, a list's) as a field: its credentials masked. */
void
cmd_print_url(FILE *fp, const char *url, const char *dflt)
{
	char	*shown;

	shown = url != NULL ? url_mask(url) : NULL;
	cmd_print_field(fp, shown, dflt);
	free(shown);
}

/*
 * A URL, or a message that may quote one, as a JSON string: credentials
 * masked, NULL stays null.  The masked form still names a feed or a list
 * in the commands that take one (db_feed_find(), db_list_find()).
 */
void
cmd_json_masked(struct json *j, const char *s, int is_url)
{
	char	*shown;

	if (s == NULL) {
		json_null(j);
		return;
	}
	shown = is_url ? url_mask(s) : url_mask_text(s);
	json_string(j, shown);
	free(shown);
}

/* A post's time for text output, local time (the reader's clock). */
void
cmd_print_date(FILE *fp, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 s[32];

	if (t == DATE_NONE || localtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm) == 0) {
		fputs("-", fp);
		return;
	}
	fputs(s, fp);
}

/*
 * Under a filter's error, the expression and a caret under its column
 * (filter_compile()'s col), on stderr, so that the place is seen, not
 * counted.  A long expression is shown around the place only
 * (CARET_BEFORE bytes before it, CARET_AFTER after): a filter of 100,000
 * parentheses must not fill the terminal.
 */
#define CARET_BEFORE	50
#define CARET_AFTER	25

void
cmd_filter_caret(const char *expr, size_t col)
{
	size_t		 len, at, from, to;
	char		*part, *safe;
	int		 pad;

	if (col == 0)
		return;
	len = strlen(expr);
	at = col - 1 < len ? col - 1 : len;
	from = at > CARET_BEFORE ? at - CARET_BEFORE : 0;
	to = len - at > CARET_AFTER ? at + CARET_AFTER : len;
	/* Whole characters only. */
	while (from > 0 && (expr[from] & 0xc0) == 0x80)
		from--;
	while (to < len && (expr[to] & 0xc0) == 0x80)
		to++;
	part = xstrndup(expr + from, to - from);
	safe = text_safe(part);
	pad = text_nwidth(expr + from, at - from) + (from > 0 ? 1 : 0);
	fprintf(stderr, "  %s%s%s\n  %*s^\n", from > 0 ? "\xe2\x80\xa6" : "",
	    safe, to < len ? "\xe2\x80\xa6" : "", pad, "");
	free(safe);
	free(part);
}

/*
 * getopt_long() with majlis's own words for a bad option, returned as '?'
 * (the caller prints its usage): glibc's words come from glibc's own
 * catalogues, which a system may not have in the user's language.  opts
 * as getopt_long() takes them; a leading '+' is kept.
 */
int
cmd_getopt(int argc, char **argv, const char *opts, const struct option *lo)
{
	char	*o;
	int	 ch, plus = *opts == '+';

	/* ':' after any '+': a missing value is told from an unknown option. */
	xasprintf(&o, "%s:%s", plus ? "+" : "", opts + plus);
	opterr = 0;
	ch = getopt_long(argc, argv, o, lo, NULL);
	free(o);
	if (ch == ':')
		warnx_(_("%s: needs a value"), argv[optind - 1]);
	else if (ch == '?' && optopt != 0 && strncmp(argv[optind - 1], "--",
	    2) != 0)
		warnx_(_("-%c: unknown option"), optopt);
	else if (ch == '?')
		warnx_(_("%s: unknown option"), argv[optind - 1]);
	return ch == ':' ? '?' : ch;
}

/*
 * An option's number: decimal digits (a sign allowed) from min to max.
 * Returns 0 with *v set, or -1.
 */
int
cmd_number(const char *s, int64_t min, int64_t max, int64_t *v)
{
	char		*end;
	long long	 n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}
