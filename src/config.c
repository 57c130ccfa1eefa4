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
 *	include FILE		(beside the including file; cfg_file())
 *
 * and newsboat's keywords, mapped onto these by one table
 * (newsboat_keys[]), so that a newsboat config is read as it is.
 *
 * A bad line never throws the others away (cfg_error()): every good line
 * applies and each bad one is skipped with a warning naming its file and
 * line, so a typo neither loses the user's views nor stops a fetch from
 * cron.  Only a guard line (guard_line(): the proxy and the other settings
 * that decide how and as whom majlis connects) makes a command that
 * connects refuse to run, since skipping it would connect another way
 * than the user asked.  A config file that does not exist is not an error.
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
#define SET_GUARD	0x4	/* a bad value refuses (guard_line()) */
#define SET_PROXY	0x8	/* SET_STRING: a proxy (proxy_check()) */
#define SET_POSTS_FMT	0x10	/* SET_STRING: a list format (listfmt.c) */
#define SET_FEEDS_FMT	0x20	/* of posts, of feeds */

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
/* In the order of enum sync_kind (sync.c). */
static const char *const sync_choices[] = {
	"none", "freshrss", "greader", "miniflux", NULL
};
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
	{ "user-agent", SET_STRING, OFF(user_agent), 0, 0, NULL, SET_GUARD,
	  "majlis/" PACKAGE_VERSION,
	  CONFIG_NET | CONFIG_READER },
	{ "proxy", SET_STRING, OFF(proxy), 0, 0, NULL,
	  SET_NULLABLE | SET_GUARD | SET_PROXY, "none",
	  CONFIG_NET | CONFIG_READER },
	{ "proxy-only", SET_BOOL, OFF(proxy_only), 0, 1, NULL, SET_GUARD,
	  "no", CONFIG_NET | CONFIG_READER },
	{ "tor", SET_BOOL, OFF(tor), 0, 1, NULL, SET_GUARD, "no",
	  CONFIG_NET | CONFIG_READER },
	{ "http-auth-method", SET_ENUM, OFF(http_auth), 0, 0, auth_choices,
	  SET_GUARD, "any", CONFIG_NET | CONFIG_READER },
	{ "netrc-file", SET_STRING, OFF(netrc_file), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH | SET_GUARD, "none",
	  CONFIG_NET | CONFIG_READER },
	{ "ca-file", SET_STRING, OFF(ca_file), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH | SET_GUARD, "none",
	  CONFIG_NET | CONFIG_READER },
	{ "ssl-verify", SET_BOOL, OFF(ssl_verify), 0, 1, NULL, 0, "yes",
	  CONFIG_NET | CONFIG_READER },
	{ "cookie-cache", SET_STRING, OFF(cookie_cache), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH, "none", CONFIG_NET | CONFIG_READER },
	{ "resolve", SET_STRING, OFF(resolve), 0, 0, NULL,
	  SET_NULLABLE | SET_GUARD, "none", CONFIG_NET | CONFIG_READER },
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
	{ "save-dir", SET_STRING, OFF(save_dir), 0, 0, NULL,
	  SET_NULLABLE | SET_PATH, "none", CONFIG_READER },
	{ "enclosure-command", SET_STRING, OFF(enclosure_command), 0, 0, NULL,
	  SET_NULLABLE, "none", CONFIG_READER },
	{ "bookmark-cmd", SET_STRING, OFF(bookmark_cmd), 0, 0, NULL,
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
	{ "goto-next-feed", SET_BOOL, OFF(goto_next_feed), 0, 1, NULL,
	  0, "yes", CONFIG_READER },
	{ "openbrowser-and-mark-jumps-to-next-unread", SET_BOOL,
	  OFF(open_mark_next), 0, 1, NULL, 0, "no", CONFIG_READER },
	{ "articlelist-format", SET_STRING, OFF(articlelist_format), 0, 0,
	  NULL, SET_NULLABLE | SET_POSTS_FMT, "none", CONFIG_READER },
	{ "feedlist-format", SET_STRING, OFF(feedlist_format), 0, 0, NULL,
	  SET_NULLABLE | SET_FEEDS_FMT, "none", CONFIG_READER },
	{ "refresh-on-startup", SET_BOOL, OFF(refresh_on_startup), 0, 1,
	  NULL, 0, "no", CONFIG_READER },
	{ "date-format", SET_STRING, OFF(date_format), 0, 0, NULL, 0,
	  "%Y-%m-%d",
	  CONFIG_READER },
	{ "text-width", SET_INT, OFF(text_width), 0, 1000, NULL, 0, "80",
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
	/*
	 * The sync (sync.c).  A password has no setting: it is read from a
	 * file or a command's output, so that the config can be shared or
	 * shown (dumpconfig) without it.
	 */
	{ "sync-server", SET_ENUM, OFF(sync_server), 0, 0, sync_choices,
	  SET_GUARD, "none", CONFIG_NET | CONFIG_READER },
	{ "sync-url", SET_STRING, OFF(sync_url), 0, 0, NULL, SET_NULLABLE,
	  "none", CONFIG_NET | CONFIG_READER },
	{ "sync-login", SET_STRING, OFF(sync_login), 0, 0, NULL,
	  SET_NULLABLE, "none", CONFIG_NET | CONFIG_READER },
	{ "sync-password-file", SET_STRING, OFF(sync_password_file), 0, 0,
	  NULL, SET_NULLABLE | SET_PATH, "none",
	  CONFIG_NET | CONFIG_READER },
	{ "sync-password-command", SET_STRING, OFF(sync_password_command), 0,
	  0, NULL, SET_NULLABLE, "none", CONFIG_NET | CONFIG_READER },
	{ "sync-starred-tag", SET_STRING, OFF(sync_starred_tag), 0, 0, NULL,
	  SET_NULLABLE, "starred", CONFIG_NET | CONFIG_READER },
};
#undef OFF

/*
 * The reading of a config file and the files it includes (include lines),
 * for a command that uses the parts uses (CONFIG_*).  Every good line is
 * applied; a bad one is skipped with a warning, unless it is a guard line
 * (guard_line()) that the command uses: then the command refuses to run.
 */
struct cfgread {
	unsigned	 uses;
	char		*err;		/* the first refusal, heap */
	char		*first;		/* the first problem, heap */
	struct buf	 warn;		/* lines skipped, one a line */
	size_t		 nwarn;
	int		 depth;		/* files open below the top one */
	struct {
		char		*real;	/* realpath(), heap: cycles */
		const char	*name;	/* as named, for messages */
	}		 files[CONFIG_INCLUDE_DEPTH + 1];
	/* newsboat's settings that only mean something together. */
	int		 nb_use_proxy;		/* -1: not said */
	char		*nb_proxy_type;		/* heap, or NULL */
	int		 nb_auto_reload;	/* -1: not said */
	int		 nb_reload_time;	/* minutes; -1: not said */
};

/* One line being read: where it is, for messages. */
struct cfgline {
	struct cfgread	*r;
	const char	*name;		/* file name for messages */
	unsigned long	 lineno;
	unsigned	 kind;		/* parts that use this line; 0 all */
	int		 guard;		/* a mistake here refuses */
};

static void	 cfg_error(struct cfgline *, const char *, ...)
		     printflike(2, 3);

/*
 * Report a mistake "FILE:LINE: ..." in the line being read.  The line is
 * skipped with a warning and the rest of the file applies: a typo must not
 * throw away the user's other settings, nor stop a fetch from cron.  Only
 * a guard line the command uses (a proxy, a CA file: guard_line()) makes
 * it refuse, since going on without it would connect in a way the user
 * did not ask for.
 */
static void
cfg_error(struct cfgline *cl, const char *fmt, ...)
{
	struct cfgread	*r = cl->r;
	va_list		 ap;
	char		*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r->first == NULL)
		xasprintf(&r->first, "%s:%lu: %s", cl->name, cl->lineno, msg);
	if (cl->guard && (cl->kind == 0 || (cl->kind & r->uses) != 0)) {
		if (r->err == NULL)
			xasprintf(&r->err, "%s:%lu: %s", cl->name, cl->lineno,
			    msg);
	} else {
		buf_addf(&r->warn, _("%s:%lu: %s (ignored)\n"), cl->name,
		    cl->lineno, msg);
		r->nwarn++;
	}
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
 * Is s a proxy as curl reads one, [SCHEME://][USER[:PASSWORD]@]HOST[:PORT],
 * SCHEME one of those below?  curl takes a value it cannot make sense of
 * as a host name or leaves it out, and a "socks5h:/host" typo must not
 * become a direct connection that shows the user's address and names.
 */
static int
proxy_check(const char *s)
{
	static const char *const schemes[] = {
		"http", "https", "socks4", "socks4a", "socks5", "socks5h"
	};
	const char	*p;
	size_t		 i, n;
	long		 port;

	if ((p = strstr(s, "://")) != NULL) {
		n = (size_t)(p - s);
		for (i = 0; i < nitems(schemes); i++) {
			if (strlen(schemes[i]) == n &&
			    strncasecmp(s, schemes[i], n) == 0)
				break;
		}
		if (i == nitems(schemes))
			return -1;
		s = p + 3;
	}
	if ((p = strrchr(s, '@')) != NULL)
		s = p + 1;
	if (*s == '[') {
		if ((p = strchr(s, ']')) == NULL || p == s + 1)
			return -1;
		p++;
	} else {
		for (p = s; ascii_alnum(*p) || *p == '.' || *p == '-' ||
		    *p == '_'; p++)
			;
		if (p == s)
			return -1;
	}
	if (*p == ':') {
		for (port = 0, n = 0, p++; ascii_digit(*p) && n < 6; p++, n++)
			port = port * 10 + (*p - '0');
		if (n == 0 || port < 1 || port > 65535)
			return -1;
	}
	if (*p == '/')
		p++;
	return *p == '\0' ? 0 : -1;
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
	struct listfmt	*fmt = NULL;
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
		if ((st->flags & SET_PROXY) && proxy_check(value) == -1) {
			v = shown(value);
			xasprintf(why, _("%s: '%s' is not a proxy (like "
			    "socks5h://127.0.0.1:9050)"), st->name, v);
			free(v);
			return -1;
		}
		if ((st->flags & (SET_POSTS_FMT | SET_FEEDS_FMT)) &&
		    (fmt = listfmt_parse(value, st->name,
		    (st->flags & SET_POSTS_FMT) ? LISTFMT_POSTS : LISTFMT_FEEDS,
		    why)) == NULL)
			return -1;
		listfmt_free(fmt);
		free(*(char **)(void *)field);
		*(char **)(void *)field = (st->flags & SET_PATH) ?
		    path_expand(value) : xstrdup(value);
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

/* The name of setting i, in the table's order; NULL past the last. */
const char *
config_setting_name(size_t i)
{
	return i < nitems(settings) ? settings[i].name : NULL;
}

/*
 * Append s to b as a word of the file (a value, a key of a bind or macro
 * line): bare if unquote() and the comment rule read it back the same,
 * else in quotes with \" \\ \t \n.
 */
void
config_dump_word(struct buf *b, const char *s)
{
	const char	*p;

	if (*s != '\0' && strpbrk(s, " \t\n\"\\#=") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		if (*p == '\t')
			buf_adds(b, "\\t");
		else if (*p == '\n')
			buf_adds(b, "\\n");
		else
			buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* The n rules v as lines of the keyword kw ("view", "ignore"). */
static void
dump_rules(struct buf *b, const char *kw, const struct config_rule *v,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		buf_addf(b, "%s ", kw);
		config_dump_word(b, v[i].what);
		buf_addc(b, ' ');
		config_dump_word(b, v[i].expr);
		buf_addc(b, '\n');
	}
}

/*
 * cfg as a config file says it (the reader's dumpconfig), appended to b:
 * every setting, then the views, the killfile and the highlight lines
 * (their colour words as written); config_keys_dump() adds
 * the reader's bindings, macros and colours.  Read back, it gives cfg.
 */
void
config_dump(const struct config *cfg, struct buf *b)
{
	size_t	 i;
	char	*v;

	for (i = 0; i < nitems(settings); i++) {
		v = config_value(cfg, settings[i].name);
		buf_addf(b, "%s = ", settings[i].name);
		config_dump_word(b, v);
		buf_addc(b, '\n');
		free(v);
	}
	dump_rules(b, "view", cfg->views, cfg->nviews);
	dump_rules(b, "ignore", cfg->ignores, cfg->nignores);
	for (i = 0; i < cfg->nhls; i++) {
		if (cfg->hls[i].loc != NULL)
			buf_addf(b, "highlight %s ", cfg->hls[i].loc);
		else if (cfg->hls[i].where == CONFIG_HL_FEEDS)
			buf_adds(b, "highlight-feed ");
		else
			buf_adds(b, "highlight-article ");
		config_dump_word(b, cfg->hls[i].expr);
		buf_addf(b, " %s\n", cfg->hls[i].look);
	}
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

/*
 * The value of a "key = value" line, p after the key: quoted, or the rest
 * of the line up to a comment, blanks trimmed.  Returns it (in place), or
 * NULL with the mistake reported.
 */
static char *
line_value(struct cfgline *cl, char *p)
{
	char	*value, *end;

	while (ascii_blank(*p))
		p++;
	if (*p == '=')
		p++;
	while (ascii_blank(*p))
		p++;
	if (*p == '"') {
		if ((value = unquote(&p)) == NULL) {
			cfg_error(cl, _("missing closing quote"));
			return NULL;
		}
		while (ascii_blank(*p))
			p++;
		if (*p != '\0' && *p != '#') {
			cfg_error(cl, _("text after the quoted value"));
			return NULL;
		}
		return value;
	}
	/* A comment starts at a '#' after a blank. */
	value = p;
	for (end = p; *end != '\0'; end++) {
		if (*end == '#' && end > value && ascii_blank(end[-1]))
			break;
	}
	while (end > value && ascii_blank(end[-1]))
		end--;
	*end = '\0';
	return value;
}

/*
 * Is this line a guard line?  A setting with SET_GUARD (proxy, ca-file,
 * netrc-file, resolve, user-agent, http-auth-method), newsboat's
 * use-proxy and proxy-type, and include: skipping any of them would send
 * the requests another way than the user asked (directly, not through the
 * proxy; trusting other certificates; with the program's own name), or
 * leave out a file that may hold such a setting.  majlis.conf(5) says so.
 */
static void
guard_line(struct cfgline *cl, int guard)
{
	cl->guard = guard != 0;
}

/*
 * A "key = value" line for the setting st; p is after the key.  nb is
 * newsboat's keyword the line used for st, or NULL.
 */
static void
line_setting(struct config *cfg, struct cfgline *cl,
    const struct setting *st, const char *nb, char *p)
{
	char	*value, *why;

	cl->kind = st->uses;
	guard_line(cl, st->flags & SET_GUARD);
	if ((value = line_value(cl, p)) == NULL)
		return;
	if (setting_set(cfg, st, value, &why) == -1) {
		if (nb != NULL)
			cfg_error(cl, _("%s (newsboat's %s)"), why, nb);
		else
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
 * URL|*|regex:RE "EXPR" (the killfile); the filter and the regular
 * expression are checked here, so that a mistake is reported with the
 * line, not found at the first fetch.
 */
static void
line_rule(struct config *cfg, struct cfgline *cl, char *p, int view)
{
	struct filter	*f;
	const char	*rule_why;
	char		*words[4], *why;
	int		 n;

	if ((n = split_words(cl, p, words, nitems(words))) == -1)
		return;
	if (n != 2 || *words[0] == '\0') {
		cfg_error(cl, view ? "view: expected \"NAME\" \"FILTER\"" :
		    "ignore: expected FEED-URL|* \"FILTER\"");
		return;
	}
	/* A regex: that never matched was taken for a URL no feed has. */
	if (!view && (rule_why = filter_feeds_why(words[0])) != NULL) {
		cfg_error(cl, _("ignore: %s: %s"), words[0], _(rule_why));
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

static void
line_view(struct config *cfg, struct cfgline *cl, char *p)
{
	line_rule(cfg, cl, p, 1);
}

static void
line_ignore(struct config *cfg, struct cfgline *cl, char *p)
{
	line_rule(cfg, cl, p, 0);
}

static void
line_bind(struct config *cfg, struct cfgline *cl, char *p)
{
	char	*words[4], *why;
	int	 n;

	if ((n = split_words(cl, p, words, nitems(words))) == -1)
		return;
	if (n != 2) {
		cfg_error(cl, _("bind: expected KEY ACTION"));
		return;
	}
	if (config_bind(cfg, words[0], words[1], &why) == -1) {
		cfg_error(cl, _("bind: %s"), why);
		free(why);
	}
}

/* Only "color": majlis.conf(5) names "colour" as an unknown key. */
static void
line_color(struct config *cfg, struct cfgline *cl, char *p)
{
	char	*words[16], *why;
	int	 n;

	if ((n = split_words(cl, p, words, nitems(words))) == -1)
		return;
	if (config_color(cfg, words, n, &why) == -1) {
		cfg_error(cl, "%s", why);
		free(why);
	}
}

/* highlight, highlight-article, highlight-feed (config_highlight()) */
static void
line_highlight(struct config *cfg, struct cfgline *cl, const char *kw,
    char *p)
{
	char	*words[16], *why;
	int	 n;

	if ((n = split_words(cl, p, words, nitems(words))) == -1)
		return;
	if (config_highlight(cfg, kw, words, n, &why) == -1) {
		cfg_error(cl, "%s", why);
		free(why);
	}
}

static void
line_hl(struct config *cfg, struct cfgline *cl, char *p)
{
	line_highlight(cfg, cl, "highlight", p);
}

static void
line_hl_article(struct config *cfg, struct cfgline *cl, char *p)
{
	line_highlight(cfg, cl, "highlight-article", p);
}

static void
line_hl_feed(struct config *cfg, struct cfgline *cl, char *p)
{
	line_highlight(cfg, cl, "highlight-feed", p);
}

static void	 line_newsboat_macro(struct config *, struct cfgline *,
		     char **, int);

/*
 * macro KEY ACTION... (majlis's), or newsboat's macro KEY OP ; OP [-- "WHAT"]
 * (a ";" or "--" among the words says which).
 */
static void
line_macro(struct config *cfg, struct cfgline *cl, char *p)
{
	char	*words[32], *why;
	int	 n, i;

	if ((n = split_words(cl, p, words, nitems(words))) == -1)
		return;
	for (i = 1; i < n; i++) {
		if (strcmp(words[i], "--") == 0 ||
		    words[i][strlen(words[i]) - 1] == ';') {
			line_newsboat_macro(cfg, cl, words, n);
			return;
		}
	}
	if (config_macro(cfg, words, n, &why) == -1) {
		cfg_error(cl, "%s", why);
		free(why);
	}
}

static void	 cfg_file(struct config *, struct cfgread *, struct cfgline *,
		     const char *);

/*
 * include FILE: the lines of FILE, here.  A relative FILE is beside the
 * including file, "~/" is $HOME.
 */
static void
line_include(struct config *cfg, struct cfgline *cl, char *p)
{
	const char	*slash;
	char		*words[2], *path, *home;
	int		 n;

	guard_line(cl, 1);
	if ((n = split_words(cl, p, words, nitems(words))) == -1)
		return;
	if (n != 1 || *words[0] == '\0') {
		cfg_error(cl, _("include: expected FILE"));
		return;
	}
	home = path_expand(words[0]);
	if (home[0] != '/' && (slash = strrchr(cl->name, '/')) != NULL)
		xasprintf(&path, "%.*s/%s", (int)(slash - cl->name), cl->name,
		    home);
	else
		path = xstrdup(home);
	free(home);
	cfg_file(cfg, cl->r, cl, path);
	free(path);
}

/*
 * The words that start a line of their own syntax, and the parts of majlis
 * that read it (the killfile is the fetcher's; views are the reader's; an
 * include is a guard line for those that connect, and only warned about
 * by the others).
 */
static const struct cfgword {
	const char	*name;
	void		(*line)(struct config *, struct cfgline *, char *);
	unsigned	 kind;
} cfgwords[] = {
	{ "bind",	line_bind,	CONFIG_READER },
	{ "color",	line_color,	CONFIG_READER },
	{ "macro",	line_macro,	CONFIG_READER },
	{ "highlight",	line_hl,	CONFIG_READER },
	{ "highlight-article", line_hl_article, CONFIG_READER },
	{ "highlight-feed", line_hl_feed, CONFIG_READER },
	{ "view",	line_view,	CONFIG_READER },
	{ "ignore",	line_ignore,	CONFIG_NET },
	{ "include",	line_include,	CONFIG_NET | CONFIG_READER },
};

static const struct cfgword *
cfgword_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(cfgwords); i++) {
		if (strcmp(cfgwords[i].name, name) == 0)
			return &cfgwords[i];
	}
	return NULL;
}

/* --- newsboat's config ------------------------------------------------- */

/*
 * A newsboat config is read as it is (majlis -c ~/.newsboat/config): each
 * of newsboat's keywords is mapped here onto what majlis has, in this one
 * table; one majlis has nothing for is named in a warning as newsboat's.
 * Keywords both share (browser, user-agent, proxy, text-width, color,
 * include, goto-first-unread, goto-next-feed, refresh-on-startup,
 * highlight, highlight-article, highlight-feed,
 * http-auth-method, articlelist-format, feedlist-format,
 * openbrowser-and-mark-jumps-to-next-unread) are majlis's own, with the
 * same syntax.  Newsboat's durations are minutes.
 */
enum nb_how {
	NB_SETTING,	/* the majlis setting "to", the value as it is */
	NB_LINE,	/* a majlis line "to" (cfgwords[]), the same words */
	NB_BIND,	/* bind-key KEY OP [DIALOG] */
	NB_UNBIND,	/* unbind-key KEY | -a */
	NB_PROXY_TYPE,	/* the proxy's scheme (newsboat_finish) */
	NB_USE_PROXY,	/* no: no proxy (newsboat_finish) */
	NB_AUTO_RELOAD,	/* reload-interval on or off (newsboat_finish) */
	NB_RELOAD_TIME,	/* reload-interval in minutes, with auto-reload */
	NB_IGNORE_MODE,	/* download is what majlis always does */
	NB_NONE		/* majlis has no equivalent */
};

static const struct newsboat_key {
	const char	*name;		/* ending in '-': a prefix */
	enum nb_how	 how;
	const char	*to;
} newsboat_keys[] = {
	{ "always-display-description",	NB_NONE,	NULL },
	{ "article-sort-order",		NB_NONE,	NULL },
	{ "articlelist-title-format",	NB_NONE,	NULL },
	{ "auto-reload",		NB_AUTO_RELOAD,	NULL },
	{ "bind-key",			NB_BIND,	NULL },
	{ "bookmark-autopilot",		NB_NONE,	NULL },
	{ "bookmark-cmd",		NB_SETTING,	"bookmark-cmd" },
	{ "bookmark-interactive",	NB_NONE,	NULL },
	{ "cache-file",			NB_NONE,	NULL },
	{ "cleanup-on-quit",		NB_NONE,	NULL },
	{ "confirm-exit",		NB_SETTING,	"confirm-quit" },
	{ "confirm-mark-all-feeds-read", NB_NONE,	NULL },
	{ "confirm-mark-feed-read",	NB_NONE,	NULL },
	{ "cookie-cache",		NB_SETTING,	"cookie-cache" },
	{ "datetime-format",		NB_SETTING,	"date-format" },
	{ "define-filter",		NB_NONE,	NULL },
	{ "delete-read-articles-on-quit", NB_NONE,	NULL },
	{ "dialogs-title-format",	NB_NONE,	NULL },
	{ "display-article-progress",	NB_NONE,	NULL },
	{ "download-full-page",		NB_NONE,	NULL },
	{ "download-path",		NB_NONE,	NULL },
	{ "download-retries",		NB_NONE,	NULL },
	{ "download-timeout",		NB_SETTING,	"timeout" },
	{ "error-log",			NB_NONE,	NULL },
	{ "external-url-viewer",	NB_NONE,	NULL },
	{ "feed-sort-order",		NB_NONE,	NULL },
	{ "feedbin-",			NB_NONE,	NULL },
	{ "feedhq-",			NB_NONE,	NULL },
	{ "feedlist-title-format",	NB_NONE,	NULL },
	{ "freshrss-",			NB_NONE,	NULL },
	{ "help-title-format",		NB_NONE,	NULL },
	{ "history-limit",		NB_NONE,	NULL },
	{ "html-renderer",		NB_NONE,	NULL },
	{ "ignore-article",		NB_LINE,	"ignore" },
	{ "ignore-mode",		NB_IGNORE_MODE,	NULL },
	{ "inoreader-",			NB_NONE,	NULL },
	{ "itemview-title-format",	NB_NONE,	NULL },
	{ "keep-articles-days",		NB_SETTING,	"keep-days" },
	{ "mark-as-read-on-hover",	NB_NONE,	NULL },
	{ "markfeedread-jumps-to-next-unread", NB_NONE,	NULL },
	{ "max-browser-tabs",		NB_NONE,	NULL },
	{ "max-download-speed",		NB_NONE,	NULL },
	{ "max-downloads",		NB_NONE,	NULL },
	{ "max-items",			NB_SETTING,	"keep-posts" },
	{ "miniflux-",			NB_NONE,	NULL },
	{ "newsblur-",			NB_NONE,	NULL },
	{ "notify-always",		NB_NONE,	NULL },
	{ "notify-beep",		NB_NONE,	NULL },
	{ "notify-format",		NB_NONE,	NULL },
	{ "notify-program",		NB_SETTING,	"notify-command" },
	{ "notify-screen",		NB_NONE,	NULL },
	{ "notify-xterm",		NB_NONE,	NULL },
	{ "ocnews-",			NB_NONE,	NULL },
	{ "oldreader-",			NB_NONE,	NULL },
	{ "opml-url",			NB_NONE,	NULL },
	{ "pager",			NB_NONE,	NULL },
	{ "player",			NB_NONE,	NULL },
	{ "podcast-auto-enqueue",	NB_NONE,	NULL },
	{ "podlist-format",		NB_NONE,	NULL },
	{ "prepopulate-query-feeds",	NB_NONE,	NULL },
	{ "proxy-auth",			NB_NONE,	NULL },
	{ "proxy-auth-method",		NB_NONE,	NULL },
	{ "proxy-type",			NB_PROXY_TYPE,	NULL },
	{ "reload-only-visible-feeds",	NB_NONE,	NULL },
	{ "reload-threads",		NB_SETTING,	"max-connections" },
	{ "reload-time",		NB_RELOAD_TIME,	NULL },
	{ "reset-unread-on-update",	NB_NONE,	NULL },
	{ "run-on-startup",		NB_NONE,	NULL },
	{ "save-path",			NB_SETTING,	"save-dir" },
	{ "scrolloff",			NB_NONE,	NULL },
	{ "search-highlight-colors",	NB_NONE,	NULL },
	{ "selecttag-format",		NB_NONE,	NULL },
	{ "show-keymap-hint",		NB_NONE,	NULL },
	{ "show-read-articles",		NB_SETTING,	"show-read" },
	{ "show-read-feeds",		NB_SETTING,	"show-read" },
	{ "show-title-bar",		NB_NONE,	NULL },
	{ "ssl-verifyhost",		NB_SETTING,	"ssl-verify" },
	{ "ssl-verifypeer",		NB_SETTING,	"ssl-verify" },
	{ "suppress-first-reload",	NB_NONE,	NULL },
	{ "swap-title-and-hints",	NB_NONE,	NULL },
	{ "ttrss-",			NB_NONE,	NULL },
	{ "unbind-key",			NB_UNBIND,	NULL },
	{ "urls-source",		NB_NONE,	NULL },
	{ "urlview-title-format",	NB_NONE,	NULL },
	{ "use-proxy",			NB_USE_PROXY,	NULL },
	{ "wrap-scroll",		NB_NONE,	NULL },
};

/*
 * newsboat's operations (bind-key, macro) whose majlis action has another
 * name; one named as a majlis action (open, quit, reload, next-unread,
 * help...) is that action.
 */
static const struct {
	const char	*op;
	const char	*action;
} newsboat_ops[] = {
	{ "pageup",			"page-up" },
	{ "pagedown",			"page-down" },
	{ "home",			"top" },
	{ "end",			"bottom" },
	{ "toggle-article-read",	"toggle-read" },
	{ "mark-feed-read",		"mark-all-read" },
	{ "next-unread-feed",		"next-feed" },
	{ "prev-unread-feed",		"prev-feed" },
	{ "set-filter",			"filter" },
	{ "select-tag",			"filter-tag" },
	{ "clear-tag",			"clear-filter" },
	{ "toggle-show-read-feeds",	"toggle-show-read" },
	{ "rev-sort",			"sort" },
	{ "pipe-to",			"pipe" },
	{ "show-urls",			"links" },
};

static const struct newsboat_key *
newsboat_find(const char *name)
{
	size_t	 i, n;

	for (i = 0; i < nitems(newsboat_keys); i++) {
		n = strlen(newsboat_keys[i].name);
		if (newsboat_keys[i].name[n - 1] == '-' ?
		    strncmp(newsboat_keys[i].name, name, n) == 0 :
		    strcmp(newsboat_keys[i].name, name) == 0)
			return &newsboat_keys[i];
	}
	return NULL;
}

/* The majlis action for newsboat's operation op, or NULL. */
static const char *
newsboat_action(const char *op)
{
	size_t	 i;

	for (i = 0; i < nitems(newsboat_ops); i++) {
		if (strcmp(newsboat_ops[i].op, op) == 0)
			return newsboat_ops[i].action;
	}
	return ui_action_by_name(op) != UA_NONE ? op : NULL;
}

/* Report newsboat's operation op as one majlis has no action for. */
static void
newsboat_no_op(struct cfgline *cl, const char *what, const char *op)
{
	char	*v = shown(op);

	cfg_error(cl, _("%s: newsboat's operation '%s' has no majlis action"),
	    what, v);
	free(v);
}

/*
 * newsboat's macro KEY OP [ARG...] ; OP ... [-- "WHAT"], run after a
 * comma there.  majlis runs a macro on its own key, so one on a key that
 * already does something here is not taken (it would hide that), and an
 * operation with arguments (set browser ...) has nothing to map to.
 */
static void
line_newsboat_macro(struct config *cfg, struct cfgline *cl, char **words,
    int n)
{
	char		*acts[32], *w, *op = NULL, *why, canon[CONFIG_KEYLEN];
	char		*v;
	const char	*a;
	size_t		 len;
	int		 i, k = 0, nop = 0, end, semi;

	acts[k++] = words[0];
	for (i = 1; i <= n; i++) {
		end = i == n || strcmp(words[i], "--") == 0;
		if (!end) {
			w = words[i];
			len = strlen(w);
			if ((semi = len > 0 && w[len - 1] == ';'))
				w[--len] = '\0';
			if (len > 0 && nop++ == 0)
				op = w;
			if (!semi)
				continue;
		}
		/* The end of one command. */
		if (nop > 1) {
			v = shown(op);
			cfg_error(cl, _("macro: newsboat's command '%s' takes "
			    "arguments, which a majlis macro cannot"), v);
			free(v);
			return;
		}
		if (nop == 1) {
			if ((a = newsboat_action(op)) == NULL) {
				newsboat_no_op(cl, "macro", op);
				return;
			}
			acts[k++] = (char *)(uintptr_t)a;
		}
		nop = 0;
		if (end)
			break;
	}
	if (config_key_canon(words[0], canon, sizeof canon) == 0 &&
	    (a = config_action(cfg, canon)) != NULL) {
		v = shown(words[0]);
		cfg_error(cl, _("macro: %s is the key of %s here (newsboat's "
		    "macros follow a comma)"), v, a);
		free(v);
		return;
	}
	if (config_macro(cfg, acts, k, &why) == -1) {
		cfg_error(cl, "%s", why);
		free(why);
	}
}

/* A line of newsboat's, nb its keyword; p is after the keyword. */
static void
line_newsboat(struct config *cfg, struct cfgline *cl,
    const struct newsboat_key *nb, char *p)
{
	static const char *const proxy_types[] = {
		"http", "socks4", "socks4a", "socks5", "socks5h", NULL
	};
	const struct setting *st;
	const struct cfgword *w;
	const char	*a;
	char		*words[4], *value, *why, *v;
	int64_t		 n;
	int		 i, nw;

	switch (nb->how) {
	case NB_SETTING:
		st = setting_find(nb->to);
		line_setting(cfg, cl, st, nb->name, p);
		return;
	case NB_LINE:
		w = cfgword_find(nb->to);
		cl->kind = w->kind;
		w->line(cfg, cl, p);
		return;
	case NB_BIND:
	case NB_UNBIND:
		cl->kind = CONFIG_READER;
		if ((nw = split_words(cl, p, words, nitems(words))) == -1)
			return;
		if (nb->how == NB_UNBIND && nw == 1 &&
		    strcmp(words[0], "-a") == 0) {
			cfg->nbindings = 0;
			return;
		}
		/* A DIALOG after the operation: majlis's keys are global. */
		if (nb->how == NB_BIND ? nw < 2 || nw > 3 : nw < 1 || nw > 2) {
			cfg_error(cl, nb->how == NB_BIND ?
			    _("bind-key: expected KEY OPERATION [DIALOG]") :
			    _("unbind-key: expected KEY [DIALOG] or -a"));
			return;
		}
		if (nb->how == NB_UNBIND)
			a = "none";
		else if ((a = newsboat_action(words[1])) == NULL) {
			newsboat_no_op(cl, nb->name, words[1]);
			return;
		}
		if (config_bind(cfg, words[0], a, &why) == -1) {
			cfg_error(cl, "%s: %s", nb->name, why);
			free(why);
		}
		return;
	case NB_PROXY_TYPE:
	case NB_USE_PROXY:
	case NB_AUTO_RELOAD:
	case NB_RELOAD_TIME:
	case NB_IGNORE_MODE:
		break;
	case NB_NONE:
		v = shown(nb->name);
		cfg_error(cl, _("'%s' is a newsboat setting majlis does not "
		    "have"), v);
		free(v);
		return;
	}

	cl->kind = nb->how == NB_AUTO_RELOAD || nb->how == NB_RELOAD_TIME ?
	    CONFIG_READER : nb->how == NB_IGNORE_MODE ? CONFIG_NET :
	    CONFIG_NET | CONFIG_READER;
	guard_line(cl, nb->how == NB_PROXY_TYPE || nb->how == NB_USE_PROXY);
	if ((value = line_value(cl, p)) == NULL)
		return;
	switch (nb->how) {
	case NB_PROXY_TYPE:
		for (i = 0; proxy_types[i] != NULL; i++) {
			if (strcasecmp(value, proxy_types[i]) == 0)
				break;
		}
		if (proxy_types[i] == NULL) {
			v = shown(value);
			cfg_error(cl, _("%s: '%s' is not one of %s"), nb->name, v,
			    "http, socks4, socks4a, socks5, socks5h");
			free(v);
			return;
		}
		free(cl->r->nb_proxy_type);
		cl->r->nb_proxy_type = xstrdup(proxy_types[i]);
		return;
	case NB_IGNORE_MODE:
		/* The killfile is applied as posts are stored, never shown. */
		if (strcasecmp(value, "download") != 0) {
			v = shown(value);
			cfg_error(cl, _("%s: majlis leaves ignored posts out as "
			    "they are fetched (download), not '%s'"), nb->name,
			    v);
			free(v);
		}
		return;
	case NB_RELOAD_TIME:
		if (num_parse(value, &n) == -1 || n < 1 || n > INT32_MAX / 60) {
			v = shown(value);
			cfg_error(cl, _("%s: '%s' is not a number of minutes"),
			    nb->name, v);
			free(v);
			return;
		}
		cl->r->nb_reload_time = (int)n;
		return;
	default:
		break;
	}
	if (parse_bool(value, &i) == -1) {
		v = shown(value);
		cfg_error(cl, _("%s: '%s' is not yes or no"), nb->name, v);
		free(v);
		return;
	}
	if (nb->how == NB_USE_PROXY)
		cl->r->nb_use_proxy = i;
	else if (nb->how == NB_AUTO_RELOAD)
		cl->r->nb_auto_reload = i;
}

/*
 * newsboat's settings that mean something together, once the whole file
 * is read: use-proxy, proxy-type and proxy; auto-reload and reload-time
 * (60 minutes unless said).
 */
static void
newsboat_finish(struct config *cfg, struct cfgread *r, const char *name)
{
	char	*p;

	if (r->nb_auto_reload != -1)
		cfg->reload_interval = !r->nb_auto_reload ? 0 :
		    (r->nb_reload_time != -1 ? r->nb_reload_time : 60) * 60;
	if (r->nb_use_proxy == 0) {
		free(cfg->proxy);
		cfg->proxy = NULL;
	} else if (r->nb_use_proxy == 1 && cfg->proxy == NULL) {
		xasprintf(&p, _("%s: use-proxy is yes but no proxy is set"),
		    name);
		if ((r->uses & (CONFIG_NET | CONFIG_READER)) && r->err == NULL)
			r->err = xstrdup(p);
		if (r->first == NULL)
			r->first = xstrdup(p);
		free(p);
	}
	if (r->nb_proxy_type != NULL && cfg->proxy != NULL &&
	    strstr(cfg->proxy, "://") == NULL) {
		xasprintf(&p, "%s://%s", r->nb_proxy_type, cfg->proxy);
		free(cfg->proxy);
		cfg->proxy = p;
	}
}

/*
 * The guard setting (or newsboat's guard keyword) whose name an unknown
 * key is a typo of (at most two letters added, left out or changed:
 * "prxy", "user_agent"), or NULL.  Such a line is a guard line too:
 * "prxoy = ..." skipped would be a direct connection as surely as a bad
 * value of proxy.
 */
static const char *
guard_near(const char *key)
{
	static const char *const newsboat_guards[] = {
		"use-proxy", "proxy-type"
	};
	const char	*name;
	size_t		 d[32], i, j, klen = strlen(key), n, prev, tmp, k;

	if (klen < 4 || klen >= nitems(d))
		return NULL;
	for (k = 0; k < nitems(settings) + nitems(newsboat_guards); k++) {
		if (k < nitems(settings)) {
			if (!(settings[k].flags & SET_GUARD))
				continue;
			name = settings[k].name;
		} else
			name = newsboat_guards[k - nitems(settings)];
		/* Levenshtein distance, one row at a time. */
		n = strlen(name);
		for (j = 0; j <= klen; j++)
			d[j] = j;
		for (i = 1; i <= n; i++) {
			prev = d[0];
			d[0] = i;
			for (j = 1; j <= klen; j++) {
				tmp = d[j];
				d[j] = prev + (ascii_lower(name[i - 1]) !=
				    ascii_lower(key[j - 1]));
				if (d[j - 1] + 1 < d[j])
					d[j] = d[j - 1] + 1;
				if (tmp + 1 < d[j])
					d[j] = tmp + 1;
				prev = tmp;
			}
		}
		if (d[klen] <= 2)
			return name;
	}
	return NULL;
}

/* One line, NUL-terminated, without its newline. */
static void
config_line(struct config *cfg, struct cfgline *cl, char *line)
{
	const struct cfgword		*w;
	const struct setting		*st;
	const struct newsboat_key	*nb;
	const char			*near;
	char				*p = line, *key, c, *v;

	cl->kind = 0;
	guard_line(cl, 0);
	while (ascii_blank(*p))
		p++;
	if (*p == '\0' || *p == '#')
		return;
	key = p;
	while (*p != '\0' && !ascii_blank(*p) && *p != '=')
		p++;
	c = *p;
	*p = '\0';
	if (c != '=' && (w = cfgword_find(key)) != NULL) {
		cl->kind = w->kind;
		w->line(cfg, cl, p + (c != '\0'));
	} else if ((st = setting_find(key)) != NULL) {
		*p = c;
		line_setting(cfg, cl, st, NULL, p);
	} else if ((nb = newsboat_find(key)) != NULL) {
		*p = c;
		line_newsboat(cfg, cl, nb, p);
	} else if ((near = guard_near(key)) != NULL) {
		/* Every guard setting is the network's. */
		cl->kind = CONFIG_NET | CONFIG_READER;
		guard_line(cl, 1);
		v = shown(key);
		cfg_error(cl, _("unknown setting '%s' (%s misspelt?)"), v,
		    near);
		free(v);
	} else {
		v = shown(key);
		cfg_error(cl, _("unknown setting '%s'"), v);
		free(v);
	}
}

/* Apply the config text data (len bytes), named name in messages. */
static void
cfg_text(struct config *cfg, struct cfgread *r, const char *data,
    size_t len, const char *name)
{
	struct cfgline	 cl;
	const char	*p = data, *end = data + len, *nl;
	char		*line;
	size_t		 n;

	memset(&cl, 0, sizeof cl);
	cl.r = r;
	cl.name = name;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		cl.lineno++;
		cl.kind = 0;
		guard_line(&cl, 0);
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
			config_line(cfg, &cl, line);
			free(line);
		}
		p = nl + 1;
	}
}

/*
 * Read the file at path and apply it, for the include line at cl: a file
 * that cannot be read, one more than CONFIG_INCLUDE_DEPTH deep, or one
 * that includes itself (the files of the cycle named) is an error there.
 */
static void
cfg_file(struct config *cfg, struct cfgread *r, struct cfgline *cl,
    const char *path)
{
	struct buf	 chain;
	char		*real, *data, *v;
	size_t		 len;
	int		 i;

	if (r->depth == CONFIG_INCLUDE_DEPTH) {
		cfg_error(cl, _("include: more than %d files deep"),
		    CONFIG_INCLUDE_DEPTH);
		return;
	}
	if ((real = realpath(path, NULL)) == NULL ||
	    read_file(path, &data, &len) == -1) {
		v = shown(path);
		cfg_error(cl, _("include: %s: %s"), v, strerror(errno));
		free(v);
		free(real);
		return;
	}
	for (i = 0; i <= r->depth; i++) {
		if (strcmp(r->files[i].real, real) != 0)
			continue;
		buf_init(&chain);
		for (; i <= r->depth; i++)
			buf_addf(&chain, "%s -> ", r->files[i].name);
		buf_adds(&chain, path);
		v = shown(buf_str(&chain));
		cfg_error(cl, _("include: a cycle: %s"), v);
		free(v);
		buf_free(&chain);
		free(real);
		free(data);
		return;
	}
	r->depth++;
	r->files[r->depth].real = real;
	r->files[r->depth].name = path;
	cfg_text(cfg, r, data, len, path);
	r->depth--;
	free(real);
	free(data);
}

/*
 * Apply the config text data (len bytes; name is the file name for
 * messages, its directory where include looks) to cfg, for a command that
 * uses the parts uses (CONFIG_*).  Every good line is applied and every
 * bad one skipped (cfg_error()).  Returns 0, or -1 with *err set to a heap
 * string "NAME:LINE: WHY" for the guard line that makes the command refuse
 * to run.  *warn (heap, or NULL) holds one "NAME:LINE: WHY (ignored)" line
 * for each line skipped, *nwarn their number.
 */
static int
config_parse_for(struct config *cfg, const char *data, size_t len,
    const char *name, unsigned uses, char **err, char **warn, size_t *nwarn,
    char **first)
{
	struct cfgread	 r;
	char		*real;

	memset(&r, 0, sizeof r);
	r.uses = uses;
	r.nb_use_proxy = r.nb_auto_reload = r.nb_reload_time = -1;
	buf_init(&r.warn);
	real = realpath(name, NULL);
	r.files[0].real = real != NULL ? real : xstrdup(name);
	r.files[0].name = name;
	cfg_text(cfg, &r, data, len, name);
	newsboat_finish(cfg, &r, name);
	free(r.files[0].real);
	free(r.nb_proxy_type);
	*warn = r.warn.len > 0 ? buf_take(&r.warn) : NULL;
	buf_free(&r.warn);
	*nwarn = r.nwarn;
	if (first != NULL)
		*first = r.first;
	else
		free(r.first);
	if (r.err != NULL) {
		*err = r.err;
		return -1;
	}
	return 0;
}

/*
 * config_parse_for() for the reader, which uses every line, and strict:
 * returns -1 with the first mistake (whether skipped or not) in *err.
 */
int
config_parse(struct config *cfg, const char *data, size_t len,
    const char *name, char **err)
{
	char	*warn, *first, *refused = NULL;
	size_t	 nwarn;

	config_parse_for(cfg, data, len, name, CONFIG_ALL, &refused, &warn,
	    &nwarn, &first);
	free(warn);
	free(refused);
	if (first == NULL)
		return 0;
	*err = first;
	return -1;
}

/*
 * Read the config file at path into cfg (config_parse_for).  A file that
 * does not exist is no error: cfg keeps what it had.  Returns 0, or -1 with
 * a heap message in *err.
 */
static int
config_load_for(struct config *cfg, const char *path, unsigned uses,
    char **err, char **warn, size_t *nwarn, char **first)
{
	char	*data;
	size_t	 len;
	int	 rc;

	*warn = NULL;
	*nwarn = 0;
	if (first != NULL)
		*first = NULL;
	if (read_file(path, &data, &len) == -1) {
		if (errno == ENOENT)
			return 0;
		xasprintf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = config_parse_for(cfg, data, len, path, uses, err, warn, nwarn,
	    first);
	free(data);
	return rc;
}

/* config_load_for() for every part, strict as config_parse() is. */
int
config_load(struct config *cfg, const char *path, char **err)
{
	char	*warn, *first, *refused = NULL;
	size_t	 nwarn;
	int	 rc;

	rc = config_load_for(cfg, path, CONFIG_ALL, &refused, &warn, &nwarn,
	    &first);
	free(warn);
	if (rc == -1 && first == NULL) {
		*err = refused;
		return -1;
	}
	free(refused);
	if (first == NULL)
		return 0;
	*err = first;
	return -1;
}

/*
 * The usual start: defaults, then the config file (override, or the XDG
 * default), for a command that uses the parts uses (CONFIG_*).  Each line
 * skipped is in *warn (heap, "FILE:LINE: WHY (ignored)" a line, or NULL),
 * *nwarn of them.  Returns 0, or -1 with *err saying why the command must
 * not run (a guard line, an unreadable file); cfg holds every good line
 * either way.
 */
int
config_read_warn(struct config *cfg, const char *override, unsigned uses,
    char **err, char **warn, size_t *nwarn)
{
	char	*path;
	int	 rc;

	config_defaults(cfg);
	path = config_path(override);
	rc = config_load_for(cfg, path, uses, err, warn, nwarn, NULL);
	free(path);
	return rc;
}

/*
 * config_read_warn() for a command: the lines skipped are written to
 * stderr ("majlis: FILE:LINE: WHY (ignored)"), once each.
 */
int
config_read(struct config *cfg, const char *override, unsigned uses,
    char **err)
{
	char	*warn, *line, *nl;
	size_t	 nwarn;
	int	 rc;

	rc = config_read_warn(cfg, override, uses, err, &warn, &nwarn);
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
	dst->hls = NULL;
	dst->nhls = 0;
	for (i = 0; i < src->nhls; i++)
		config_hl_add(dst, &src->hls[i]);
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
	for (i = 0; i < cfg->nhls; i++) {
		free(cfg->hls[i].loc);
		free(cfg->hls[i].expr);
		free(cfg->hls[i].look);
		if (cfg->hls[i].re != NULL)
			regfree(cfg->hls[i].re);
		free(cfg->hls[i].re);
		filter_free(cfg->hls[i].f);
	}
	free(cfg->hls);
	cfg->hls = NULL;
	cfg->nhls = 0;
}
