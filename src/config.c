/*
 * Configuration: the config file reader, and the settings with their
 * defaults.  Key bindings, macros and colours are the reader's: this file
 * splits their lines into words and hands them to config-keys.c
 * (config_bind, config_macro, config_color), which keeps their tables, so
 * that nothing here needs curses and a command reads the config without
 * it.  Where the file is: path.c (config_path()).
 *
 * Everything the file can say is described by tables (settings[] below,
 * ui_actions[] and the colour elements in config-keys.c), so that adding a
 * setting is one line and the defaults, the parser, the validation and
 * config_value() cannot disagree.  Defaults are written as the text a user
 * would put in the file and go through the same parser, so a default can
 * never be a value the file could not hold.
 *
 * The file is line based:
 *
 *	# comment
 *	key = value		(the "=" may be left out; "value" may be quoted)
 *	bind KEY ACTION		(ACTION "none" unbinds KEY)
 *	color ELEMENT FOREGROUND BACKGROUND [ATTRIBUTE...]
 *
 * Loading is all or nothing (config_parse): the lines are applied to a copy
 * and the copy replaces the caller's config only when the whole file was
 * read without error.  So a broken file leaves the defaults in place, and
 * the reader can start anyway and show the one error message it got back.
 * A config file that does not exist is not an error.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

/* How a setting's value is read, and which member of struct config holds it. */
enum setting_type {
	SET_INT,		/* int, plain number */
	SET_SECONDS,		/* int, number with optional s/m/h/d unit */
	SET_SIZE,		/* int64_t, bytes with optional K/M/G unit */
	SET_BOOL,		/* int 0/1: yes/no, true/false, on/off, 1/0 */
	SET_ENUM,		/* int, index into choices */
	SET_STRING		/* char *, heap */
};

#define SET_NULLABLE	0x1	/* SET_STRING: "" or "none" stores NULL */
#define SET_PATH	0x2	/* SET_STRING: a leading "~/" is $HOME */

struct setting {
	const char		*name;
	enum setting_type	 type;
	size_t			 off;
	int64_t			 min, max;	/* numbers */
	const char *const	*choices;	/* SET_ENUM, NULL-terminated */
	int			 flags;
	const char		*def;	/* NULL: computed by config_defaults */
	unsigned		 uses;	/* CONFIG_* parts that read it; 0 all */
};

/* In the order of enum bidi_mode. */
static const char *const bidi_choices[] = { "auto", "on", "off", NULL };
static const char *const sort_choices[] = { "newest", "oldest", NULL };
/* In the order of enum config_layout. */
static const char *const layout_choices[] = { "auto", "ltr", "rtl", NULL };
/* In the order of enum config_keyboard. */
static const char *const keyboard_choices[] = {
	"auto", "arabic", "kurdish", "none", NULL
};
static const char *const pipe_choices[] = { "text", "html", NULL };
/* In the order of enum http_auth; newsboat's names. */
static const char *const auth_choices[] = {
	"any", "anysafe", "basic", "digest", "digest_ie", "ntlm",
	"gssnegotiate", NULL
};

