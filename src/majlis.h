/*
 * majlis: a terminal RSS/Atom aggregator.
 *
 * This is the one internal header (db-int.h adds the store's own).
 * Prototypes are grouped by the file that defines them, so the whole
 * program's surface can be read here, and the groups follow the path a
 * post takes:
 *
 *   1. fetch   fetch.c runs the transfers (curl multi), fetch-store.c
 *              hands each finished body to
 *   2. parse   parse.c (libxml2; parse-input.c repairs the bytes first),
 *              which makes a struct feed; subs.c, opml.c and newsboat.c
 *              read the lists of feeds that 'import' subscribes to
 *   3. store   db-store.c writes a parsed feed into the SQLite cache
 *              (db.c the connection, db-schema.c its tables)
 *   4. query   db-query.c answers every list of posts, db-feed.c and
 *              db-tag.c the feeds and tags, db-index.c the search index
 *   5. render  text.c, html.c, html-render.c, width.c, wrap.c and bidi.c
 *              make what a feed wrote safe and readable on a terminal
 *              (sanitize.c: on a page)
 *   6. the reader, ui*.c, and 7. the commands, cmd-*.c, show the result.
 *
 * Three programs share this code: majlis (the reader and the commands on
 * the cache), majlis-net (fetch, add, follow: libcurl) and majlis-xml
 * (parse, import, export, river: libxml2, and Gumbo for the river), so
 * that a command loads only the libraries it uses (prog-majlis.c;
 * Makefile.am says which file goes into which).
 *
 * The layers.  A file uses (calls, or reads the data of) files of its own
 * layer or below, never above; the prefix of a name tells its layer.
 * tests/integration/layers.sh reads this table and checks every object
 * file of a build against it, so a file that is in no row fails it:
 *
 *	layer 0 foundations:	xmalloc log buf text num path proc json date
 *				url entities lang i18n width
 *	layer 1 formats:	xml html html-render parse-input parse subs
 *				opml newsboat sanitize fetch-http wrap bidi
 *				fold stem filter search listfmt
 *	layer 2 store:		db db-*
 *	layer 3 services:	config config-* fetch fetch-* notify river
 *				sync sync-*
 *	layer 4 front ends:	cmd cmd-* ui ui-*
 *	layer 5 programs:	main prog-*
 *
 * Formats are pure: bytes or text in, structures or text out (filter.c and
 * search.c compile the user's languages into SQL text, which only the store
 * runs).  Inside layer 4 a command (cmd-*.c) uses no other command: what
 * they share is cmd.c's; and the reader (ui*) and the commands (cmd*) use
 * neither other.
 *
 * Ownership: a function that returns char * hands the caller a heap string
 * to free(); one whose name ends in _new, _get, _parse or _compile hands a
 * structure to free with the matching _free().  const char * arguments and
 * results are borrowed and never freed by the receiver.
 */
#ifndef MAJLIS_H
#define MAJLIS_H

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <regex.h>
#include <stdio.h>
#include <time.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif
#define printflike(a, b) __attribute__((__format__(__printf__, a, b)))

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/*
 * Messages (src/i18n.c): _() translates, N_() marks a message in a table
 * that is translated where it is shown, ngettext() picks the plural form
 * a count needs.  Without NLS (--disable-nls) they are the English text.
 */
#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)		gettext(s)
#else
#define _(s)		((const char *)(s))
#undef ngettext
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s)		s

/*
 * i18n.c: the locale, the catalogues, the reader's direction; the messages
 * of a file written for others in its own language, between
 * i18n_lang_begin(lang) and i18n_lang_end().
 */
void		 i18n_init(void);
int		 i18n_rtl(void);
const char	*i18n_messages_lang(void);
const char	*i18n_comma(void);
int		 i18n_yes(const char *);	/* an answer: y, yes, ... */
void		 i18n_lang_begin(const char *);
void		 i18n_lang_end(void);

/*
 * lang.c: lang_clean() makes a declared language a clean tag ("ckb-IQ"),
 * a heap string or NULL; lang_is_rtl() says whether a tag or a locale name
 * is written right to left (the one table).
 */
char		*lang_clean(const char *);
int		 lang_is_rtl(const char *);

/* The groups below follow the data, so a few types are used before them. */
struct db_feed;

/* Exit codes, as in the design's command-line contract. */
#define EXIT_OK		0	/* success */
#define EXIT_SOMEFAIL	1	/* ran, but a feed/post failed or was not found */
#define EXIT_USAGE	2	/* usage error, unreadable input, database error */

/* A date that is absent or could not be parsed. */
#define DATE_NONE	INT64_MIN

/* -------- foundations: memory, strings, UTF-8, JSON --------------------- */

/* xmalloc.c: allocation that never returns NULL (it aborts). */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...) printflike(2, 3);
int		 xvasprintf(char **, const char *, va_list) printflike(2, 0);
void		 strv_free(char **, size_t);	/* n heap strings + vector */

/*
 * proc.c: child processes, fork + exec only.  strv_add() appends a heap
 * string to a NULL-terminated vector; command_argv() splits a command at
 * blanks (a heap vector of *n heap strings: strv_free(v, *n));
 * proc_devnull(mask) in a child; proc_wait() waits across EINTR.
 */
void		 strv_add(char ***, size_t *, char *);
char		**command_argv(const char *, size_t *);
void		 proc_devnull(int);
int		 proc_wait(pid_t, int *);

/* log.c: "majlis: WHAT: WHY" on stderr, made terminal-safe. */
void		 warnx_(const char *, ...) printflike(1, 2);
__dead void	 fatalx(const char *, ...) printflike(1, 2);
extern const char *progname;

/*
 * num.c: numbers as the user writes them (config, feed settings, filters):
 * num_parse() a plain number, num_seconds() a duration ("30m"), num_size()
 * bytes ("16M").  Each returns 0 with *out set, or -1.
 */
int		 num_parse(const char *, int64_t *);
int		 num_seconds(const char *, int64_t *);
int		 num_size(const char *, int64_t *);
/* num_seconds_format(secs, buf, len): "6h" for 21600; returns buf. */
char		*num_seconds_format(int64_t, char *, size_t);
/* num_clock() reads "1:02:03" (itunes:duration); num_clock_format() */
int		 num_clock(const char *, int64_t *);
char		*num_clock_format(int64_t, char *, size_t);	/* "1:02:03" */
char		*num_size_format(int64_t, char *, size_t);	/* "12.3 MB" */

/*
 * path.c: where things are.  config_path(override) the config file
 * (override from -c or MAJLIS_CONFIG, else the XDG one), data_path(name)
 * a file in the data directory, exec_path(program) a helper program,
 * beside_self(name, mode) a file beside the running binary or NULL: heap
 * strings.  path_mkparent() makes the missing directories above a path
 * (0700).  read_file() reads a whole file ("-": stdin) into a heap buffer,
 * NUL-terminated; 0, or -1 with errno set.  path_expand(path) is path with
 * a leading "~/" as $HOME (a heap string).
 */
char		*path_expand(const char *);
char		*config_path(const char *);
char		*data_path(const char *);
int		 path_mkparent(const char *);
char		*exec_path(const char *);
char		*beside_self(const char *, int);
int		 read_file(const char *, char **, size_t *);
/* Overwrite a file with zeros, sync and unlink it: 0, -1 errno (path.c). */
int		 path_shred(const char *);
/* fopen(path, append ? "a" : "w"), a new file 0600: NULL, errno (path.c) */
FILE		*path_create(const char *, int);

/*
 * buf.c: a growable byte string.  s is always NUL-terminated once anything
 * was added (buf_str() makes it so for an empty buffer too).  buf_take()
 * hands the string to the caller and leaves the buffer empty.
 */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void		 buf_init(struct buf *);
void		 buf_reserve(struct buf *, size_t);
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_addc(struct buf *, int);
void		 buf_adds(struct buf *, const char *);
void		 buf_addf(struct buf *, const char *, ...) printflike(2, 3);
void		 buf_reset(struct buf *);
const char	*buf_str(struct buf *);
char		*buf_take(struct buf *);
void		 buf_free(struct buf *);
int		 buf_list_has(const struct buf *, const char *, size_t, int);
int		 buf_list_add(struct buf *, const char *, size_t);

/*
 * Eight bytes at a time, as one uint64_t (the usual bit tricks): the high
 * bit of a byte of the result is set where a byte of v equals c, or is
 * below n.  The answer is exact for "is there any"; a byte above a match
 * may be flagged too.  swar_below() wants bytes without their high bit.
 */
#define SWAR_ONES	0x0101010101010101ULL
#define SWAR_HIGHS	0x8080808080808080ULL
static inline uint64_t
swar_eq(uint64_t v, unsigned char c)
{
	uint64_t	 x = v ^ (SWAR_ONES * c);

	return (x - SWAR_ONES) & ~x & SWAR_HIGHS;
}
static inline uint64_t
swar_below(uint64_t v, unsigned char n)
{
	return (v - SWAR_ONES * n) & ~v & SWAR_HIGHS;
}

/*
 * ASCII's classes, whatever the locale: feeds, URLs, HTML and the config
 * are parsed by their specifications' ASCII rules, and <ctype.h> would
 * follow the user's locale (and wants an unsigned char).
 */
