/*
 * The reader's command line (newsboat's ':'): a command typed on the
 * status line, run at once.
 *
 *	set KEY VALUE, set KEY=VALUE	a setting, for this run; set KEY
 *					says its value, set KEY! turns a
 *					yes/no one over
 *	source [FILE]			the config file (FILE, or the
 *					reader's) read again: settings, key
 *					bindings, colours, views
 *	goto TEXT			the next feed whose title or address
 *					holds TEXT, or feed number TEXT
 *	NUMBER				row NUMBER of the list on screen
 *	dumpconfig FILE			the config in effect, written to FILE
 *
 * set and source go through config.c's parser, which is all or nothing:
 * a mistake is shown and nothing of the line or file applies.  TAB
 * completes a command's name, and after set a setting's; UP and DOWN go
 * through the lines typed before in this run (ui->commands).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static void	cmd_set(char *);
static void	cmd_source(char *);
static void	cmd_goto(char *);
static void	cmd_dumpconfig(char *);

static const struct {
	const char	*name;
	void		(*run)(char *);		/* the rest of the line */
} commands[] = {
	{ "set",	cmd_set },
	{ "source",	cmd_source },
	{ "goto",	cmd_goto },
	{ "dumpconfig",	cmd_dumpconfig },
};

/* s past its leading blanks, its trailing ones cut (in place). */
static char *
trim(char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t')
		s++;
	for (n = strlen(s); n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t');
	    n--)
		s[n - 1] = '\0';
	return s;
}

/*
 * TAB's candidates for line, what is typed before the cursor: the
 * settings' names after "set ", else the commands' names.
 */
static char **
cmdline_cands(const char *line, size_t *n)
{
	const char	*name;
	char		**v;
	size_t		 i, k = 0;

	while (*line == ' ')
		line++;
	if (strncmp(line, "set ", 4) == 0) {
		for (i = 0; config_setting_name(i) != NULL; i++)
			continue;
		v = xreallocarray(NULL, i, sizeof *v);
		for (i = 0; (name = config_setting_name(i)) != NULL; i++)
			v[k++] = xstrdup(name);
	} else {
		v = xreallocarray(NULL, nitems(commands), sizeof *v);
		for (i = 0; i < nitems(commands); i++)
			v[k++] = xstrdup(commands[i].name);
	}
	*n = k;
	return v;
}

/*
 * Apply the config text line (named name in an error) to ui->cfg, all or
 * nothing.  Returns 0, or -1 with the error on the status line.
 */
static int
apply_line(const char *name, const char *line)
{
	char	*err;

	if (config_parse(&ui->cfg, line, strlen(line), name, &err) == -1) {
		ui_status(1, "%s", err);
		free(err);
		return -1;
	}
	ui_config_applied(0);
	return 0;
}

/* set KEY VALUE, set KEY=VALUE, set KEY, set KEY! */
static void
cmd_set(char *args)
{
	char	*key, *p, *v, *line, *safe;
	size_t	 n;

	key = args;
	n = strcspn(key, " \t=!");
	p = key + n;
	if (n == 0) {
		ui_status(1, _("set: expected KEY VALUE"));
		return;
	}
	/* Only a setting: not a bind, color, view or ignore line. */
	v = xstrndup(key, n);
	if ((line = config_value(&ui->cfg, v)) == NULL) {
		safe = text_safe(v);
		ui_status(1, _("set: unknown setting '%s'"), safe);
		free(safe);
		free(v);
		return;
	}
	p = trim(p);
	if (*p == '\0') {
		/* What it is: as a line of the file would say it. */
		safe = text_safe(line);
		ui_status(0, "%s = %s", v, safe);
		free(safe);
		free(line);
		free(v);
		return;
	}
	if (strcmp(p, "!") == 0) {
		/* newsboat's toggle, for a yes/no setting. */
		if (strcmp(line, "yes") != 0 && strcmp(line, "no") != 0) {
			ui_status(1, _("set: %s is not yes or no"), v);
			free(line);
			free(v);
			return;
		}
		safe = line;
		xasprintf(&line, "%s = %s", v, strcmp(safe, "yes") == 0 ?
		    "no" : "yes");
		free(safe);
	} else {
		free(line);
		xasprintf(&line, "%s %s", v, p);
	}
	if (apply_line("set", line) == 0) {
		free(line);
		line = config_value(&ui->cfg, v);
		safe = text_safe(line);
		ui_status(0, "%s = %s", v, safe);
		free(safe);
	}
	free(line);
	free(v);
}