#define OFF(m) offsetof(struct config, m)
static const struct setting settings[] = {
	{ "max-connections", SET_INT, OFF(max_connections), 1, 256,
	  NULL, 0, "16",
	  CONFIG_NET | CONFIG_READER },
	{ "max-per-host", SET_INT, OFF(max_per_host), 1, 64, NULL, 0, "2",
	  CONFIG_NET | CONFIG_READER },
	{ "user-agent", SET_STRING, OFF(user_agent), 0, 0, NULL, 0,
	  "majlis/" PACKAGE_VERSION,
	  CONFIG_NET | CONFIG_READER },
	{ "proxy", SET_STRING, OFF(proxy), 0, 0, NULL, SET_NULLABLE, "none",
	  CONFIG_NET | CONFIG_READER },
	{ "http-auth-method", SET_ENUM, OFF(http_auth), 0, 0, auth_choices,
	  0, "any", CONFIG_NET | CONFIG_READER },
	{ "netrc-file", SET_STRING, OFF(netrc_file), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH, "none", CONFIG_NET | CONFIG_READER },
	{ "ca-file", SET_STRING, OFF(ca_file), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH, "none", CONFIG_NET | CONFIG_READER },
	{ "ssl-verify", SET_BOOL, OFF(ssl_verify), 0, 1, NULL, 0, "yes",
	  CONFIG_NET | CONFIG_READER },
	{ "cookie-cache", SET_STRING, OFF(cookie_cache), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH, "none", CONFIG_NET | CONFIG_READER },
	{ "resolve", SET_STRING, OFF(resolve), 0, 0, NULL, SET_NULLABLE,
	  "none", CONFIG_NET | CONFIG_READER },
	{ "connect-timeout", SET_SECONDS, OFF(connect_timeout), 1, 3600,
	  NULL, 0, "15",
	  CONFIG_NET | CONFIG_READER },
	{ "timeout", SET_SECONDS, OFF(timeout), 0, 86400, NULL, 0, "120",
	  CONFIG_NET | CONFIG_READER },
	{ "low-speed-time", SET_SECONDS, OFF(low_speed_time), 0, 3600,
	  NULL, 0, "30",
	  CONFIG_NET | CONFIG_READER },
	{ "low-speed-limit", SET_SIZE, OFF(low_speed_limit), 0,
	  INT32_MAX, NULL, 0, "10",
	  CONFIG_NET | CONFIG_READER },
	{ "max-size", SET_SIZE, OFF(max_size), 1024, INT64_C(1) << 40,
	  NULL, 0, "16M",
	  CONFIG_NET | CONFIG_READER },
	{ "reload-interval", SET_SECONDS, OFF(reload_interval), 0,
	  INT32_MAX, NULL, 0, "0",
	  CONFIG_READER },
	{ "keep-days", SET_INT, OFF(keep_days), 0, 365000, NULL, 0, "0",
	  CONFIG_NET | CONFIG_READER },
	{ "keep-posts", SET_INT, OFF(keep_posts), 0, INT32_MAX, NULL, 0,
	  "0",
	  CONFIG_NET | CONFIG_READER },
	{ "notify-command", SET_STRING, OFF(notify_command), 0, 0, NULL,
	  SET_NULLABLE, "none", CONFIG_NET },
	{ "pipe-command", SET_STRING, OFF(pipe_command), 0, 0, NULL,
	  SET_NULLABLE, "none", CONFIG_READER },
	{ "pipe-format", SET_ENUM, OFF(pipe_html), 0, 0, pipe_choices, 0,
	  "text", CONFIG_READER },
	{ "save-dir", SET_STRING, OFF(save_dir), 0, 0, NULL, SET_NULLABLE,
	  "none", CONFIG_READER },
	{ "enclosure-command", SET_STRING, OFF(enclosure_command), 0, 0, NULL,
	  SET_NULLABLE, "none", CONFIG_READER },
	{ "expire-unread", SET_BOOL, OFF(expire_unread), 0, 1, NULL, 0,
	  "no", CONFIG_NET },
	{ "bidi", SET_ENUM, OFF(bidi), 0, 0, bidi_choices, 0, "auto",
	  CONFIG_SHOW | CONFIG_READER },
	{ "browser", SET_STRING, OFF(browser), 0, 0, NULL, 0, NULL,
	  CONFIG_READER },
	{ "sort", SET_ENUM, OFF(sort), 0, 0, sort_choices, 0, "newest",
	  CONFIG_READER },
	{ "confirm-quit", SET_BOOL, OFF(confirm_quit), 0, 1, NULL, 0, "no",
	  CONFIG_READER },
	{ "confirm-threshold", SET_INT, OFF(confirm_threshold), 0, INT32_MAX,
	  NULL, 0, "20", CONFIG_READER },
	{ "show-read", SET_BOOL, OFF(show_read), 0, 1, NULL, 0, "yes",
	  CONFIG_READER },
	{ "goto-first-unread", SET_BOOL, OFF(goto_first_unread), 0, 1, NULL,
	  0, "yes", CONFIG_READER },
	{ "refresh-on-startup", SET_BOOL, OFF(refresh_on_startup), 0, 1,
	  NULL, 0, "no", CONFIG_READER },
	{ "date-format", SET_STRING, OFF(date_format), 0, 0, NULL, 0,
	  "%Y-%m-%d",
	  CONFIG_READER },
	{ "text-width", SET_INT, OFF(text_width), 0, 1000, NULL, 0, "0",
	  CONFIG_SHOW | CONFIG_READER },
	{ "layout", SET_ENUM, OFF(layout), 0, 0, layout_choices, 0, "auto",
	  CONFIG_READER },
	{ "keyboard-layout", SET_ENUM, OFF(keyboard), 0, 0, keyboard_choices,
	  0, "auto", CONFIG_READER },
	{ "backlog-days", SET_INT, OFF(backlog_days), 0, 365000, NULL, 0,
	  "14",
	  CONFIG_NET | CONFIG_READER },
	{ "quiet-days", SET_INT, OFF(quiet_days), 0, 365000, NULL, 0, "30",
	  CONFIG_SHOW | CONFIG_READER },
};
#undef OFF