static inline int ascii_alpha(int c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int ascii_digit(int c) { return c >= '0' && c <= '9'; }
static inline int ascii_alnum(int c) { return ascii_alpha(c) || ascii_digit(c); }
static inline int ascii_blank(int c) { return c == ' ' || c == '\t'; }
static inline int ascii_space(int c) {
	return c == ' ' || (c >= '\t' && c <= '\r');	/* \t \n \v \f \r */
}
static inline int ascii_lower(int c) {
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* text.c: UTF-8 decoding, validation and terminal-safe text. */
#define UTF8_REPLACEMENT 0xfffd
size_t		 utf8_decode(const char *, size_t, uint32_t *);
void		 utf8_encode(struct buf *, uint32_t);
int		 utf8_valid(const char *, size_t);
char		*utf8_sanitize(const char *, size_t);
int		 text_is_unsafe(uint32_t);
char		*text_safe(const char *);
/* The one word for a post without a title: reader, commands, article. */
#define TEXT_UNTITLED N_("(untitled)")
void		 text_trim(struct buf *);

/*
 * json.c: a small JSON writer.  It keeps the nesting state so that callers
 * never write commas by hand; strings are escaped and invalid UTF-8 is
 * replaced by U+FFFD, so the output is always valid JSON.  Output is
 * gathered in out[] and reaches fp when it is full, when a top-level value
 * is complete and at json_end(): callers must not write to fp themselves
 * while a value is open.
 */
#define JSON_MAXDEPTH 16
#define JSON_BUFSIZE 65536
struct json {
	FILE	*fp;
	int	 depth;
	int	 count[JSON_MAXDEPTH];	/* values written at each level */
	int	 afterkey;		/* a key was just written */
	int	 pretty;
	size_t	 len;			/* bytes waiting in out */
	char	 out[JSON_BUFSIZE];
};
void		 json_init(struct json *, FILE *, int);
void		 json_begin_object(struct json *);
void		 json_end_object(struct json *);
void		 json_begin_array(struct json *);
void		 json_end_array(struct json *);
void		 json_key(struct json *, const char *);
void		 json_string(struct json *, const char *);
void		 json_strings(struct json *, char *const *, size_t);
void		 json_int(struct json *, int64_t);
void		 json_date(struct json *, int64_t);
void		 json_bool(struct json *, int);
void		 json_null(struct json *);
void		 json_end(struct json *);

/*
 * json.c's reader: json_parse() makes a tree of a whole document (NULL if
 * it is not JSON), to free with jval_free().  A number keeps its text in s
 * (an id of 64 bits is no double); an object's members have their key.
 * jval_get() and jval_str() look a member up (NULL: none, or v is no
 * object); the results are borrowed from the tree.
 */
enum jval_type {
	JVAL_NULL, JVAL_TRUE, JVAL_FALSE, JVAL_NUMBER, JVAL_STRING,
	JVAL_ARRAY, JVAL_OBJECT
};
struct jval {
	enum jval_type	 type;
	char		*key;		/* an object's member: its name */
	char		*s;		/* a string, a number's text */
	struct jval	**v;		/* an array's or object's members */
	size_t		 n;
};
struct jval	*json_parse(const char *, size_t);
void		 jval_free(struct jval *);
const struct jval *jval_get(const struct jval *, const char *);
const char	*jval_str(const struct jval *, const char *);

/* -------- the programs, their commands and settings --------------------- */

/*
 * main.c: global options, then the command from the program's table
 * (prog-majlis.c, prog-net.c, prog-xml.c: one of them is linked into each
 * program).  Each command's exec gets the global context and its own
 * argv (argv[0] is the command's name) and returns an exit code.
 */
struct ctx {
	const char	*db_path;	/* -d, MAJLIS_DB, or NULL for the default */
	const char	*config_path;	/* -c, MAJLIS_CONFIG, or NULL */
	int		 refresh;	/* -r: the reader fetches at its start */
};
struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments, after the name */
	const char	*help;		/* one line */
	int		(*exec)(struct ctx *, int, char **);
};
extern const struct cmd_entry *cmd_table[];
extern int	(*const cmd_none)(struct ctx *);	/* no command; NULL: usage */

/*
 * prog-majlis.c hands fetch, add, follow and sync to majlis-net (the network),
 * parse, import, export and river to majlis-xml (libxml2), running the
 * program found by exec_path() in its place.
 */
#define NET_PROGRAM	"majlis-net"
#define XML_PROGRAM	"majlis-xml"

/*
 * config.c: XDG paths, the config file, settings with their defaults
 * (no curses: key bindings and colours are config-keys.c's, below).
 * config_defaults() fills a struct config; config_load() adds the file to
 * it, every good line (a bad one is skipped): -1 if there was a bad one,
 * *err a heap string "FILE:LINE: WHY" for the first.  config_read() and
 * config_read_warn() refuse only for a guard line (config.c).
 * config_free() frees what it holds.
 */
#define CONFIG_KEYLEN	16
enum config_sort { CONFIG_SORT_NEWEST, CONFIG_SORT_OLDEST };
enum config_element {
	EL_BACKGROUND, EL_LISTNORMAL, EL_LISTFOCUS, EL_LISTNORMAL_UNREAD,
	EL_LISTFOCUS_UNREAD, EL_INFO, EL_TITLE, EL_ARTICLE, EL_DATE, EL_LINK,
	EL_TAG, EL_HINT, EL_SEARCH, EL_ERROR,
	CONFIG_NCOLORS
};
struct config_binding {
	char		 key[CONFIG_KEYLEN];	/* canonical name */
	const char	*action;		/* static */
};
struct config_color {
	short		 fg, bg;	/* -1 the terminal's default, or 0-255 */
	int		 attrs;		/* curses A_* */
};
/* The reader's direction: from the language (i18n_rtl), or forced. */
enum config_layout {
	CONFIG_LAYOUT_AUTO = 0,
	CONFIG_LAYOUT_LTR,
	CONFIG_LAYOUT_RTL
};
/* The keyboard the user types Arabic script on (keyboard-layout). */
enum config_keyboard {
	CONFIG_KEYBOARD_AUTO = 0,	/* by the messages' language */
	CONFIG_KEYBOARD_ARABIC,		/* the standard Arabic (101) layout */
	CONFIG_KEYBOARD_KURDISH,	/* the Sorani Kurdish layout */
	CONFIG_KEYBOARD_NONE
};
struct config {
	int		 max_connections;	/* transfers in flight */
	int		 max_per_host;
	char		*user_agent;
	char		*proxy;			/* NULL: none */
	int		 proxy_only;		/* through proxy, or not at all */
	int		 tor;			/* proxy-only via Tor, isolated */
	int		 http_auth;		/* enum http_auth */
	char		*netrc_file;		/* NULL: none */
	char		*ca_file;		/* NULL: the system's */
	int		 ssl_verify;		/* check TLS certificates */
	char		*cookie_cache;		/* cookie jar file; NULL: none */
	char		*resolve;		/* "HOST:PORT:ADDR ...", NULL */
	int		 connect_timeout;	/* seconds */
	int		 timeout;		/* seconds, whole transfer; 0 none */
	int		 low_speed_time;	/* seconds below the limit; 0 off */
	int64_t		 low_speed_limit;	/* bytes per second */
	int64_t		 max_size;		/* bytes, per response body */
	int		 reload_interval;	/* seconds, reader; 0 off */
	int		 keep_days;		/* 0: keep all */
	int		 keep_posts;		/* per feed; 0: keep all */
	int		 expire_unread;		/* retention takes unread too */
	char		*notify_command;	/* argv, after new posts */
	char		*pipe_command;		/* |: argv, the post on stdin */
	int		 pipe_html;		/* pipe-format = html */
	char		*save_dir;		/* w: NULL: $HOME */
	char		*enclosure_command;	/* E: argv, %u */
	char		*bookmark_cmd;		/* ^B: argv, URL, title, ... */
	int		 bidi;			/* enum bidi_mode (bidi.c) */
	char		*browser;		/* command; $BROWSER or xdg-open */
	int		 sort;			/* enum config_sort */
	int		 confirm_quit;
	int		 confirm_threshold;	/* ask before marking more */
	int		 show_read;
	int		 goto_first_unread;	/* a list opens on it */
	int		 goto_next_feed;	/* n past a feed's end: the next */
	int		 open_mark_next;	/* open-in-browser-and-mark-read */
						/* then goes to the next unread */
	char		*articlelist_format;	/* listfmt.c; NULL: majlis's */
	char		*feedlist_format;	/* the same, of the feed list */
	int		 refresh_on_startup;	/* the reader fetches first */
	char		*date_format;		/* strftime */
	int		 text_width;		/* article columns (80); 0 window */
	int		 layout;		/* enum config_layout */
	int		 keyboard;		/* enum config_keyboard */
	int		 backlog_days;		/* a new member's: read; 0 off */
	int		 quiet_days;		/* no post this long: quiet */
	int		 sync_server;		/* enum sync_kind; 0 none */
	char		*sync_url;		/* the server's API, or NULL */
	char		*sync_login;
	char		*sync_password_file;	/* the password is read from */
	char		*sync_password_command;	/* one of these, never set */
	char		*sync_starred_tag;	/* starred <-> this tag; NULL */
	struct config_binding *bindings;
	size_t		 nbindings;
	struct config_color colors[CONFIG_NCOLORS];	/* by config_element */
	struct config_rule *views;	/* view "NAME" "EXPR" */
	size_t		 nviews;
	struct config_rule *ignores;	/* ignore URL|* "EXPR" (killfile) */
	size_t		 nignores;
	struct config_rule *macros;	/* macro KEY ACTION...: the key, */
	size_t		 nmacros;	/* the actions joined by spaces */
	struct config_hl *hls;		/* highlight lines, in order */
	size_t		 nhls;
};
/*
 * A highlight line (newsboat's): "highlight WHERE REGEX FG [BG [ATTR...]]"
 * colours every match of REGEX in the views of where; "highlight-article
 * FILTER FG BG [ATTR...]" (where CONFIG_HL_POSTS) and "highlight-feed"
 * (CONFIG_HL_FEEDS) the list rows that FILTER matches.  re is expr
 * compiled (regex lines only; the config's, freed with it).
 */
#define CONFIG_HL_ARTICLE	0x1
#define CONFIG_HL_ARTICLELIST	0x2
#define CONFIG_HL_FEEDLIST	0x4
#define CONFIG_HL_POSTS		0x8	/* highlight-article */
#define CONFIG_HL_FEEDS		0x10	/* highlight-feed */
#define CONFIG_HL_MAX		200	/* lines kept; a mark is a byte */
struct config_hl {
	unsigned	 where;		/* CONFIG_HL_* */
	char		*loc;		/* highlight's WHERE as written */
	char		*expr;		/* the regex or the filter */
	char		*look;		/* FG BG ATTR... as written */
	struct config_color color;
	regex_t		*re;		/* NULL: a filter line */
	struct filter	*f;		/* compiled, a filter line's; else NULL */
};
/* A two-word line with a filter: a view's name or a killfile's feed. */
struct config_rule {
	char		*what;		/* view name; feed URL or "*" */
	char		*expr;		/* filter expression (filter.c) */
};
void		 config_defaults(struct config *);
void		 config_copy(struct config *, const struct config *);
void		 config_free(struct config *);
int		 config_parse(struct config *, const char *, size_t,
		     const char *, char **);
int		 config_load(struct config *, const char *, char **);
/* The parts of majlis that read a line of the config (config_read). */
#define CONFIG_NET	0x1	/* fetch, add: the network's settings */
#define CONFIG_SHOW	0x2	/* show, feeds: what the commands print */
#define CONFIG_READER	0x4	/* the reader: all, bindings and colours too */
#define CONFIG_ALL	(CONFIG_NET | CONFIG_SHOW | CONFIG_READER)
int		 config_read(struct config *, const char *, unsigned, char **);
int		 config_read_warn(struct config *, const char *, unsigned,
		     char **, char **, size_t *);
/* How deep include lines may nest below the config file. */
#define CONFIG_INCLUDE_DEPTH	8
char		*config_value(const struct config *, const char *);
const char	*config_setting_name(size_t);
void		 config_dump(const struct config *, struct buf *);
void		 config_dump_word(struct buf *, const char *);

/* -------- 1. fetch: HTTP in (majlis-net) -------------------------------- */

/*
 * fetch.c: the transfer engine (curl multi).  fetch_run() runs the jobs,
 * max_transfers at a time, per_host at most against one host, following up
 * to max_redirects redirects itself, and calls done(job, arg) as each one
 * finishes.  Inputs are borrowed for the run.  Results are valid during the
 * callback only and freed when it returns; take a string by setting its
 * field to NULL.  error is NULL exactly when status is 2xx or 304.
 */
#define FETCH_MAX_TRANSFERS	16
#define FETCH_PER_HOST		2
#define FETCH_STREAMS		8	/* HTTP/2: transfers a connection */
#define FETCH_CONNECT_TIMEOUT	20		/* seconds */
#define FETCH_LOW_SPEED_TIME	30		/* seconds under 1 byte/s */
#define FETCH_TOTAL_TIMEOUT	300		/* seconds for one transfer */
#define FETCH_MAX_SIZE		(16 * 1024 * 1024)
#define FETCH_MAX_REDIRECTS	5
/* tor = yes: Tor's SOCKS port, unless proxy names another. */
#define FETCH_TOR_PROXY		"socks5h://127.0.0.1:9050"
/*
 * The User-Agent of proxy-only mode: Tor Browser's (Firefox ESR 140, as
 * it says on every system), the most common one among Tor's users, in
 * place of one that names majlis and its version.
 */
#define FETCH_PRIVATE_UA	"Mozilla/5.0 (Windows NT 10.0; rv:140.0) " \
				"Gecko/20100101 Firefox/140.0"
/*
 * How a feed's credentials (in its URL, or for its host in the netrc file)
 * are sent: config "http-auth-method", in the order of its choices.
 */
enum http_auth {
	HTTP_AUTH_ANY, HTTP_AUTH_ANYSAFE, HTTP_AUTH_BASIC, HTTP_AUTH_DIGEST,
	HTTP_AUTH_DIGEST_IE, HTTP_AUTH_NTLM, HTTP_AUTH_NEGOTIATE
};
struct fetch_opts {
	int		 max_transfers;
	int		 per_host;
	const char	*user_agent;
	const char	*proxy;		/* NULL: curl's environment variables */
	int		 proxy_only;	/* every request through proxy, or none */
	int		 isolate;	/* a SOCKS login per host (tor = yes) */
	enum http_auth	 http_auth;
	const char	*netrc_file;	/* NULL: none */
	const char	*ca_file;	/* NULL: the system's CAs */
	int		 ssl_verify;	/* 0: certificates not checked */
	const char	*cookie_cache;	/* cookie jar read and written; NULL */
	const char	*resolve;	/* "HOST:PORT:ADDR ..." pinned, or NULL */
	long		 connect_timeout;	/* seconds */
	long		 low_speed_limit;	/* bytes/s; below it for ... */
	long		 low_speed_time;	/* ... this long (s): give up */
	long		 total_timeout;		/* seconds; 0: none */
	size_t		 max_size;	/* of a decoded body */
	int		 max_redirects;
	/* Called with done's arg before each wait on the network; or NULL. */
	void		(*idle)(void *);
};
struct fetch_job {
	/* in: borrowed */
	const char	*url;
	const char	*etag;		/* stored validators, or NULL */
	const char	*last_modified;
	const char	*proxy;		/* per-feed proxy, or NULL */
	void		*arg;		/* the caller's */
	/* out: valid in the callback */
	long		 status;	/* final HTTP status, 0 if none */
	struct buf	 body;		/* a 2xx body, decoded */
	char		*final_url;	/* URL of the final response */
	char		*moved_url;	/* new URL after 301/308, or NULL */
	char		*charset;	/* from Content-Type, or NULL */
	char		*content_type;	/* media type, lower case, or NULL */
	char		*new_etag;
	char		*new_last_modified;
	int64_t		 retry_after;	/* UTC seconds (429/503), or 0 */
	char		*error;		/* one line, or NULL */
};
typedef void (*fetch_done_cb)(struct fetch_job *, void *);
void		 fetch_opts_default(struct fetch_opts *);
struct config;
void		 fetch_opts_config(struct fetch_opts *, const struct config *);
int		 fetch_check_config(const struct config *);	/* stderr */
const char	*fetch_refused(const struct fetch_opts *, const char *,
		     const char *);
/* A curl easy handle (a CURL *) set up as every request is (fetch.c). */
const char	*fetch_easy_setup(void *, const struct fetch_opts *,
		     const char *);
/* tor = yes: the handle's own proxy login, unless the proxy has one. */
void		 fetch_proxy_login(void *, const struct fetch_opts *,
		     const char *, const char *);
/* A random number for a run's proxy logins, in size - 1 hex digits. */
void		 fetch_run_id(char *, size_t);
int		 fetch_run(struct fetch_job *, size_t, const struct fetch_opts *,
		     fetch_done_cb, void *);
void		 fetch_job_clear(struct fetch_job *);
char		*fetch_curl_message(int, const char *, int, int, size_t);
char		*fetch_transfer_error(void *, int, const char *, int, int,
		    size_t);
char		*fetch_error_said(const char *);

/* fetch-exec.c: exec: and filter: feeds, a command's output as a body. */
struct fetch_cmd;
struct fetch_cmd *fetch_cmd_start(const char *, int, long, size_t, char **);
int		 fetch_cmd_fds(const struct fetch_cmd *, int [2]);
int		 fetch_cmd_read(struct fetch_cmd *);
void		 fetch_cmd_finish(struct fetch_cmd *, struct fetch_job *);

/* fetch-http.c: pure helpers reading HTTP status and header lines. */
int		 http_status_line(const char *, size_t, long *, char **);
char		*http_header_value(const char *, size_t, const char *);
char		*http_media_type(const char *);
char		*http_charset(const char *);
int64_t		 http_retry_after(const char *, time_t);
char		*http_status_message(long, const char *);

/*
 * fetch-queue.c: the bounded queue from the network thread to the store
 * thread, and the store thread's commits told to the checkpoint thread;
 * see its top comment for the invariants.  A fetch_item is a finished
 * transfer, its body parsed; feed, keys and parse_err are the item's, and
 * so are the job's results.
 */
struct fetch_item {
	struct fetch_item	*next;		/* the queue's */
	struct fetch_job	 job;
	struct feed		*feed;		/* NULL: no body, or not a feed */
	char			**keys;		/* entry_key() of each entry */
	int64_t			*hashes;	/* db_entry_hash() of each */
	char			*parse_err;	/* why it is not a feed */
	int			 parsed;	/* else the body is parsed as stored */
	size_t			 bytes;		/* counted against the bound */
};
struct fetch_queue;
struct fetch_queue *fetch_queue_new(void);	/* NULL: no locks */
void		 fetch_queue_free(struct fetch_queue *);
int		 fetch_queue_put(struct fetch_queue *, struct fetch_item *,
		     struct fetch_item **);
struct fetch_item *fetch_queue_take(struct fetch_queue *, int);	/* wait ms */
void		 fetch_queue_done(struct fetch_queue *, struct fetch_item *);
void		 fetch_queue_spend(struct fetch_queue *, struct fetch_item *);
struct fetch_item *fetch_queue_spent(struct fetch_queue *);
void		 fetch_queue_close(struct fetch_queue *);
int		 fetch_queue_closed(struct fetch_queue *);
void		 fetch_queue_committed(struct fetch_queue *);
int		 fetch_queue_wait_commit(struct fetch_queue *, unsigned *);
void		 fetch_queue_stored(struct fetch_queue *);
void		 fetch_queue_copied(struct fetch_queue *, unsigned, int);
int		 fetch_queue_all_copied(struct fetch_queue *, int);

/*
 * fetch-store.c: storing what a fetch brings.  fetch_store_run(st, jobs,
 * njobs, opts) runs the jobs (fetch.c), each job's arg being its struct
 * fetch_feed, parses every body and stores every outcome on st->db, on a
 * store thread beside the network; fetch_store_job(st, job) stores one job
 * fetched already (add's first fetch) the same way; st counts, and draws
 * the progress line if st->tty (and on st->progress if not NULL).  Everything is committed
 * when it returns fetch_run()'s result (-1: libcurl did not initialise).
 * fetch_report_failure() counts a failed feed and prints "URL: WHY".
 */
struct fetch_feed {			/* a copy of the feed's row */
	int64_t		 id;
	char		*url;
	char		*etag;
	char		*last_modified;
	char		*proxy;
	int64_t		 retry_after;
	int		 disabled;
	char		*disabled_reason;
	int64_t		 last_fetch;	/* DATE_NONE: never */
	int64_t		 interval;	/* the feed's own, -1: none */
};
struct fetch_state {
	struct db	*db;		/* holding the fetch lock */
	int		 quiet;
	int		 tty;		/* draw the progress line */
	FILE		*progress;	/* --progress-fd, or NULL */
	size_t		 total;
	size_t		 done;
	size_t		 failed;
	int64_t		 new_posts;
	int		 dberror;	/* the database itself failed */
};
int		 fetch_store_run(struct fetch_state *, struct fetch_job *,
		     size_t, struct fetch_opts *);
void		 fetch_report_failure(struct fetch_state *, const char *,
		     const char *);
void		 fetch_store_job(struct fetch_state *, struct fetch_job *);
struct db_feed;
void		 fetch_feed_copy(struct fetch_feed *, const struct db_feed *);
/* fetch_plan(): is a feed fetched now, or why not. */
enum fetch_plan {
	FETCH_GO,
	FETCH_DISABLED,		/* by the user, or gone (410) */
	FETCH_LEFT,		/* its member list dropped it */
	FETCH_NOT_DUE,		/* its own interval is not over */
	FETCH_WAIT		/* its server's Retry-After is not over */
};
enum fetch_plan	 fetch_plan(const struct fetch_feed *, const int64_t *,
		     size_t, int, int, time_t);

/*
 * sync.c: sync with a server (its top comment says how, and the conflict
 * rule).  sync_run(db, cfg, quiet): 0, 1 the server could not be synced
 * with (said), -1 a database error (said).  A server is a struct sync_ops
 * in a file of its own (sync-greader.c, sync-miniflux.c); login returns 0
 * or 1 (refused or failed, said), feeds, push and pull 0, 1 or -1 as
 * sync_run().  The helpers: sync_request(s, method, path, type, data,
 * body) makes a request (the status, -1 none: said), sync_http(s, path,
 * form, body) a GET or a form's POST, sync_get_json(s, path, what) a GET's
 * JSON (NULL: said); sync_escape() percent-encodes, sync_json_string()
 * quotes (heap); sync_listed() looks in a JSON list; sync_feeds_send()
 * sends the subscription changes a server's list shows not done;
 * sync_acked() and sync_feed_acked() drop the pending changes the server
 * took, sync_refused() and sync_feed_refused() deal with a change of a
 * post and of a subscription it did not.
 */
enum sync_kind { SYNC_NONE, SYNC_FRESHRSS, SYNC_GREADER, SYNC_MINIFLUX };
struct db_sync_change;
struct db_sync_feed_change;
struct sync;
struct sync_ops {
	int		(*login)(struct sync *);
	int		(*push)(struct sync *, const struct db_sync_change *,
			    size_t);
	int		(*pull)(struct sync *);
	int		(*feeds)(struct sync *,
			    const struct db_sync_feed_change *, size_t);
};
struct sync {
	struct db		*db;
	const struct config	*cfg;
	const struct sync_ops	*ops;
	struct fetch_opts	 opts;
	char			*base;		/* sync-url without a final / */
	char			*password;	/* until the login; wiped */
	char			*auth;		/* the login's header line */
	char			*token;		/* a write token, or NULL */
	char			 login[24];	/* tor = yes: the proxy login */
	int64_t			 new_posts;
	size_t			 pushed;
	int			 relisted;	/* the pull listed the feeds
						   again for an item's */
};
int		 sync_run(struct db *, const struct config *, int);
long		 sync_http(struct sync *, const char *, const char *,
		     struct buf *);
long		 sync_request(struct sync *, const char *, const char *,
		     const char *, const char *, struct buf *);
struct jval	*sync_get_json(struct sync *, const char *, const char *);
struct jval	*sync_get_json_status(struct sync *, const char *, const char *,
		     long *);
char		*sync_escape(const char *);
void		 sync_bad_answer(struct sync *, const char *, long);
int		 sync_acked(struct sync *, const struct db_sync_change *,
		     size_t);
void		 sync_forget_password(struct sync *);
int		 sync_listed(const struct jval *, const char *, const char *);
const char	*sync_listed_id(const struct jval *, const char *,
		     const char *);
char		*sync_json_string(const char *);
int		 sync_page_relist(struct sync *, int64_t,
		     int (*)(struct sync *));
int		 sync_refused(struct sync *, const struct db_sync_change *,
		     size_t, const char *, long);
int		 sync_feed_refused(struct sync *,
		     const struct db_sync_feed_change *, const char *, long);
int		 sync_feed_acked(struct sync *,
		     const struct db_sync_feed_change *);
int		 sync_feeds_send(struct sync *, const struct jval *,
		     const char *, const struct db_sync_feed_change *, size_t,
		     int (*)(struct sync *, const struct db_sync_feed_change *));
/* sync-greader.c: FreshRSS's Google Reader API (freshrss, greader). */
extern const struct sync_ops sync_greader_ops;
/* sync-miniflux.c: Miniflux's API (miniflux). */
extern const struct sync_ops sync_miniflux_ops;

/* cmd-sync.c */
extern const struct cmd_entry cmd_sync_entry;
#define CMD_SYNC_USAGE	"[-q]"
#define CMD_SYNC_HELP	N_("sync with the server sync-server names")

/* notify.c: notify-command after a fetch that stored new posts (0, -1). */
int		 notify_run(struct db *, const char *, int64_t);
void		 fetch_feed_clear(struct fetch_feed *);

/* cmd-fetch.c */
extern const struct cmd_entry cmd_fetch_entry;
#define CMD_FETCH_USAGE	"[-q] [-j N] [--wait] [--all] [URL...]"
#define CMD_FETCH_HELP	N_("fetch all feeds, or the given ones")

/*
 * fetch-follow.c: syncing the member lists (network code: fetch.c and the list
 * parsers; the lists' table is db-list.c's, below).
 * follow_sync(db, cfg, url, force, verbose) reads every list (or only the
 * one at url) with a conditional request and applies what changed (see
 * fetch-follow.c for when a list is refused); verbose 1 prints a line for a
 * list that changed, 2 for every list and each line of it refused.
 * Returns the number of lists not applied, each named on stderr, or -1 on
 * a database error (printed).  follow_backlog() marks read the backlog of
 * members fetched for the first time.
 */
int		 follow_sync(struct db *, const struct config *, const char *,
		     int, int);
int		 follow_backlog(struct db *, const struct config *);

/* cmd-follow.c (cmd-lists.c has unfollow and lists, without the network) */
extern const struct cmd_entry cmd_follow_entry;
#define CMD_FOLLOW_USAGE "[--force] URL [TAG...]"
#define CMD_FOLLOW_HELP	N_("follow a member list (OPML or urls) published at URL")

/*
 * fetch-discover.c: the feed behind a URL a person typed.  discover_feed(url,
 * opts, &got, &err, &nofeed) fetches it: a feed gives its own URL, an HTML page the
 * first <link rel="alternate"> of a feed type, resolved.  Heap string, or
 * NULL with *err (heap) and *nofeed set when the answer came and held no
 * feed, or a 404 or 410 (not when the URL could not be fetched).  discover_in_html(html, len, page_url, charset) is
 * the pure half: heap string or NULL.
 */
char		*discover_feed(const char *, const struct fetch_opts *,
		     struct fetch_job *, char **, int *);
char		*discover_in_html(const char *, size_t, const char *,
		     const char *);

/* -------- 2. parse: bytes to a struct feed (majlis-xml, majlis-net) ----- */

/*
 * xml.c: xml_init() starts libxml2 once, with a loader that refuses every
 * external entity (call it before any parse); xml_escape() appends text
 * as XML attribute or element text.
 */
void		 xml_init(void);
void		 xml_escape(struct buf *, const char *);

/*
 * parse-input.c: a feed's bytes to repaired UTF-8 for libxml2 (encoding
 * detection and conversion, invalid bytes, bare '&' and '<').  data/len is
 * what to parse: the caller's bytes or owned.  encoding is "utf-8" when the
 * document was UTF-8, else NULL.  bozo is a heap message or NULL.
 * feed_input_slice() then hands it to libxml2 in slices, the text libxml2
 * reads slowly lifted out, and feed_input_lifted() gives that text back in
 * the order libxml2 meets the marks left in its place.
 */
struct feed_input {
	const char	*data;
	size_t		 len;
	char		*owned;
	const char	*encoding;
	char		*bozo;
	int		 unchecked;	/* lazy: UTF-8 taken unscanned */
	/* feed_input_slice()'s place in the document (parse-input.c) */
	size_t		 pos;
	int		 verbatim;	/* the rest goes as it is */
	size_t		 depth;
	struct {
		size_t	 off, len;
	}		 open[64];	/* open elements' names, in data */
	struct buf	 out;		/* the slice, where something changed */
	struct buf	 text;		/* lifted text, where it was decoded */
	struct feed_lift {
		uint32_t off;		/* in text if copied, else in data */
		uint32_t len : 31, copied : 1;
	}		*lift;		/* those not yet lifted */
	size_t		 nlift, liftcap, lifted;
};
/*
 * The processing instruction that marks where text was lifted out
 * (feed_input_slice()).  With MAJLIS_TEST_NOLIFT in the environment
 * nothing is, for the tests that parse both ways and compare.
 */
#define FEED_INPUT_MARK	"majlis-text"
int		 feed_input_prepare(struct feed_input *, const char *, size_t,
		     const char *, int);
int		 feed_input_slice(struct feed_input *, size_t, const char **,
		     size_t *);
int		 feed_input_lifted(struct feed_input *, const char **, size_t *);
int		 feed_input_clean(const char *, size_t);
void		 feed_input_free(struct feed_input *);

/*
 * parse.c: bytes in, a struct feed out.  Pure: no I/O, no database.
 *
 * feed_parse(data, len, url, charset, cb, arg, &err):
 *   url      the document's own URL, the base for relative links (may be NULL)
 *   charset  the charset the HTTP server declared (may be NULL)
 *   cb       if not NULL, called with each entry as soon as it is complete;
 *            the entry is the parser's and is freed when cb returns (cb may
 *            take a field by setting it to NULL).  A non-zero return stops
 *            the parse.  If cb is NULL the entries are collected in
 *            feed->entries.
 * Returns a feed to free with feed_free(), or NULL with *err set to a heap
 * string saying why the document is not a feed.
 */
struct enclosure {
	char	*url;
	char	*type;
	int64_t	 length;		/* -1 if not given */
};

struct entry {
	char	*title;			/* plain text */
	char	*link;
	char	*id;			/* as in the document, or NULL */
	char	*author;
	int	 author_inherited;	/* the source's or feed's (Atom) */
	char	*summary;		/* HTML, or text: ENTRY_*_TEXT */
	char	*content;		/* HTML, or text: ENTRY_*_TEXT */
	int	 text;			/* ENTRY_*_TEXT: which is plain text */
	char	*lang;			/* xml:lang or the feed's language */
	char	*base;			/* xml:base of the text, if one was set */
	int64_t	 published;		/* UTC seconds or DATE_NONE */
	int64_t	 updated;
	char	**tags;
	size_t	 ntags;
	struct enclosure *enclosures;
	size_t	 nenclosures;
	int64_t	 duration;		/* itunes:duration, seconds; 0: none */
};
/*
 * An Atom text construct of type "text" (the default) is plain text, not
 * HTML: the parser gives it as it is (feedparser's model, 'majlis parse')
 * and marks it so; the store keeps HTML (html_from_text()).
 */
#define ENTRY_SUMMARY_TEXT	0x1
#define ENTRY_CONTENT_TEXT	0x2

struct feed {
	char	*title;
	char	*link;
	char	*subtitle;
	char	*id;
	char	*author;
	char	*rights;
	char	*generator;
	char	*lang;			/* <language>, dc:language, or NULL */
	int64_t	 updated;
	int64_t	 published;
	const char *version;		/* "rss20", "atom10", ... (static) */
	int	 bozo;			/* ill-formed, but recovered */
	char	*bozo_message;
	struct entry *entries;		/* only when no callback was given */
	size_t	 nentries;
	size_t	 count;			/* entries seen, with or without cb */
};

typedef int (*entry_cb)(struct entry *, void *);
struct feed	*feed_parse(const char *, size_t, const char *, const char *,
		     entry_cb, void *, char **);
void		 feed_free(struct feed *);
char		*entry_key(const struct entry *, const char *);
void		 parse_init(void);

/*
 * entities.c: the one table of named character references and the one
 * decoder.  html_entity_lookup() gives the code point of a name, 0 if it
 * is unknown; html_ref_decode() decodes the reference at s[0] == '&' and
 * returns the bytes it covers, 0 if that '&' is just text; html_cp1252()
 * gives the windows-1252 character a C1 code point stands for, or 0.
 */
#define HTML_REF_ATTR		0x01	/* in an attribute value */
#define HTML_REF_CP1252		0x02	/* &#128;..&#159; as windows-1252 */
uint32_t	 html_entity_lookup(const char *);
uint32_t	 html_cp1252(uint32_t);
size_t		 html_ref_decode(const char *, size_t, uint32_t *, int);

/*
 * date.c: feed dates (RFC 822 and its real-world variants, RFC 3339 / ISO
 * 8601 / W3CDTF) to UTC seconds.  Returns DATE_NONE for anything it cannot
 * read; never fails otherwise.
 */
int64_t		 date_parse(const char *);
int64_t		 date_parse_rfc822(const char *);
int64_t		 date_parse_iso8601(const char *);
int64_t		 date_timegm(int, int, int, int, int, int);

/*
 * url.c: RFC 3986 reference resolution.  url_resolve() returns a heap
 * string: ref resolved against base, or a copy of ref when base is NULL,
 * empty, or ref is already absolute.  url_mask(url) is a heap copy of
 * url as a person may see it, its credentials masked (user:pass@host
 * becomes *:*@host); url_mask_text(text) masks every URL in a message.
 */
char		*url_resolve(const char *, const char *);
char		*url_mask(const char *);
char		*url_mask_text(const char *);
int		 url_is_absolute(const char *);
int		 url_is_http(const char *);
char		*url_origin(const char *);
int		 url_is_command(const char *);	/* 1 exec:, 2 filter: */
const char	*url_command_http(const char *);

/* cmd-parse.c */
extern const struct cmd_entry cmd_parse_entry;
#define CMD_PARSE_USAGE	"[--json] FILE..."
#define CMD_PARSE_HELP	N_("parse local feed files and print what majlis reads in them")

/* --------    subscription lists: OPML and urls files -------------------- */

/*
 * subs.c: the subscription list.  A struct sublist is what an OPML or urls
 * file holds: feeds (one per URL, tags merged) and, for each feed refused
 * (not http/https, exec:, filter:, query:, no xmlUrl), a message
 * "FILE:LINE: WHY".  Reading is pure (no database).  *_parse() returns 0,
 * or -1 with *err a heap string when the file is refused whole (not XML,
 * not OPML): then nothing was added.  sub_check_url() gives NULL for an
 * acceptable feed URL, else a static reason.  sub_clean() returns a heap
 * one-line copy (UTF-8, no controls, at most max bytes).
 */
struct sub {
	char		*url;
	char		*title;		/* NULL: none */
	int		 title_own;	/* the user's, not the feed's own */
	char		*site;		/* htmlUrl, NULL: none */
	char		**tags;		/* folders outermost first, then others */
	size_t		 ntags;
	long		 line;		/* where it was read; 0: not a file */
	char		**settings;	/* "KEY=VALUE" (db_feed_setting()) */
	size_t		 nsettings;
};
/* The namespace of majlis's own OPML attributes (the feed settings). */
#define OPML_MAJLIS_NS	"urn:majlis:opml:1"
struct sublist {
	char		*title;		/* OPML head title, NULL: none */
	struct sub	*subs;
	size_t		 nsubs;
	char		**errors;
	size_t		 nerrors;
	size_t		*slots;		/* URL index, internal */
	size_t		 nslots;
	char		**views;	/* newsboat query: lines, as config */
	size_t		 nviews;	/* view lines (newsboat.c) */
	int		 no_views;	/* set before reading: query: lines
					   are refused (a followed list) */
	int		 commands;	/* set before reading: exec: and
					   filter: lines are taken (the
					   user's own urls file) */
};
void		 sublist_init(struct sublist *);
void		 sublist_free(struct sublist *);
struct sub	*sublist_add(struct sublist *, const char *, long);
struct sub	*sublist_add_checked(struct sublist *, const char *, long,
		     const char *);
int		 sublist_add_feed(const struct db_feed *, void *);
void		 sublist_error(struct sublist *, const char *, ...)
		     printflike(2, 3);
void		 sub_add_tag(struct sub *, const char *);
char		*sub_clean(const char *, size_t);
const char	*sub_check_url(const char *);
const char	*sub_check_command(const char *);
int		 sublist_is_opml(const char *, size_t);
int		 sublist_parse(const char *, size_t, const char *,
		     struct sublist *, char **);

/* opml.c: OPML in and out (see subs.c). */
int		 opml_parse(const char *, size_t, const char *,
		     struct sublist *, char **);
void		 opml_write(struct buf *, const char *, const struct sub *, size_t,
		     int64_t);

/* newsboat.c: newsboat's urls file, in and out (see subs.c). */
int		 newsboat_urls_parse(const char *, size_t, const char *,
		     struct sublist *, char **);
void		 newsboat_urls_write(struct buf *, const struct sub *, size_t);

/* cmd-import.c, cmd-export.c */
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_export_entry;
#define CMD_IMPORT_USAGE "[--read] FILE|-"
#define CMD_IMPORT_HELP	N_("subscribe to the feeds of an OPML or urls file")
#define CMD_EXPORT_USAGE "[--urls | --read]"
#define CMD_EXPORT_HELP	N_("write the subscriptions as OPML (or a urls file)")

/* -------- 3. store: the SQLite cache ------------------------------------ */

/*
 * db.c: the SQLite cache.  Opening creates the file and its directories
 * private (0600 / 0700), sets WAL, synchronous=NORMAL, busy_timeout,
 * foreign_keys and secure_delete (what is deleted is overwritten), and
 * brings the schema up to date (db-schema.c).  One struct db is one
 * connection; its prepared statements are cached and reused.  Only db*.c
 * speak SQL.
 *
 * Return conventions for every db_* function that returns int: 0 success,
 * 1 "not found" (or "busy" for db_fetch_lock), -1 database error with the
 * message available from db_errmsg() (already printed for the open).
 */
struct db;
/* db_open(path or NULL for the default, &err): NULL with *err "PATH: WHY" */
struct db	*db_open(const char *, char **);
void		 db_close(struct db *);
const char	*db_path(struct db *);
const char	*db_errmsg(struct db *);
/*
 * Transactions nest: the outermost is BEGIN IMMEDIATE / COMMIT, inner
 * levels are savepoints, and db_rollback() undoes its own level only.
 */
int		 db_begin(struct db *);
/* MAJLIS_TEST_CRASH=POINT[:N]: SIGKILL there, for the crash tests (db.c) */
void		 db_test_crash(const char *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int64_t		 db_data_version(struct db *);	/* changes: another's write */
int		 db_fetch_lock(struct db *, int);	/* wait? 0 / 1 busy / -1 */
void		 db_fetch_unlock(struct db *);
int		 db_fetch_running(struct db *);	/* another process: 1 */
/* db_begin() waiting at most ms: 0, 1 busy or read-only, -1 (db.c) */
int		 db_try_begin(struct db *, int);
/*
 * Retention, applied to a feed by db_store_end() and by db_expire()
 * (db-store.c): keep posts newer than days and at most posts per feed; 0
 * means no limit (the default: keep all).  A feed's own keep-days and
 * keep-posts (db_feed_setting()) win over these.  Tagged posts are never
 * expired, unread ones only if unread is set (expire-unread).
 */
void		 db_set_retention(struct db *, int, int, int);
void		 db_set_bulk(struct db *);	/* about to write a lot */
void		 db_wal_elsewhere(struct db *, int);
int		 db_wal_frames(struct db *);
/* The killfile for db_store_finish() (borrowed rules, config ignore). */
struct config_rule;
void		 db_set_ignores(struct db *, const struct config_rule *,
		     size_t);
void		 db_ignores(struct db *, const struct config_rule **,
		     size_t *);
/*
 * After remove: leave nothing of what went, in the index or the WAL.  0, 1
 * if another process kept it from that (busy), -1 (db.c).
 */
int		 db_scrub(struct db *);
/*
 * wipe (db.c): db_file_path(path or NULL) is the database's file (a heap
 * string); db_wipe_user() a process that has it open, or 0;
 * db_wipe_lock() takes the fetch lock (a descriptor, -2 busy, -1 errno);
 * db_wipe() overwrites and removes the files, the failures named to the
 * callback, and returns how many.
 */
typedef void	(*db_wipe_cb)(void *, const char *, int);
char		*db_file_path(const char *);
pid_t		 db_wipe_user(const char *);
int		 db_wipe_lock(const char *);
int		 db_wipe(const char *, db_wipe_cb, void *);
/* A connection that copies the WAL back while another writes (db.c). */
struct db_checkpointer *db_checkpointer_open(struct db *);
int		 db_checkpointer_run(struct db_checkpointer *);	/* 1: all */
void		 db_checkpointer_close(struct db_checkpointer *);

/*
 * db-schema.c: the migrations, an append-only list keyed by PRAGMA
 * user_version.  db_migrate() (for db_open()) brings a file up to date, or
 * refuses one newer than the list, and rebuilds the full-text index when
 * DB_FOLD_VERSION changed.
 */
#define DB_FOLD_VERSION	3	/* bump when the analysis changes (fold.c,
				   stem.c, db-token.c, html_text()): reindex */
int		 db_schema_version(struct db *);
int		 db_latest_version(void);
int		 db_migrate(struct db *);

/*
 * db-feed.c: subscriptions.  A feed row is found by its URL (unique) and
 * named by its id (int64_t rowid).  A removed feed whose posts are still
 * tagged stays as an unsubscribed row so that those posts keep their feed
 * title; it is invisible to db_feeds_foreach() and to db_feed_find().
 */
struct db_feed {
	int64_t		 id;
	char		*url;
	char		*title;		/* NULL if unknown */
	char		*site;		/* the feed's own link */
	char		*etag;
	char		*last_modified;
	int64_t		 last_fetch;	/* DATE_NONE: never */
	int		 status;	/* last HTTP status, 0: none/never */
	char		*error;		/* last error, NULL if it went well */
	int		 failures;	/* consecutive failed fetches */
	int64_t		 retry_after;	/* DATE_NONE: no wait asked */
	int		 disabled;
	char		*disabled_reason;
	char		*proxy;		/* per-feed proxy, NULL: default */
	char		*settings;	/* free-form per-feed settings */
	int		 title_set;	/* the title is the user's own */
	int64_t		 interval;	/* seconds between fetches, -1: any */
	int64_t		 keep_days;	/* -1: the configured default */
	int64_t		 keep_posts;	/* -1: the configured default */
	int64_t		 last_change;	/* last fetch that brought the feed
					   (not a 304), DATE_NONE: never */
	char		**tags;		/* feed tags, sorted */
	size_t		 ntags;
	int64_t		 unread;	/* only with DB_FEEDS_COUNTS */
	int64_t		 total;
};
#define DB_FEEDS_COUNTS	0x1	/* fill unread/total */
#define DB_FEEDS_TAGS	0x2	/* fill tags */
/* Called with a borrowed feed; a non-zero return stops the walk. */
typedef int (*db_feed_cb)(const struct db_feed *, void *);
int		 db_feeds_foreach(struct db *, int, db_feed_cb, void *);
/*
 * Which of n posts, or feeds (feeds), by id the compiled filter matches
 * (a highlight line's, of a list's page): match[i] 1 or 0; one query
 * a page.
 * 0, or -1.
 */
int		 db_filter_match(struct db *, const struct filter *, int,
		     const int64_t *, size_t, char *);
int		 db_feeds_filter(struct db *, int, const char *, db_feed_cb,
		     void *);
/*
 * db_feed_add(db, url, title, tags, ntags, &id): subscribe.  Returns 0 if
 * added, 1 if already subscribed (the tags are added to it), -1 on error.
 * title may be NULL.  *id (if not NULL) gets the feed's id either way.
 */
int		 db_feed_add(struct db *, const char *, const char *,
		     char *const *, size_t, int64_t *);
int		 db_feed_find(struct db *, const char *, int64_t *);
int		 db_feed_find_exact(struct db *, const char *, int64_t *);
struct db_feed	*db_feed_get(struct db *, int64_t);	/* NULL: none */
void		 db_feed_free(struct db_feed *);
/* Unsubscribe: untagged posts are deleted, tagged ones kept.  0/1/-1. */
int		 db_feed_remove(struct db *, const char *);
/* Unsubscribe and erase the feed with every post, tagged too.  0/1/-1. */
int		 db_feed_forget(struct db *, const char *);
int		 db_feed_set_title(struct db *, int64_t, const char *);
int		 db_feed_set_url(struct db *, int64_t, const char *);
int		 db_feed_set_disabled(struct db *, int64_t, int, const char *);
/*
 * Why a feed is disabled, as stored: a server's words (a 410's), or this
 * token when the user disabled it; db_disabled_reason() says it in the
 * messages' language.
 */
#define DB_DISABLED_BY_USER	"by the user"
const char	*db_disabled_reason(const char *);
int		 db_feed_set_proxy(struct db *, int64_t, const char *);
/* db_feed_set_number(db, id, column, v): a per-feed number, v < 0: reset */
int		 db_feed_set_number(struct db *, int64_t, const char *, int64_t);
int		 db_feed_title_hint(struct db *, int64_t, const char *);
/* db_feed_setting(db, id, "KEY=VALUE"): the feed command's settings */
int		 db_feed_setting(struct db *, int64_t, const char *);
int		 db_feed_tag(struct db *, int64_t, const char *);
int		 db_feed_untag(struct db *, int64_t, const char *);
/*
 * The outcome of one fetch.  status is the HTTP status (0 if there was no
 * response); error is NULL on success, else a message; retry_after is a
 * UTC time or DATE_NONE.  etag/last_modified are the response's validators
 * (NULL: none); only db_store_end() stores them, a 304 or a failure keeps
 * the previous ones.
 */
struct db_fetch_result {
	int64_t		 time;		/* when, UTC seconds */
	int		 status;
	const char	*error;
	const char	*etag;
	const char	*last_modified;
	int64_t		 retry_after;
};
/*
 * A 304 or a failure, without entries: the fetch's time, status and error,
 * failures counting up on error and back to 0 on success.
 */
int		 db_feed_set_status(struct db *, int64_t,
		     const struct db_fetch_result *);

/*
 * filter.c: newsboat's filter language compiled to a SQL condition on the
 * posts p, with '?' parameters only; see the top of the file.
 */
struct filter_value {
	char		*text;		/* NULL: the number */
	int64_t		 num;
};
struct filter {
	char			*sql;
	struct filter_value	*v;	/* one per '?', in order */
	size_t			 n;
	int			 row;	/* reads the post's row: not only
					   its date and read flag */
};
struct filter	*filter_compile(const char *, time_t, char **, size_t *);
struct filter	*filter_compile_feeds(const char *, time_t, char **,
		     size_t *);
void		 filter_free(struct filter *);
const char	*filter_regex_bound(const char *);
int		 filter_regex_ok(const char *);
/* A killfile rule for the feeds whose URL a regular expression matches. */
#define FILTER_FEEDS_REGEX	"regex:"
const char	*filter_feeds_why(const char *);
int		 filter_feeds_match(const char *, const char *);
/*
 * The bounds of a filter (see the top of filter.c): parentheses nested at
 * most FILTER_MAX_DEPTH deep; a regular expression's groups at most
 * FILTER_REGEX_MAX_DEPTH deep, and at most FILTER_REGEX_MAX_SIZE
 * characters once its repetitions are unrolled, as regcomp() unrolls them.
 */
#define FILTER_MAX_DEPTH	32
#define FILTER_REGEX_MAX_DEPTH	32
#define FILTER_REGEX_MAX_SIZE	2000
/* The flags (<regex.h>'s) of every filter regular expression. */
#define FILTER_REGEX	(REG_EXTENDED | REG_ICASE | REG_NOSUB)

/*
 * search.c: the search language (posts --search, /) to the text of an
 * FTS5 MATCH: a heap string, "" if there is nothing to search for, or NULL
 * with *err a heap message.
 */
char		*search_expr(const char *, char **);
/*
 * search_hl_new() (a structure to search_hl_free(), or NULL if the search
 * finds no word) and search_hl_find(h, text, len, from, &start, &end):
 * the next word of text at or after byte from that the search matched,
 * for highlighting (1, or 0 if none).
 */
struct search_hl;
struct search_hl *search_hl_new(const char *);
void		 search_hl_free(struct search_hl *);
int		 search_hl_find(struct search_hl *, const char *, size_t,
		     size_t, size_t *, size_t *);

/*
 * db-store.c: the streaming store API for the fetcher:
 *
 *   db_store_begin(db, feed)      one write transaction (or savepoint) for
 *                                 the update; 1: unsubscribed meanwhile
 *   db_store_entry(db, feed, e, key, hash)   per entry, as the parser
 *                                 gives them
 *   db_store_end(db, feed, f, result)  feed row, retention, commit
 *   db_store_abort(db)            roll back instead (e.g. parse failed)
 *
 * or, for a feed already parsed whole, inside a transaction the caller has
 * open and will commit or roll back itself (cheaper: see db_store_join()):
 *
 *   db_store_join(db, feed)       0, or 1 if it was unsubscribed meanwhile
 *   db_store_entry(...)           as above
 *   db_store_finish(db, feed, f, result)   feed row, retention; no commit
 *
 * db_store_entry() upserts by (feed, key): key is entry_key()'s result (if
 * NULL: the entry's id, else its link, else a hash of its fields), hash
 * is db_entry_hash()'s (the fetch makes it on its parse thread).  It
 * returns 1 if the post is new, 2 if it was edited (updated in place; the
 * read flag and tags stay), 0 if unchanged (no write) or was expired
 * before, -1 on error.
 * The entry is borrowed.  f in db_store_end() may be NULL.
 */
int		 db_store_begin(struct db *, int64_t);
int		 db_store_entry(struct db *, int64_t, const struct entry *,
		     const char *, int64_t);
int64_t		 db_entry_hash(const struct entry *);
int		 db_store_end(struct db *, int64_t, const struct feed *,
		     const struct db_fetch_result *);
int		 db_store_join(struct db *, int64_t);
int		 db_store_finish(struct db *, int64_t, const struct feed *,
		     const struct db_fetch_result *);
void		 db_store_abort(struct db *);
int		 db_expire(struct db *, int64_t);	/* feed id, 0: all */

/* -------- 4. query: lists, tags, search --------------------------------- */

/*
 * db-query.c: every list of posts, for the commands and the reader, and
 * marking posts read.
 */
struct db_post {
	int64_t		 id;
	int64_t		 feed_id;
	char		*feed_url;
	char		*feed_title;	/* NULL if unknown */
	char		*link;
	char		*title;
	char		*author;
	char		*summary;	/* HTML; only from db_post_get();
					   the content if the feed had none */
	char		*content;	/* HTML; only from db_post_get() */
	int64_t		 published;	/* DATE_NONE if absent */
	int64_t		 updated;
	int64_t		 first_seen;
	int64_t		 sort_time;	/* published, else updated, else seen */
	int		 read;
	char		**tags;		/* sorted */
	size_t		 ntags;
	struct enclosure *enclosures;	/* only from db_post_get() */
	size_t		 nenclosures;
	int64_t		 duration;	/* itunes:duration, seconds, 0: none;
					   only from db_post_get() */
};
/*
 * A page of posts, newest first (sort_time, then id).  All filters are
 * optional (0 / NULL: any).  tag matches posts tagged so and posts of
 * feeds tagged so.  search is the user's text: its words are folded and
 * quoted (prefix with a trailing '*'), all must match; results are ranked
 * by bm25 then recency among the newest 2000 matches (a common word would
 * otherwise rank the whole cache each time; db_posts_count() still counts
 * them all).  For paging by key instead of offset (not with search), set
 * before_time/before_id to the last row of the previous page.
 */
struct db_post_query {
	int		 unread;
	int64_t		 feed_id;
	const char	*feed_url;
	const char	*tag;
	const char	*search;
	const char	*filter;	/* a filter expression (filter.c) */
	int		 all;		/* ignored posts too */
	int64_t		 limit;		/* 0: no limit */
	int64_t		 offset;
	int64_t		 before_time;	/* 0: from the newest */
	int64_t		 before_id;
};
/* Borrowed post; a non-zero return stops.  Returns rows seen, or -1. */
typedef int (*db_post_cb)(const struct db_post *, void *);
int64_t		 db_posts_query(struct db *, const struct db_post_query *,
		     db_post_cb, void *);
int64_t		 db_posts_count(struct db *, const struct db_post_query *);
struct db_post	*db_post_get(struct db *, int64_t);	/* NULL: none */
void		 db_post_free(struct db_post *);
int		 db_post_exists(struct db *, int64_t);	/* 0 yes, 1 no */
int		 db_post_mark(struct db *, int64_t, int);	/* read? 0/1/-1 */
int64_t		 db_feed_mark(struct db *, int64_t, int);	/* rows; -1 */
int64_t		 db_mark_all(struct db *, int);
/* A fetch's new posts since a time: how many, and the newest titles. */
int64_t		 db_new_posts(struct db *, int64_t, size_t, char ***,
		     size_t *);
/*
 * Mark read every unread post q matches, paging aside: how many, or -1;
 * and, if the last argument is not NULL, the ids marked (heap).
 */
int64_t		 db_mark_query(struct db *, const struct db_post_query *,
		     int64_t **);
int		 db_mark_ids(struct db *, const int64_t *, size_t, int);
int		 db_read_keys(struct db *, int (*)(const char *, void *), void *);
int64_t		 db_mark_keys_read(struct db *, char *const *, size_t,
		     int64_t *);
int64_t		 db_posts_after(struct db *, int64_t *);
/*
 * For the reader: the sort key of the post at a position of q's list (0,
 * 1 none or a search, -1), and the position a key has in it (-1: a search
 * or an error), both without reading the post rows before it.
 */
int		 db_posts_key_at(struct db *, const struct db_post_query *,
		     int64_t, int64_t *, int64_t *);
int64_t		 db_posts_position(struct db *, const struct db_post_query *,
		     int64_t, int64_t);

/*
 * db-tag.c: tags on posts.  Tag names are trimmed, non-empty, without
 * control characters (db_tag_valid); any script is fine.
 */
int		 db_tag_valid(const char *);
int		 db_post_tag(struct db *, int64_t, const char *);	/* 0/1/-1 */
int		 db_post_untag(struct db *, int64_t, const char *);
/* Tags added and removed at once on a post or (post 0) a feed: 0/1/-1. */
int		 db_tags_apply(struct db *, int64_t, int64_t, char *const *,
		     size_t, char *const *, size_t);
/* Every tag with its number of tagged posts and tagged feeds, by name. */
typedef int (*db_tag_cb)(const char *, int64_t, int64_t, void *);
int		 db_tags_foreach(struct db *, db_tag_cb, void *);

/*
 * db-sync.c: the store's side of sync (sync.c); its top comment has the
 * invariants.  The caller holds the transaction.  db_sync_get() is a heap
 * string or NULL; db_sync_pending() gives a heap array of changes to free
 * with db_sync_changes_free().
 */
struct db_sync_change {
	int64_t		 post;
	char		*sync_id;	/* the server's id of the post */
	char		*what;		/* "read", or "tag:" and the tag */
	int		 value;		/* read / tagged: 1, else 0 */
	int64_t		 time;		/* when, UTC seconds */
};
char		*db_sync_get(struct db *, const char *);
int		 db_sync_set(struct db *, const char *, const char *);
int		 db_sync_applying(struct db *, int);
int		 db_sync_feed(struct db *, const char *, const char *,
		     const char *, char *const *, size_t, int64_t *);
int		 db_sync_feed_find(struct db *, const char *, int64_t *);
int		 db_sync_post(struct db *, int64_t, const struct entry *,
		     const char *);
int		 db_sync_adopt(struct db *, int64_t, const struct entry *,
		     const char *, int64_t *);
int		 db_sync_post_state(struct db *, const char *, int,
		     char *const *, size_t);
int		 db_sync_post_tag(struct db *, const char *, const char *, int);
int		 db_sync_ids_clear(struct db *);
int		 db_sync_ids_add(struct db *, const char *);
int64_t		 db_sync_apply_read(struct db *);
int		 db_sync_apply_tag(struct db *, const char *);
int		 db_sync_pending(struct db *, struct db_sync_change **,
		     size_t *);
void		 db_sync_changes_free(struct db_sync_change *, size_t);
int		 db_sync_pending_done(struct db *,
		     const struct db_sync_change *, size_t);
/*
 * A subscription change to send (the table sync_feeds): subscribe to
 * target, a URL, in folder (NULL: none); unsubscribe from target, the
 * server's id of the feed; or move that feed to folder.  db_sync_feeds()
 * gives a heap array of *n of them, to free with db_sync_feeds_free().
 */
enum sync_feed_action { SYNC_UNSUBSCRIBE, SYNC_SUBSCRIBE, SYNC_MOVE };
struct db_sync_feed_change {
	int64_t		 id;		/* the row's, for db_sync_feed_done() */
	int		 action;	/* enum sync_feed_action */
	char		*target;
	char		*folder;
};
int		 db_sync_feed_added(struct db *, int64_t, const char *);
int		 db_sync_feed_removed(struct db *, int64_t);
int		 db_sync_feeds(struct db *, struct db_sync_feed_change **,
		     size_t *);
void		 db_sync_feeds_free(struct db_sync_feed_change *, size_t);
int		 db_sync_feed_done(struct db *, int64_t);

/*
 * db-index.c: the full-text index is built after the fact, not by the
 * fetch.  db_index_pending(db, max) indexes up to max (0: all) of the
 * posts not yet indexed, oldest first, in one short write transaction, and
 * returns how many are still pending (0: complete), or -1.  If another
 * process holds the write lock for more than a fraction of a second it does
 * nothing and returns the pending count: call it again later.  The reader
 * calls it on idle ticks with a small max (a few hundred posts take some
 * 20 ms); searches call db_index_catch_up() themselves (0 or -1).
 */
int		 db_index_pending(struct db *, int64_t);
int		 db_index_catch_up(struct db *);
/*
 * A catch-up of more than DB_INDEX_BATCH posts (after an upgrade rebuilt
 * the index: every post) reports how it goes to the callback that
 * db_set_progress() set: done and total posts, the last call with done
 * == total, or done == -1 when another connection's write lock stopped it
 * short (the next search goes on).
 */
typedef void	(*db_progress_cb)(void *, int64_t, int64_t);
void		 db_set_progress(struct db *, db_progress_cb, void *);

/*
 * fold.c: search folding, applied alike to indexed text and to queries so
 * that letter variants meet: Arabic hamza forms of alef, alef maqsura, teh
 * marbuta, kaf/yeh variants, Arabic-Indic digits, tatweel, harakat, ZWNJ,
 * and ASCII case (the tokenizer folds the rest of Latin).  Returns a heap string.  fold_html_text() turns HTML
 * into plain text (tags dropped, entities decoded) for indexing.
 */
uint32_t	 fold_char(uint32_t);		/* 0: drop the character */
char		*text_fold(const char *);
void		 fold_add(struct buf *, const char *, size_t, int);
char		*fold_html_text(const char *);

/*
 * stem.c: the search analyzer's word step (forms, stems by language, the
 * spellings a query word looks for); its top comment says what search
 * finds.  STEM_ANY: the language is not known (a query, a post without
 * one).  A struct stem_word is reused word after word.
 */
#define STEM_AR		0x1
#define STEM_CKB	0x2
#define STEM_EN		0x4
#define STEM_ANY	(STEM_AR | STEM_CKB | STEM_EN)
#define STEM_LATIN	0x10	/* word_script() bits */
#define STEM_ARABIC	0x20
#define STEM_SORANI	0x40
#define STEM_TEH	0x80
#define STEM_MAX	3	/* stems of one word: one per language */
#define STEM_MARK	'\x01'	/* the index's stems: STEM_MARK + stem */
#define STEM_EXACT	'\x02'	/* a query string's lead: the form only */
#define STEM_LANG	'\x1f'	/* indexed text's lead: STEM_LANG lang STEM_LANG */
struct stemmer;
struct stem_word {
	struct buf	 form;
	struct buf	 stems[STEM_MAX];
	size_t		 nstems;
	int		 langs;
};
struct stemmer	*stemmer_new(void);
void		 stemmer_free(struct stemmer *);
int		 stem_lang(const char *);
int		 stem_langs(int, const char *, size_t);
void		 stem_word_init(struct stem_word *);
void		 stem_word_free(struct stem_word *);
void		 stem_word(struct stemmer *, int, const char *, size_t,
		     struct stem_word *);
void		 stem_query(const struct stem_word *,
		     void (*)(void *, const char *, size_t), void *);

/*
 * db-river.c: what the river publishes, and the feeds' activity.
 *
 * db_activity_get(db, now, &a, &n): one entry per subscribed feed, sorted
 * by feed id, from one statement over the posts' feed/time index (never a
 * query per feed): the feed's newest post (its id and sort time, 0 /
 * DATE_NONE if it has none), its posts per week over the DB_WEEKS weeks
 * before now, the oldest week first (the last week ends at now; a post
 * dated after now counts in it), and the member list that named it (heap,
 * or NULL) with whether it left.  Free with db_activity_free();
 * db_activity_find() is a feed's entry, or NULL.  0 or -1.
 *
 * db_river_posts(db, q, cb, arg): the river's posts, newest first (sort
 * time: published, else updated, else first seen, never after the time it
 * was stored): of subscribed feeds, or with q->tag only the posts tagged so
 * and the posts of feeds tagged so; sort time >= q->since; at most
 * q->per_feed of one feed and q->limit in all.  Its cost is bounded by the
 * feeds times per_feed, not by the cache.  The post handed to cb is
 * borrowed for the call; a non-zero return stops.  Returns posts seen, or
 * -1.  db_post_headline(db, id, &title, &link) gives a post's title and
 * link (heap strings or NULL): 0, 1 none, -1.
 */
#define DB_WEEKS	12
#define DB_WEEK		(7 * 24 * 3600)
struct db_activity {
	int64_t		 feed_id;
	int64_t		 last_id;	/* 0: no post */
	int64_t		 last_post;	/* DATE_NONE: no post */
	int64_t		 weekly[DB_WEEKS];
	char		*list;		/* the list that named it, or NULL */
	int		 left;		/* every list naming it dropped it */
};
int		 db_activity_get(struct db *, int64_t, struct db_activity **,
		     size_t *);
void		 db_activity_free(struct db_activity *, size_t);
const struct db_activity *db_activity_find(const struct db_activity *,
		     size_t, int64_t);
/*
 * Which feeds a river publishes: the members of every list followed (the
 * default), of one (list), the feeds tagged so and the members of the
 * lists followed with that tag (tag), or every subscription (all).  A
 * member is a member whether or not it was also subscribed by hand.
 */
enum river_set { RIVER_LISTS, RIVER_LIST, RIVER_TAG, RIVER_ALL };
struct db_river_query {
	int		 set;		/* RIVER_* */
	const char	*list;		/* RIVER_LIST: the list's URL */
	const char	*tag;		/* RIVER_TAG: the tag */
	int64_t		 since;		/* UTC seconds */
	int64_t		 per_feed;
	int64_t		 limit;
};
struct db_river_post {
	int64_t		 id;
	int64_t		 feed_id;
	const char	*key;		/* the feed's id for the post */
	const char	*link;		/* NULL if none, as the rest */
	const char	*title;
	const char	*author;
	const char	*html;		/* the content, else the summary */
	const char	*lang;
	const char	*base;		/* xml:base of the text */
	int64_t		 published;	/* DATE_NONE if absent */
	int64_t		 updated;
	int64_t		 first_seen;
	int64_t		 sort_time;
};
typedef int (*db_river_cb)(const struct db_river_post *, void *);
int64_t		 db_river_posts(struct db *, const struct db_river_query *,
		     db_river_cb, void *);
int		 db_river_members(struct db *, const struct db_river_query *,
		     int64_t **, size_t *);
int		 db_post_headline(struct db *, int64_t, char **, char **);

/*
 * db-list.c: the member lists followed (fetch-follow.c syncs them).
 *
 * A list is an OPML or urls document at a URL; each feed it names is a
 * member.  A member row ties the list's own spelling of the URL to the
 * feed it subscribed (feed_id), so that a feed whose stored URL moved by
 * a permanent redirect is still the same member.  feed_id 0: the user
 * removed the feed, and the list does not bring it back.  left: the list
 * no longer names it (the feed is kept but not fetched).  backlog: the
 * time the member joined (or came back), until its first good fetch has
 * had its older posts marked read; DATE_NONE otherwise.
 */
struct db_list {
	int64_t		 id;
	char		*url;
	char		*title;		/* NULL: none */
	char		**tags;		/* follow's TAG arguments */
	size_t		 ntags;
	char		*etag;
	char		*last_modified;
	int64_t		 last_sync;	/* last applied or confirmed; DATE_NONE */
	int		 status;	/* last HTTP status, 0: none */
	char		*error;		/* why the last sync was not applied */
	int64_t		 members;	/* members not left */
	int64_t		 left;
};
struct db_member {
	char		*url;		/* as the list names it */
	int64_t		 feed_id;	/* 0: removed by the user */
	char		*feed_url;	/* the feed's URL now, or NULL */
	int		 subscribed;
	int		 left;
};
/* The outcome of one sync, for db_list_set_result(). */
struct db_list_result {
	int64_t		 time;
	int		 status;
	const char	*error;		/* NULL: applied (or 304) */
	const char	*etag;		/* stored only when applied */
	const char	*last_modified;
	const char	*title;		/* stored when applied, if not NULL */
};
typedef int (*db_list_cb)(const struct db_list *, void *);
int		 db_lists_foreach(struct db *, db_list_cb, void *);
int		 db_list_add(struct db *, const char *, char *const *, size_t,
		     int64_t *);
int		 db_list_find(struct db *, const char *, int64_t *);
int		 db_list_remove(struct db *, int64_t);
int		 db_list_set_result(struct db *, int64_t,
		     const struct db_list_result *);
void		 db_list_free(struct db_list *);
int		 db_members_get(struct db *, int64_t, struct db_member **,
		     size_t *);
void		 db_members_free(struct db_member *, size_t);
int		 db_member_add(struct db *, int64_t, const char *, int64_t, int);
int		 db_member_set_left(struct db *, int64_t, const char *, int,
		     int64_t);
int		 db_member_rename(struct db *, int64_t, const char *,
		     const char *);
int		 db_feed_is_member(struct db *, int64_t);	/* 0 yes, 1 no */
int		 db_feeds_left(struct db *, int64_t **, size_t *);
int		 db_backlog_apply(struct db *, int64_t);
/*
 * follow_left() looks an id up in db_feeds_left()'s; feed_state() is a
 * feed's state for feeds --json and the reader (a: its db_activity_get()
 * entry, or NULL).
 */
enum feed_state {
	FEED_OK, FEED_QUIET, FEED_FAILING, FEED_LEFT, FEED_DISABLED
};
int		 follow_left(const int64_t *, size_t, int64_t);
enum feed_state	 feed_state(const struct db_feed *, const struct db_activity *,
		     int64_t, int);
const char	*feed_state_name(enum feed_state);

/* -------- 5. render: text for a terminal, HTML for a page --------------- */

/*
 * width.c: display width; wrap.c: truncating, padding and wrapping of UTF-8
 * text to a width.  Widths are terminal columns from the library's own Unicode table (no locale needed): 0 for
 * combining marks and format characters, 2 for East Asian wide and emoji,
 * 1 otherwise.  Unsafe characters (text_is_unsafe) count 0; callers draw
 * only text that went through text_safe() or html.c.  A grapheme is a base
 * character with its combining marks, variation selectors and ZWJ-joined
 * followers: nothing here ever cuts one.
 */
int		 char_width(uint32_t);
int		 text_width(const char *);
int		 text_nwidth(const char *, size_t);
size_t		 text_grapheme(const char *, size_t, int *);
char		*text_truncate(const char *, int);
char		*text_pad(const char *, int, int);
size_t		 text_wrap_break(const char *, size_t, int, size_t *);
char		**text_wrap(const char *, int, size_t *);

/*
 * bidi.c: GNU FriBidi for terminals that do not reorder right-to-left text
 * themselves.  Wrap the logical text first, then reorder each line.
 * bidi_visual() returns a heap string in visual order (no Arabic shaping);
 * bidi_line() does the same unless mode is BIDI_OFF, when it returns a heap
 * copy of the logical line; bidi_line_marks() carries a mark for each byte
 * along (a word a search matched), *vmarks the result's.  text_fit() is for
 * list columns: a heap string of exactly width columns, cut (logically),
 * reordered, and padded, on the left for a right-to-left text.
 */
enum bidi_mode {
	BIDI_AUTO = 0,		/* by the terminal (bidi_resolve()) */
	BIDI_ON,		/* reorder */
	BIDI_OFF		/* the terminal reorders: leave text logical */
};
int		 bidi_paragraph_is_rtl(const char *);
int		 bidi_has_rtl(const char *);
char		*bidi_visual(const char *, int);
enum bidi_mode	 bidi_resolve(enum bidi_mode);	/* auto: on or off */
int		 bidi_ends_rtl(const char *, size_t);
char		*bidi_isolated(const char *, const char *, const char *,
		     enum bidi_mode);
char		*bidi_mark(const char *);
char		*bidi_mark_ascii(const char *);
void		 bidi_strip_marks(char *);
char		*bidi_line(const char *, int, enum bidi_mode);
char		*bidi_line_marks(const char *, int, enum bidi_mode,
		     const char *, char **);
char		*text_fit(const char *, int, enum bidi_mode);

/*
 * html-render.c: HTML (hostile, often broken) to terminal-safe lines
 * wrapped to a width, with links numbered "text[3]" and listed "[3] URL" at
 * the end, for the reader and 'show'; of the HTML code only this uses
 * wrap.c's layout and bidi.c.  lines[] are in logical order, flags[] says
 * per line whether it belongs to a right-to-left paragraph (the reader
 * right-aligns it) and what it is.  links[n - 1] is the absolute URL of
 * link [n].  width <= 0: no wrapping.  html_render() returns a struct to
 * free with rendered_free(); rendered_display() returns line i as a heap
 * string to draw: reordered per mode and, for an RTL line, padded on the
 * left to the width; rendered_display_marks() with marks, as
 * bidi_line_marks().
 */
#define RLINE_RTL	0x01	/* in a right-to-left paragraph */
#define RLINE_HEADING	0x02
#define RLINE_QUOTE	0x04	/* inside a blockquote */
#define RLINE_PRE	0x08	/* preformatted, not wrapped */
#define RLINE_LINKLIST	0x10	/* a "[n] URL" line of the link list */
struct rendered {
	char	**lines;
	int	 *flags;		/* RLINE_* for each line */
	size_t	  nlines;
	char	**links;
	size_t	  nlinks;
	int	  width;
};
struct rendered	*html_render(const char *, const char *, int);
char		*rendered_display(const struct rendered *, size_t,
		     enum bidi_mode);
char		*rendered_display_marks(const struct rendered *, size_t,
		     enum bidi_mode, const char *, char **);
void		 rendered_free(struct rendered *);

/*
 * html.c: the tokenizer that html-render.c shares (html-int.h), and
 * html_text(), the one way from HTML to plain safe text, a heap string;
 * its flags serve the search index and the parser; html_to_plain() is
 * html_text() without flags, one line (titles).  The parser, the store
 * and the helper programs link this without the layout.
 */
char		*html_to_plain(const char *);
#define HTML_TEXT_PARAS		0x01	/* blank line between blocks */
#define HTML_TEXT_NO_ALT	0x02	/* images give no text */
#define HTML_TEXT_CP1252	0x04	/* &#146; is a right quote */
char		*html_text(const char *, int);
/* Plain text as HTML that shows it as it is: a heap string. */
char		*html_from_text(const char *);

/*
 * sanitize.c: hostile HTML to HTML safe to publish (parsed as a browser
 * parses it, with Gumbo; an allowlist of elements and attributes, URLs
 * made absolute and limited to http(s); written so that it parses back to
 * the same tree, which keeps a post inside the element the page puts it
 * in).  html_sanitize(html, base, maxtext) and url_safe(ref, base, mailto)
 * return heap strings (url_safe: NULL when the URL is not one to publish).
 */
char		*html_sanitize(const char *, const char *, size_t);
char		*url_safe(const char *, const char *, int);

/*
 * What html_sanitize_images() makes of a post's images, so that a page
 * tells no image host who reads it (river --images; rule 8 of sanitize.c).
 * origin is the page's own (url_origin() of its URL), or NULL; word names
 * a link to an image that has no alt text ("image" in the page's language).
 */
enum san_image_mode {
	SAN_IMAGES_LINK,	/* a link to each, nothing loaded (0: the safe) */
	SAN_IMAGES_NONE,	/* dropped, their alt text kept as text */
	SAN_IMAGES_ORIGIN,	/* <img> on origin, a link elsewhere */
	SAN_IMAGES_KEEP		/* <img>, as html_sanitize() writes them */
};
struct san_images {
	enum san_image_mode	 mode;
	const char		*origin;
	const char		*word;
};
char		*html_sanitize_images(const char *, const char *, size_t,
		    const struct san_images *);

/*
 * listfmt.c: newsboat's list format strings (articlelist-format,
 * feedlist-format).  listfmt_parse(fmt, name, letters, err) checks fmt
 * against a list's field letters (NULL, *err a heap message naming the
 * setting name); listfmt_layout() lays a row out as cells in logical
 * columns (value() gives each letter's text), a heap array freed by
 * listfmt_cells_free().  A cell's text is drawn pad columns into it.
 */
#define LISTFMT_POSTS	"iftTaDnF"	/* articlelist-format's letters */
#define LISTFMT_FEEDS	"intTuUclL"	/* feedlist-format's */
struct listfmt;
struct listfmt_cell {
	int		 x;		/* logical column */
	int		 width;
	int		 pad;		/* aligned right: blank columns first */
	char		 spec;		/* the field's letter; 0: text */
	char		*text;		/* heap */
};
struct listfmt	*listfmt_parse(const char *, const char *, const char *,
		     char **);
void		 listfmt_free(struct listfmt *);
struct listfmt_cell *listfmt_layout(const struct listfmt *, int,
		     const char *(*)(int, void *), void *, size_t *);
void		 listfmt_cells_free(struct listfmt_cell *, size_t);

/* -------- 6. the reader ------------------------------------------------- */

/*
 * ui.c, ui-*.c: the reader.  ui.c owns the terminal, the main loop (the
 * keyboard, the fetch child's progress pipe and a one-second timer in one
 * poll()), the title and status lines and a stack of views; every other
 * ui-*.c file is one view behind struct ui_mode.  A view draws the rows
 * between the title bar (row 0) and the status line (the last row).
 * Everything a feed wrote is made safe (text_safe, text_pad, html.c)
 * before it is drawn.
 */
enum ui_action {
	UA_NONE, UA_QUIT, UA_HARD_QUIT, UA_UP, UA_DOWN, UA_PAGE_UP,
	UA_PAGE_DOWN, UA_TOP, UA_BOTTOM, UA_OPEN, UA_BACK, UA_NEXT, UA_PREV,
	UA_NEXT_UNREAD, UA_PREV_UNREAD, UA_NEXT_FEED, UA_PREV_FEED, UA_RELOAD,
	UA_RELOAD_ALL, UA_TOGGLE_READ, UA_MARK_ALL_READ, UA_BROWSE, UA_SEARCH,
	UA_FILTER_TAG, UA_CLEAR_FILTER, UA_TAG, UA_TOGGLE_SHOW_READ, UA_SORT,
	UA_HELP, UA_REDRAW, UA_LINKS, UA_SORT_FEEDS, UA_UNDO, UA_FILTER,
	UA_PIPE, UA_SAVE, UA_ENCLOSURE, UA_FEED_SETTINGS, UA_SEARCH_ALL,
	UA_GOTO_URL, UA_BOOKMARK, UA_CMDLINE, UA_BROWSE_MARK,
	UA__COUNT
};
struct ui_view;
struct ui_mode {
	const char	*name;
	void		(*draw)(struct ui_view *, int, int);	/* rows, cols */
	/* Returns 1 if it handled the action, 0 to let ui.c try. */
	int		(*action)(struct ui_view *, enum ui_action);
	void		(*reload)(struct ui_view *);	/* the data changed */
	void		(*click)(struct ui_view *, int);	/* body row */
	/*
	 * A list's next (dir 1) or previous (-1) item, unread only if
	 * asked: the cursor moves there and its id is returned, 0 if there
	 * is none.  A view opened from a list steps through it with this
	 * (the article's n/p/J/K; a feed's posts going on to the next feed
	 * of the feed list, whose items are feeds with unread posts if
	 * asked); NULL in a view that is not such a list.
	 */
	int64_t		(*step)(struct ui_view *, int, int);
	/* The view's list (the command line's :NUMBER), NULL: none. */
	struct ui_list	*(*list)(struct ui_view *);
	void		(*free)(struct ui_view *);
};
struct ui_view {
	const struct ui_mode	*mode;
	struct ui_view		*below;		/* the view it was opened from */
	char			*title;		/* heap, for the title bar */
	void			*data;		/* the mode's, freed by free() */
};
/*
 * ui-history.c: the searches typed at /, oldest first (heap strings), at
 * most UI_HISTORY_MAX, kept in path (heap; NULL: in memory only).
 * ui_history_load() (0, or -1 with errno: unreadable) takes path;
 * ui_search_prompt() asks with the history and adds to it.
 */
#define UI_HISTORY_MAX	50
#define UI_HISTORY_FILE	"search-history"
struct ui_history {
	char		**v;
	size_t		  n;
	char		 *path;
};
int		 ui_history_load(struct ui_history *, char *);
void		 ui_history_add(struct ui_history *, const char *);
int		 ui_history_save(const struct ui_history *);
void		 ui_history_free(struct ui_history *);
char		*ui_search_prompt(const char *);
/* A scrolling list: n rows, the cursor and the first row on screen. */
struct ui_list {
	int64_t		 n;
	int64_t		 cur;
	int64_t		 top;
	int		 rows;		/* body height at the last draw */
};
struct ui {
	struct ctx	*ctx;
	struct db	*db;
	struct config	 cfg;
	struct ui_view	*top;
	char		*exe;		/* majlis-net, for the fetch child */
	char		*message;	/* status line text, heap, or NULL */
	int		 message_error;
	int		 message_once;	/* an error the next key clears */
	int		 quit;
	int		 colors;	/* has_colors() and no NO_COLOR */
	int		 dirty;		/* redraw everything */
	int		 rtl;		/* the layout is mirrored (ui.c) */
	int64_t		 data_version;
	int64_t		 last_post;	/* the newest post id seen */
	int64_t		 arrived;	/* listed posts come in since a key */
	int		 fetch_pid;	/* 0: no fetch running */
	int		 fetch_fd;	/* progress pipe, -1: none */
	int		 fetch_err_fd;	/* its stderr's pipe, -1: none */
	int		 fetch_progress;	/* the child spoke the protocol */
	int		 fetch_busy;	/* it found another fetch running */
	int		 key_hinted;	/* "? for help" said for a wrong key */
	uint32_t	 key_char;	/* the key being handled, if a character */
	char		 where[48];	/* the view's position, set as it draws */
	char		 fetch_line[128];	/* partial progress line */
	char		 fetch_err[256];	/* its stderr's line so far */
	char		 fetch_why[256];	/* and the last whole one */
	long		 fetch_done, fetch_total, fetch_new, fetch_failed;
	time_t		 fetch_last;	/* start of the last fetch */
	int		 browser_pid;	/* a detached browser; 0 none */
	char		*browser_prog;	/* its name, heap */
	FILE		*browser_err;	/* its stderr (a temporary file) */
	struct ui_history searches;	/* what / was asked (ui-history.c) */
	struct ui_history commands;	/* what : was asked, this run's */
	struct ui_history pipes;	/* what | was asked, in memory only */
	struct ui_history files;	/* and w */
};
extern struct ui *ui;
int		 ui_main(struct ctx *);
void		 ui_draw(void);
struct ui_view	*ui_push(const struct ui_mode *, void *, char *);
void		 ui_pop(void);
void		 ui_status(int, const char *, ...) printflike(2, 3);
void		 ui_reload_all(void);
void		 ui_config_applied(int);
char		*ui_feed_name(const char *, const char *);	/* heap */
/*
 * ui-draw.c: cells in logical coordinates, dates, a list's cursor, and
 * what a search matched highlighted: ui_hl_marks() marks a line's matched
 * bytes and what the config's highlight lines match (heap, or NULL),
 * ui_put_marks() is ui_put_bidi() with marks drawn in the search colour or
 * the highlight line's, ui_put_hl() the same for what hl matches, and
 * ui_put_visual_marks() ui_put_visual() with marks.
 */
#define UI_MARK_MATCH	1	/* a word the search matched */
#define UI_MARK_CURRENT	2	/* the match n/N went to */
#define UI_MARK_RULE	3	/* + i: what highlight line i matched */
/* The colour pair of highlight line i, after the elements' (ui.c). */
#define UI_PAIR_HL(i)	(CONFIG_NCOLORS + 1 + (i))
int		 ui_attr(int, int);		/* element, focused */
int		 ui_hl_attr(size_t);		/* highlight line i's */
void		 ui_hl_rows(unsigned, const int64_t *, size_t, int *);
void		 ui_put(int, int, int, const char *, int);
void		 ui_put_bidi(int, int, int, const char *, int);
void		 ui_put_visual(int, int, int, const char *, int);
char		*ui_hl_marks(unsigned, struct search_hl *, const char *,
		     size_t);
void		 ui_put_marks(int, int, int, const char *, const char *, int);
void		 ui_put_hl(int, int, int, const char *, int, unsigned,
		     struct search_hl *);
void		 ui_put_visual_marks(int, int, int, const char *,
		     const char *, int);
void		 ui_put_own(int, int, int, const char *, int);
void		 ui_put_line(int, const char *, int);
int		 ui_cursor_x(int, int);
void		 ui_put_title_tags(int, int, int, const char *, const char *,
		     int, int, int, unsigned, struct search_hl *);
void		 ui_put_cells(int, const struct listfmt_cell *, size_t, int,
		     unsigned, struct search_hl *);
char		*ui_date(int64_t);		/* heap */
void		 ui_list_fix(struct ui_list *, int);
int		 ui_list_action(struct ui_list *, enum ui_action);

/*
 * config-keys.c: the reader's actions (the one table: name, default keys,
 * help), key bindings and colours, for config.c and the reader.  Keys are
 * named canonically ("j", "^R", "ENTER", "PGDN", "F5"):
 * config_key_from_curses() names what get_wch() returned, config_action()
 * says what it is bound to.  config_bind() and config_color() apply a
 * "bind" or "color" line's words: 0, or -1 with a heap message in *err.
 */
struct ui_action_info {
	const char	*name;		/* as in bind lines */
	enum ui_action	 action;
	const char	*keys;		/* default keys, space-separated */
	const char	*help;
};
extern const struct ui_action_info ui_actions[];
extern const size_t ui_nactions;
enum ui_action	 ui_action_by_name(const char *);
enum ui_action	 ui_key_action(const struct config *, int, uint32_t);
int		 config_key_latin(int, uint32_t);
char		*ui_action_keys(const struct config *, enum ui_action);
int		 config_key_canon(const char *, char *, size_t);
const char	*config_key_from_curses(int, uint32_t, char *, size_t);
int		 config_bind(struct config *, const char *, const char *,
		     char **);
void		 config_bind_defaults(struct config *);
void		 config_bind_mirror(struct config *, int);
/* macro KEY ACTION...: 0, or -1 with *err (heap) */
int		 config_macro(struct config *, char **, int, char **);
/* The actions of the macro on the key get_wch() returned, or NULL. */
const char	*ui_key_macro(const struct config *, int, uint32_t);
const char	*config_action(const struct config *, const char *);
size_t		 config_keys(const struct config *, const char *,
		     const char **, size_t);
int		 config_element(const char *);
int		 config_color(struct config *, char **, int, char **);
/* highlight, highlight-article, highlight-feed: kw and its words */
int		 config_highlight(struct config *, const char *, char **, int,
		     char **);
void		 config_hl_add(struct config *, const struct config_hl *);
void		 config_keys_dump(const struct config *, struct buf *);
void		 config_color_defaults(struct config *);

/* ui-help.c: the help view. */
void		 ui_help_open(void);

/*
 * ui-prompt.c: the one-line editor at the bottom (UTF-8 in, tag
 * completion with TAB).  ui_prompt() returns a heap string, or NULL when
 * the user cancelled; ui_prompt_history() the same, UP and DOWN going
 * through a history (ui-history.c).  ui_tags_parse() splits "a b -c" (or "a, b c, -d":
 * commas, when there are any, separate instead of spaces) into tags to add
 * and to remove (heap vectors of heap strings, free with strv_free).
 */
struct ui_line {
	uint32_t	*c;
	size_t		 len;
	size_t		 cap;
	size_t		 pos;		/* cursor, in characters */
};
void		 ui_line_set(struct ui_line *, const char *);
void		 ui_line_insert(struct ui_line *, uint32_t);
void		 ui_line_erase(struct ui_line *, int);	/* <0 back, >0 fwd */
char		*ui_line_text(const struct ui_line *, size_t, size_t);
void		 ui_line_free(struct ui_line *);
size_t		 ui_line_complete(struct ui_line *, char *const *, size_t,
		     struct buf *);
char		*ui_prompt(const char *, const char *, char *const *, size_t);
char		*ui_prompt_history(const char *, const char *,
		     const struct ui_history *);
/* TAB's candidates for the line before the cursor: a heap strv */
typedef char	**(*ui_cands_fn)(const char *, size_t *);
char		*ui_prompt_complete(const char *, const struct ui_history *,
		     ui_cands_fn);
int		 ui_yes_no(const char *);	/* one key, 1: y */

/*
 * ui-spawn.c: the browser and the background fetch, fork + exec only;
 * ui_first_line(), the first line a child wrote in a file, safe (heap);
 * ui_fetch_err_read() takes the fetch's stderr as it comes.
 */
char		*ui_first_line(FILE *);
char		**ui_browser_argv(const char *, const char *, size_t *);
int		 ui_browse(const char *);
int		 ui_fetch_start(const char *);
void		 ui_fetch_read(void);
void		 ui_fetch_err_read(void);
void		 ui_reap(void);

/* ui-feeds.c, ui-posts.c, ui-article.c, ui-links.c: the views. */
void		 ui_feeds_open(void);
int		 ui_feeds_goto(const char *);
/* ui-cmdline.c: the : command line. */
void		 ui_cmdline(void);
void		 ui_posts_open(const struct db_post_query *, const char *);
/* the / prompt of a list: in q's feed, tag or filter (name), or all */
void		 ui_search(const struct db_post_query *, const char *);
/* F, q's posts through a filter typed; name: q's list */
void		 ui_filter_open(const struct db_post_query *, const char *);
/* ... the same with the filter given */
void		 ui_filter_posts(const struct db_post_query *, const char *,
		     const char *);
/* ui-commands.c: commands on a post (|, w, E, ^B), argv only. */
void		 ui_pipe_post(const struct db_post *);
void		 ui_save_post(const struct db_post *);
void		 ui_bookmark_post(const struct db_post *);
void		 ui_open_enclosure(const char *);
char		*post_file_name(const char *, int64_t, const char *);
/*
 * ui-edit.c: tag editing, mass changes asked first, and U, the undo of the
 * last mark or tag change.  ui_tags_parse() splits a tag line ("a -b")
 * into heap vectors; ui_tag_names() every tag, for completion;
 * ui_edit_tags() asks for and applies a tag line.  ui_mark_read() marks what q lists read (asking first
 * above confirm-threshold posts); ui_undo_mark() and ui_undo_tags()
 * record a change done otherwise (ids: the posts whose flag became read;
 * tags: the post's or the feed's tags before).
 */
void		 ui_mark_read(const struct db_post_query *);
void		 ui_undo_mark(const int64_t *, size_t, int);
void		 ui_undo_tags(int64_t, int64_t, char *const *, size_t);
void		 ui_undo(void);
void		 ui_undo_free(void);
int		 ui_tags_parse(const char *, char ***, size_t *, char ***,
		     size_t *);
char		**ui_tag_names(size_t *);
int		 ui_edit_tags(int64_t, int64_t);
/* post id, the list it was opened from, and that list's search or NULL */
void		 ui_article_open(int64_t, struct ui_view *, const char *);
void		 ui_links_open(const char *, const char *, const char *const *,
		     size_t);
size_t		 ui_links_ask(size_t);	/* a link's number asked, 0 none */

/* -------- 7. the commands on the cache ---------------------------------- */

/*
 * cmd.c: what the commands share.  cmd_usage() prints a command's usage
 * and returns EXIT_USAGE; cmd_json_option() reads a command whose only
 * option is -j/--json; cmd_db_open() opens the database or says why;
 * cmd_post_id() reads a POST argument, cmd_number() an option's number
 * from min to max; cmd_print_field() prints feed text
 * on one line, terminal-safe (NULL or empty: the default), cmd_print_url()
 * a URL, both with credentials masked (url.c), as cmd_json_masked() writes
 * a URL (is_url) or a message in JSON; cmd_print_date() a post's local
 * time; cmd_filter_caret() points at a filter's error; cmd_getopt() is
 * getopt_long() saying a bad option in the messages' language.
 */
int		 cmd_usage(const struct cmd_entry *);
int		 cmd_json_option(const struct cmd_entry *, int, char **, int *);
struct db	*cmd_db_open(struct ctx *);	/* prints the error; NULL */
int		 cmd_post_id(const char *, int64_t *);	/* parse POST; -1 */
int		 cmd_number(const char *, int64_t, int64_t, int64_t *);
void		 cmd_print_field(FILE *, const char *, const char *);
void		 cmd_print_url(FILE *, const char *, const char *);
void		 cmd_json_masked(struct json *, const char *, int);
void		 cmd_print_date(FILE *, int64_t);
void		 cmd_filter_caret(const char *, size_t);
struct option;
int		 cmd_getopt(int, char **, const char *, const struct option *);

/*
 * The commands, one a file (cmd-NAME.c; tag and untag are cmd-tag.c's).
 * majlis's own: feeds, feed, posts, show, tag, untag, mark, remove,
 * wipe, unfollow, lists (below).  majlis-net's: fetch, add (cmd-add.c), follow;
 * majlis-xml's: parse, import, export, river (above, by what they use).
 */
extern const struct cmd_entry cmd_feeds_entry;
extern const struct cmd_entry cmd_feed_entry;
extern const struct cmd_entry cmd_posts_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_tag_entry;
extern const struct cmd_entry cmd_untag_entry;
extern const struct cmd_entry cmd_mark_entry;
extern const struct cmd_entry cmd_remove_entry;
extern const struct cmd_entry cmd_wipe_entry;
extern const struct cmd_entry cmd_add_entry;
#define CMD_ADD_USAGE	"URL [TAG...]"
#define CMD_ADD_HELP	N_("subscribe to a feed")

/* cmd-lists.c (follow is cmd-follow.c, majlis-net's) */
extern const struct cmd_entry cmd_unfollow_entry;
extern const struct cmd_entry cmd_lists_entry;

/*
 * river.c: the river's files.  river_publish(db, opts) writes them: 0, or
 * -1 said on stderr.  link (NULL: none) ends in '/', lang is a clean tag,
 * the page's language, and title NULL is "majlis river" in it.
 */
struct river_opts {
	const char	*dir;
	int		 set;		/* RIVER_*: which feeds */
	const char	*list;		/* RIVER_LIST */
	const char	*tag;		/* RIVER_TAG */
	const char	*title;
	char		*link;
	char		*lang;
	const char	*zone;		/* NULL: local time */
	int64_t		 days, per_feed, limit;
	enum san_image_mode images;	/* --images: not KEEP */
};
int		 river_publish(struct db *, const struct river_opts *);

/* cmd-river.c */
extern const struct cmd_entry cmd_river_entry;
#define CMD_RIVER_USAGE	"--out DIR [--list URL | --tag T | --all] [--days N]" \
	" [--per-feed N] [--limit N]" \
	" [--title TEXT] [--link URL] [--tz ZONE] [--lang L]" \
	" [--images none|link|inline-same-origin]"
#define CMD_RIVER_HELP	N_("write the river page, its Atom feed and the member list")

#endif /* MAJLIS_H */