/* source [FILE]: the config read again, whole, or nothing of it. */
static void
cmd_source(char *args)
{
	struct config	 tmp;
	struct stat	 st;
	char		*path, *err, *safe;

	path = *args != '\0' ? path_expand(args) :
	    config_path(ui->ctx->config_path);
	/* A file named that is not there is a mistake, not "no config". */
	if (*args != '\0' && stat(path, &st) == -1) {
		safe = text_safe(path);
		ui_status(1, "source: %s: %s", safe, strerror(errno));
		free(safe);
		free(path);
		return;
	}
	config_defaults(&tmp);
	if (config_load(&tmp, path, &err) == -1) {
		ui_status(1, "%s", err);
		free(err);
		config_free(&tmp);
		free(path);
		return;
	}
	config_free(&ui->cfg);
	ui->cfg = tmp;
	ui_config_applied(1);
	safe = text_safe(path);
	/* TRANSLATORS: the config file %s was read again (the past tense). */
	ui_status(0, _("read %s"), safe);
	free(safe);
	free(path);
}

/* goto TEXT */
static void
cmd_goto(char *args)
{
	if (*args == '\0') {
		ui_status(1, _("goto: expected a feed's title or number"));
		return;
	}
	(void)ui_feeds_goto(args);
}

/* dumpconfig FILE */
static void
cmd_dumpconfig(char *args)
{
	struct buf	 b;
	FILE		*fp;
	char		*path, *safe;
	int		 bad;

	if (*args == '\0') {
		ui_status(1, _("dumpconfig: expected a FILE"));
		return;
	}
	path = path_expand(args);
	buf_init(&b);
	buf_adds(&b, "# majlis dumpconfig: the config in effect\n");
	config_dump(&ui->cfg, &b);
	config_keys_dump(&ui->cfg, &b);
	safe = text_safe(path);
	if ((fp = path_create(path, 0)) == NULL)
		ui_status(1, "dumpconfig: %s: %s", safe, strerror(errno));
	else {
		bad = fwrite(b.s, 1, b.len, fp) != b.len;
		if (fclose(fp) == EOF || bad)
			ui_status(1, "dumpconfig: %s: %s", safe,
			    strerror(errno));
		else
			ui_status(0, _("config written to %s"), safe);
	}
	free(safe);
	buf_free(&b);
	free(path);
}

/* :NUMBER: row NUMBER (1 the first) of the list on screen. */
static void
cmd_row(int64_t n)
{
	struct ui_list	*l;

	if (ui->top == NULL || ui->top->mode->list == NULL ||
	    (l = ui->top->mode->list(ui->top)) == NULL || l->n == 0) {
		ui_status(1, _("no list here"));
		return;
	}
	l->cur = n < 1 ? 0 : n > l->n ? l->n - 1 : n - 1;
	ui_list_fix(l, l->rows);
	ui->dirty = 1;
}

/* Run one command line (typed after ':'), s: its text. */
static void
cmdline_run(char *s)
{
	char	*name, *args, *safe;
	int64_t	 n;
	size_t	 i, len;

	name = trim(s);
	if (*name == '\0')
		return;
	if (num_parse(name, &n) == 0) {
		cmd_row(n);
		return;
	}
	len = strcspn(name, " \t");
	args = trim(name + len);
	for (i = 0; i < nitems(commands); i++) {
		if (strlen(commands[i].name) == len &&
		    strncmp(name, commands[i].name, len) == 0) {
			name[len] = '\0';
			commands[i].run(args);
			return;
		}
	}
	name[len] = '\0';
	safe = text_safe(name);
	ui_status(1, _("%s: not a command (set, source, goto, dumpconfig, "
	    "NUMBER)"), safe);
	free(safe);
}

/* ':': ask for a command line and run it. */
void
ui_cmdline(void)
{
	char	*s;

	if ((s = ui_prompt_complete(":", &ui->commands, cmdline_cands)) ==
	    NULL)
		return;
	if (*trim(s) != '\0')
		ui_history_add(&ui->commands, s);
	cmdline_run(s);
	free(s);
}