/* One line being read: where it is, for messages. */
struct cfgline {
	const char	*name;		/* file name for messages */
	unsigned long	 lineno;
	unsigned	 uses;		/* CONFIG_* parts the command uses */
	unsigned	 kind;		/* parts that use this line; 0 all */
	char		*err;		/* first error, heap */
	struct buf	 warn;		/* errors in lines not used, one a line */
};

static void	 cfg_error(struct cfgline *, const char *, ...)
		     printflike(2, 3);

/*
 * Record an error "FILE:LINE: ..." for the line being read.  A line that
 * only other parts of majlis read (a key binding, for fetch from cron) is
 * skipped with a warning instead: a typo there must not stop a command that
 * never looks at it.
 */
static void
cfg_error(struct cfgline *cl, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (cl->kind != 0 && (cl->kind & cl->uses) == 0) {
		buf_addf(&cl->warn, _("%s:%lu: %s (ignored)\n"), cl->name,
		    cl->lineno, msg);
		free(msg);
		return;
	}
	free(cl->err);
	xasprintf(&cl->err, "%s:%lu: %s", cl->name, cl->lineno, msg);
	free(msg);
}

/*
 * A word from the file, made safe to quote in a message: the file is the
 * user's own, but a message must still not carry escape sequences to the
 * terminal.  Returns a heap string.
 */
static char *
shown(const char *s)
{
	return text_safe(s);
}

/* --- values ------------------------------------------------------------ */

static const struct setting *
setting_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(settings); i++) {
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	}
	return NULL;
}

static int
parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t	 i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * Store value in the setting st of cfg.  Returns 0, or -1 with a message
 * (without file and line) in *why, a heap string.
 */
