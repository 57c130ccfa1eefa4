/*
 * majlis: a terminal RSS/Atom aggregator.
 *
 * This is the one internal header.  Prototypes are grouped by the file that
 * defines them, so the whole program's surface can be read here.
 *
 * Ownership: a function whose name ends in _new, or that is documented as
 * returning "a heap string", hands the caller memory to free (with the
 * matching _free, or free()).  const char * arguments and results are
 * borrowed and never freed by the receiver.
 */
#ifndef MAJLIS_H
#define MAJLIS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/* Exit codes, as in the design's command-line contract. */
#define EXIT_OK		0	/* success */
#define EXIT_SOMEFAIL	1	/* ran, but a feed/post failed or was not found */
#define EXIT_USAGE	2	/* usage error, unreadable input, database error */

/* A date that is absent or could not be parsed. */
#define DATE_NONE	INT64_MIN

/* xmalloc.c: allocation that never returns NULL (it aborts), and messages. */
void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
char		*xstrndup(const char *, size_t);
int		 xasprintf(char **, const char *, ...) printflike(2, 3);
int		 xvasprintf(char **, const char *, va_list);
void		 warnx_(const char *, ...) printflike(1, 2);
__dead void	 fatalx(const char *, ...) printflike(1, 2);
extern const char *progname;

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
void		 buf_add(struct buf *, const void *, size_t);
void		 buf_addc(struct buf *, int);
void		 buf_adds(struct buf *, const char *);
void		 buf_addf(struct buf *, const char *, ...) printflike(2, 3);
void		 buf_reset(struct buf *);
const char	*buf_str(struct buf *);
char		*buf_take(struct buf *);
void		 buf_free(struct buf *);

/* text.c: UTF-8 decoding, validation and terminal-safe text. */
#define UTF8_REPLACEMENT 0xfffd
size_t		 utf8_decode(const char *, size_t, uint32_t *);
void		 utf8_encode(struct buf *, uint32_t);
int		 utf8_valid(const char *, size_t);
char		*utf8_sanitize(const char *, size_t);
int		 text_is_unsafe(uint32_t);
char		*text_safe(const char *);
void		 text_trim(struct buf *);

/*
 * json.c: a small JSON writer.  It keeps the nesting state so that callers
 * never write commas by hand; strings are escaped and invalid UTF-8 is
 * replaced by U+FFFD, so the output is always valid JSON.
 */
#define JSON_MAXDEPTH 16
struct json {
	FILE	*fp;
	int	 depth;
	int	 count[JSON_MAXDEPTH];	/* values written at each level */
	int	 afterkey;		/* a key was just written */
	int	 pretty;
};
void		 json_init(struct json *, FILE *, int);
void		 json_begin_object(struct json *);
void		 json_end_object(struct json *);
void		 json_begin_array(struct json *);
void		 json_end_array(struct json *);
void		 json_key(struct json *, const char *);
void		 json_string(struct json *, const char *);
void		 json_int(struct json *, int64_t);
void		 json_date(struct json *, int64_t);
void		 json_bool(struct json *, int);
void		 json_null(struct json *);
void		 json_end(struct json *);

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
 * empty, or ref is already absolute.
 */
char		*url_resolve(const char *, const char *);
int		 url_is_absolute(const char *);
int		 url_is_http(const char *);

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
	char	*summary;		/* HTML */
	char	*content;		/* HTML */
	int64_t	 published;		/* UTC seconds or DATE_NONE */
	int64_t	 updated;
	char	**tags;
	size_t	 ntags;
	struct enclosure *enclosures;
	size_t	 nenclosures;
};

struct feed {
	char	*title;
	char	*link;
	char	*subtitle;
	char	*id;
	char	*author;
	char	*rights;
	char	*generator;
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
void		 entry_clear(struct entry *);
char		*entry_key(const struct entry *, const char *);
void		 parse_init(void);

/*
 * main.c: global options and the command table.  Each command's exec gets
 * the global context and its own argv (argv[0] is the command's name) and
 * returns an exit code.
 */
struct ctx {
	const char	*db_path;	/* -d, MAJLIS_DB, or NULL for the default */
	const char	*config_path;	/* -c, MAJLIS_CONFIG, or NULL */
};
struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments, after the name */
	const char	*help;		/* one line */
	int		(*exec)(struct ctx *, int, char **);
};
extern const struct cmd_entry *cmd_table[];
int		 cmd_usage(const struct cmd_entry *);
int		 cmd_wants_help(int, char **);
int		 read_file(const char *, char **, size_t *);

/* cmd-parse.c */
extern const struct cmd_entry cmd_parse_entry;
void		 feed_write_json(struct json *, const struct feed *);
void		 entry_write_json(struct json *, const struct entry *);

#endif /* MAJLIS_H */