static int
setting_set(struct config *cfg, const struct setting *st, const char *value,
    char **why)
{
	char		*field = (char *)cfg + st->off;
	int		(*number)(const char *, int64_t *);
	struct buf	 b;
	char		*v;
	int64_t		 n;
	int		 i;

	switch (st->type) {
	case SET_INT:
	case SET_SECONDS:
	case SET_SIZE:
		if (st->type == SET_SIZE)
			number = num_size;
		else if (st->type == SET_SECONDS)
			number = num_seconds;
		else
			number = num_parse;
		if (number(value, &n) == -1) {
			v = shown(value);
			xasprintf(why, st->type == SET_SIZE ?
			    _("%s: '%s' is not a size (like 512K or 16M)") :
			    st->type == SET_SECONDS ?
			    _("%s: '%s' is not a duration (like 30 or 5m)") :
			    _("%s: '%s' is not a number"), st->name, v);
			free(v);
			return -1;
		}
		if (n < st->min || n > st->max) {
			xasprintf(why,
			    _("%s: %lld is out of range (%lld to %lld)"), st->name,
			    (long long)n, (long long)st->min,
			    (long long)st->max);
			return -1;
		}
		if (st->type == SET_SIZE)
			*(int64_t *)(void *)field = n;
		else
			*(int *)(void *)field = (int)n;
		return 0;
	case SET_BOOL:
		if (parse_bool(value, &i) == -1) {
			v = shown(value);
			xasprintf(why, _("%s: '%s' is not yes or no"), st->name,
			    v);
			free(v);
			return -1;
		}
		*(int *)(void *)field = i;
		return 0;
	case SET_ENUM:
		for (i = 0; st->choices[i] != NULL; i++) {
			if (strcasecmp(value, st->choices[i]) == 0) {
				*(int *)(void *)field = i;
				return 0;
			}
		}
		buf_init(&b);
		for (i = 0; st->choices[i] != NULL; i++) {
			buf_adds(&b, i == 0 ? "" : st->choices[i + 1] == NULL ?
			    _(" or ") : _(", "));
			buf_adds(&b, st->choices[i]);
		}
		v = shown(value);
		xasprintf(why, _("%s: '%s' is not one of %s"), st->name, v,
		    buf_str(&b));
		free(v);
		buf_free(&b);
		return -1;
	case SET_STRING:
		if ((st->flags & SET_NULLABLE) &&
		    (*value == '\0' || strcasecmp(value, "none") == 0)) {
			free(*(char **)(void *)field);
			*(char **)(void *)field = NULL;
			return 0;
		}
		if (*value == '\0') {
			xasprintf(why, _("%s: the value is empty"), st->name);
			return -1;
		}
		free(*(char **)(void *)field);
		if ((st->flags & SET_PATH) && strncmp(value, "~/", 2) == 0 &&
		    getenv("HOME") != NULL)
			xasprintf((char **)(void *)field, "%s/%s",
			    getenv("HOME"), value + 2);
		else
			*(char **)(void *)field = xstrdup(value);
		return 0;
	}
	return -1;
}

/*
 * The current value of the setting called name, as it could be written in
 * the file.  Returns a heap string, or NULL if there is no such setting.
 */
char *
config_value(const struct config *cfg, const char *name)
{
	const struct setting *st;
	const char	*field;
	const char	*s;
	char		*out;

	if ((st = setting_find(name)) == NULL)
		return NULL;
	field = (const char *)cfg + st->off;
	switch (st->type) {
	case SET_INT:
	case SET_SECONDS:
		xasprintf(&out, "%d", *(const int *)(const void *)field);
		return out;
	case SET_SIZE:
		xasprintf(&out, "%lld",
		    (long long)*(const int64_t *)(const void *)field);
		return out;
	case SET_BOOL:
		return xstrdup(*(const int *)(const void *)field ? "yes" :
		    "no");
	case SET_ENUM:
		return xstrdup(st->choices[*(const int *)(const void *)field]);
	case SET_STRING:
		s = *(char *const *)(const void *)field;
		return xstrdup(s != NULL ? s : "none");
	}
	return NULL;
}

/* --- the file ---------------------------------------------------------- */

/*
 * Read a quoted string starting at *pp (on the opening quote) into place,
 * unescaping \" \\ \t \n.  Returns the start of the unquoted string, NUL
 * terminated, and leaves *pp after the closing quote; NULL if there is none.
 */
static char *
unquote(char **pp)
{
	char	*p = *pp + 1, *start = *pp, *q = start;

	for (; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			*q++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
		} else
			*q++ = *p;
	}
	if (*p != '"')
		return NULL;
	*q = '\0';
	*pp = p + 1;
	return start;
}

/*
 * Split line into at most max words (quoted words may hold spaces); an
 * unquoted word starting with '#' starts a comment.  Returns the number of
 * words, or -1 with an error recorded.
 */
static int
split_words(struct cfgline *cl, char *line, char **words, int max)
{
	char	*p = line, *w;
	int	 n = 0;

	for (;;) {
		while (ascii_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			return n;
		if (n == max) {
			cfg_error(cl, _("too many words"));
			return -1;
		}
		if (*p == '"') {
			if ((w = unquote(&p)) == NULL) {
				cfg_error(cl, _("missing closing quote"));
				return -1;
			}
			if (*p != '\0' && !ascii_blank(*p)) {
				cfg_error(cl,
				    _("text right after a closing quote"));
				return -1;
			}
		} else {
			w = p;
			while (*p != '\0' && !ascii_blank(*p))
				p++;
		}
		if (*p != '\0')
			*p++ = '\0';
		words[n++] = w;
	}
}

/* A "key = value" line; p is after the leading blanks. */
static void
line_setting(struct config *cfg, struct cfgline *cl, char *p)
{
	const struct setting *st;
	char		*key, *value, *end, *why, *v;

	key = p;
	while (*p != '\0' && !ascii_blank(*p) && *p != '=')
		p++;
	end = p;
	while (ascii_blank(*p))
		p++;
	if (*p == '=')
		p++;
	while (ascii_blank(*p))
		p++;
	*end = '\0';

	if ((st = setting_find(key)) != NULL)
		cl->kind = st->uses;
	else {
		v = shown(key);
		cfg_error(cl, _("unknown setting '%s'"), v);
		free(v);
		return;
	}
	if (*p == '"') {
		if ((value = unquote(&p)) == NULL) {
			cfg_error(cl, _("missing closing quote"));
			return;
		}
		while (ascii_blank(*p))
			p++;
		if (*p != '\0' && *p != '#') {
			cfg_error(cl, _("text after the quoted value"));
			return;
		}
	} else {
		/* A comment starts at a '#' after a blank. */
		value = p;
		for (end = p; *end != '\0'; end++) {
			if (*end == '#' && end > value && ascii_blank(end[-1]))
				break;
		}
		while (end > value && ascii_blank(end[-1]))
			end--;
		*end = '\0';
	}
	if (setting_set(cfg, st, value, &why) == -1) {
		cfg_error(cl, "%s", why);
		free(why);
	}
}

static void
rule_add(struct config_rule **v, size_t *n, const char *what,
    const char *expr)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].what = xstrdup(what);
	(*v)[*n].expr = xstrdup(expr);
	(*n)++;
}

static void
rules_copy(struct config_rule **dst, const struct config_rule *src, size_t n)
{
	size_t	 i, k = 0;

	*dst = NULL;
	for (i = 0; i < n; i++)
		rule_add(dst, &k, src[i].what, src[i].expr);
}

static void
rules_free(struct config_rule *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].what);
		free(v[i].expr);
	}
	free(v);
}

/*
 * view "NAME" "EXPR" (a saved query, a row of the feed list) and ignore
 * URL|* "EXPR" (the killfile); the filter is checked here, so that a
 * mistake is reported with the line, not found at the first fetch.
 */
static void
line_rule(struct config *cfg, struct cfgline *cl, char *p)
{
	struct filter	*f;
	char		*words[4], *why;
	int		 view = p[0] == 'v', n;

	if ((n = split_words(cl, p + (view ? 4 : 6), words, nitems(words)))
	    == -1)
		return;
	if (n != 2 || *words[0] == '\0') {
		cfg_error(cl, view ? "view: expected \"NAME\" \"FILTER\"" :
		    "ignore: expected FEED-URL|* \"FILTER\"");
		return;
	}
	if ((f = filter_compile(words[1], time(NULL), &why, NULL)) == NULL) {
		cfg_error(cl, _("%s: filter: %s"), view ? "view" : "ignore", why);
		free(why);
		return;
	}
	filter_free(f);
	if (view)
		rule_add(&cfg->views, &cfg->nviews, words[0], words[1]);
	else
		rule_add(&cfg->ignores, &cfg->nignores, words[0], words[1]);
}

/* One line, NUL-terminated, without its newline. */
static void
config_line(struct config *cfg, struct cfgline *cl, char *line)
{
	char	*words[16], *p = line, *why;
	int	 n;

	cl->kind = 0;
	while (ascii_blank(*p))
		p++;
	if (*p == '\0' || *p == '#')
		return;
	if (strncmp(p, "bind", 4) == 0 && (ascii_blank(p[4]) || p[4] == '\0')) {
		cl->kind = CONFIG_READER;
		if ((n = split_words(cl, p + 4, words, nitems(words))) == -1)
			return;
		if (n != 2) {
			cfg_error(cl, _("bind: expected KEY ACTION"));
			return;
		}
		if (config_bind(cfg, words[0], words[1], &why) == -1) {
			cfg_error(cl, _("bind: %s"), why);
			free(why);
		}
		return;
	}
	/* Only "color": majlis.conf(5) names "colour" as an unknown key. */
	if (strncmp(p, "color", 5) == 0 && (ascii_blank(p[5]) || p[5] == '\0')) {
		cl->kind = CONFIG_READER;
		p += 5;
		if ((n = split_words(cl, p, words, nitems(words))) == -1)
			return;
		if (config_color(cfg, words, n, &why) == -1) {
			cfg_error(cl, "%s", why);
			free(why);
		}
		return;
	}
	if (strncmp(p, "macro", 5) == 0 && (ascii_blank(p[5]) || p[5] == '\0')) {
		cl->kind = CONFIG_READER;
		if ((n = split_words(cl, p + 5, words, nitems(words))) == -1)
			return;
		if (config_macro(cfg, words, n, &why) == -1) {
			cfg_error(cl, "%s", why);
			free(why);
		}
		return;
	}
	if ((strncmp(p, "view", 4) == 0 && ascii_blank(p[4])) ||
	    (strncmp(p, "ignore", 6) == 0 && ascii_blank(p[6]))) {
		/* The killfile is the fetcher's; views are the reader's. */
		cl->kind = p[0] == 'v' ? CONFIG_READER : CONFIG_NET;
		line_rule(cfg, cl, p);
		return;
	}
	line_setting(cfg, cl, p);
}

/*
 * Apply the config text data (len bytes; name is the file name for
 * messages) to cfg, for a command that uses the parts uses (CONFIG_*).  All
 * or nothing: returns 0 with every line applied, or -1 with cfg unchanged
 * and *err set to a heap string "NAME:LINE: WHY" for the first bad line.
 * A bad line of a part not used is left out; *warn (heap, or NULL) then
 * holds one "NAME:LINE: WHY (ignored)" line for each.
 */
static int
config_parse_for(struct config *cfg, const char *data, size_t len,
    const char *name, unsigned uses, char **err, char **warn)
{
	struct config	 tmp;
	struct cfgline	 cl;
	const char	*p = data, *end = data + len, *nl;
	char		*line;
	size_t		 n;

	memset(&cl, 0, sizeof cl);
	cl.name = name;
	cl.uses = uses;
	buf_init(&cl.warn);
	*warn = NULL;
	config_copy(&tmp, cfg);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && cl.err == NULL) {
		cl.lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (memchr(p, '\0', n) != NULL)
			cfg_error(&cl, _("the line holds a NUL byte"));
		else if (!utf8_valid(p, n))
			cfg_error(&cl, _("the line is not valid UTF-8"));
		else {
			line = xstrndup(p, n);
			config_line(&tmp, &cl, line);
			free(line);
		}
		p = nl + 1;
	}
	if (cl.err != NULL) {
		config_free(&tmp);
		buf_free(&cl.warn);
		*err = cl.err;
		return -1;
	}
	config_free(cfg);
	*cfg = tmp;
	if (cl.warn.len > 0)
		*warn = buf_take(&cl.warn);
	buf_free(&cl.warn);
	return 0;
}

/* config_parse_for() for the reader, which uses every line. */
int
config_parse(struct config *cfg, const char *data, size_t len,
    const char *name, char **err)
{
	char	*warn;
	int	 rc;

	rc = config_parse_for(cfg, data, len, name, CONFIG_ALL, err, &warn);
	free(warn);
	return rc;
}

/*
 * Read the config file at path into cfg (config_parse).  A file that does
 * not exist is no error: cfg keeps what it had.  Returns 0, or -1 with cfg
 * unchanged and a heap message in *err.
 */
static int
config_load_for(struct config *cfg, const char *path, unsigned uses,
    char **err, char **warn)
{
	struct buf	 b;
	FILE		*fp;
	char		 chunk[8192];
	size_t		 n;
	int		 rc;

	*warn = NULL;
	if ((fp = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 0;
		xasprintf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		fclose(fp);
		buf_free(&b);
		return -1;
	}
	fclose(fp);
	rc = config_parse_for(cfg, buf_str(&b), b.len, path, uses, err, warn);
	buf_free(&b);
	return rc;
}

int
config_load(struct config *cfg, const char *path, char **err)
{
	char	*warn;
	int	 rc;

	rc = config_load_for(cfg, path, CONFIG_ALL, err, &warn);
	free(warn);
	return rc;
}

/*
 * The usual start: defaults, then the config file (override, or the XDG
 * default), for a command that uses the parts uses (CONFIG_*).  On error
 * cfg holds the defaults and *err says why.  A mistake in a line of a part
 * the command does not use is written to stderr ("majlis: FILE:LINE: WHY
 * (ignored)"), once, and the rest of the file applies.
 */
int
config_read(struct config *cfg, const char *override, unsigned uses,
    char **err)
{
	char	*path, *warn, *line, *nl;
	int	 rc;

	config_defaults(cfg);
	path = config_path(override);
	rc = config_load_for(cfg, path, uses, err, &warn);
	free(path);
	for (line = warn; line != NULL && *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		warnx_("%s", line);
	}
	free(warn);
	return rc;
}

/* --- the structure ----------------------------------------------------- */

/* Fill cfg with the defaults.  cfg holds nothing before (no config_free). */
void
config_defaults(struct config *cfg)
{
	char		*why;
	const char	*browser;
	size_t		 i;

	memset(cfg, 0, sizeof *cfg);
	for (i = 0; i < nitems(settings); i++) {
		if (settings[i].def == NULL)
			continue;
		if (setting_set(cfg, &settings[i], settings[i].def, &why) == -1)
			fatalx("default: %s", why);
	}
	browser = getenv("BROWSER");
	cfg->browser = xstrdup(browser != NULL && *browser != '\0' ?
	    browser : "xdg-open");

	config_bind_defaults(cfg);
	config_color_defaults(cfg);
}

/* Make dst a deep copy of src; dst holds nothing before. */
void
config_copy(struct config *dst, const struct config *src)
{
	char	**field;
	size_t	  i;

	*dst = *src;
	for (i = 0; i < nitems(settings); i++) {
		if (settings[i].type != SET_STRING)
			continue;
		field = (char **)(void *)((char *)dst + settings[i].off);
		if (*field != NULL)
			*field = xstrdup(*field);
	}
	dst->bindings = NULL;
	if (src->nbindings > 0) {
		dst->bindings = xreallocarray(NULL, src->nbindings,
		    sizeof *dst->bindings);
		memcpy(dst->bindings, src->bindings,
		    src->nbindings * sizeof *dst->bindings);
	}
	rules_copy(&dst->views, src->views, src->nviews);
	rules_copy(&dst->ignores, src->ignores, src->nignores);
	rules_copy(&dst->macros, src->macros, src->nmacros);
}

/* Free what cfg holds; cfg itself is the caller's. */
void
config_free(struct config *cfg)
{
	char	**field;
	size_t	  i;

	for (i = 0; i < nitems(settings); i++) {
		if (settings[i].type != SET_STRING)
			continue;
		field = (char **)(void *)((char *)cfg + settings[i].off);
		free(*field);
		*field = NULL;
	}
	free(cfg->bindings);
	cfg->bindings = NULL;
	cfg->nbindings = 0;
	rules_free(cfg->views, cfg->nviews);
	rules_free(cfg->ignores, cfg->nignores);
	rules_free(cfg->macros, cfg->nmacros);
	cfg->views = cfg->ignores = cfg->macros = NULL;
	cfg->nviews = cfg->nignores = cfg->nmacros = 0;
}
