/*
 * List format strings, newsboat's articlelist-format and feedlist-format:
 * text with %-sequences that say what a row of a list shows, and where.
 *
 *	%t, %-40t, %6u	a field (one letter), its value as it is, or padded
 *			or cut to a width: on the left (a positive width,
 *			aligned right) or on the right (negative, aligned
 *			left), as printf pads
 *	%?T?A&B?	A if field T's value has a letter that is not a
 *			space, else B (the "&B" may be left out)
 *	%>c		what follows is aligned to the end of the line, the
 *			columns between filled with the character c
 *	%%		a percent sign
 *
 * listfmt_parse() checks a format against the letters a list knows, once
 * (config.c, as the file is read) and again at each draw (the reader);
 * listfmt_layout() lays one row out as cells in logical columns (column 0
 * where a line begins), each field's value in a cell of its own, so that
 * the reader draws each in its own direction, a mirrored layout included.
 * Nothing here draws, and nothing here knows what a field means: the
 * caller gives each letter's value.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

enum item_kind { ITEM_TEXT, ITEM_FIELD, ITEM_FILL, ITEM_IF };

struct item {
	enum item_kind	 kind;
	char		*text;		/* ITEM_TEXT; ITEM_FILL: its character */
	char		 spec;		/* ITEM_FIELD, ITEM_IF: the letter */
	int		 width;		/* ITEM_FIELD: 0 the value's own */
	int		 left;		/* ITEM_FIELD: '-', padded on the right */
	struct listfmt	*then, *other;	/* ITEM_IF; other may be NULL */
};

struct listfmt {
	struct item	*v;
	size_t		 n;
};

static struct item *
item_add(struct listfmt *f, enum item_kind kind)
{
	struct item	*it;

	f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
	it = &f->v[f->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	return it;
}

void
listfmt_free(struct listfmt *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->v[i].text);
		listfmt_free(f->v[i].then);
		listfmt_free(f->v[i].other);
	}
	free(f->v);
	free(f);
}

/* The fields a list knows, for a message: "%i %t %a". Heap. */
static char *
fields_list(const char *letters)
{
	struct buf	 b;

	buf_init(&b);
	for (; *letters != '\0'; letters++)
		buf_addf(&b, "%s%%%c", b.len > 0 ? " " : "", *letters);
	buf_str(&b);
	return buf_take(&b);
}

/* The length of the (UTF-8) character at s, 1 for a byte that is none. */
static size_t
char_len(const char *s)
{
	uint32_t	 cp;
	size_t		 n;

	n = utf8_decode(s, strlen(s), &cp);
	return n > 0 ? n : 1;
}

/* Does a conditional or the end of the text stop the text at p? */
static int
stops(const char *p, int nested)
{
	return *p == '\0' || (nested && (*p == '&' || *p == '?'));
}

/*
 * Parse *pp up to the end, or (in a conditional, nested) up to an '&' or
 * a '?', which is left at *pp.  NULL with *err (heap) if a sequence is not
 * one of letters' or is not finished.
 */
static struct listfmt *
parse_list(const char **pp, const char *name, const char *letters,
    int nested, char **err)
{
	struct listfmt	*f;
	struct item	*it;
	const char	*p = *pp, *start;
	char		 seq[8], *list;
	size_t		 n;

	f = xcalloc(1, sizeof *f);
	while (!stops(p, nested)) {
		if (*p != '%' || p[1] == '%') {
			/* Text, up to the next sequence ("%%" is one '%'). */
			it = item_add(f, ITEM_TEXT);
			if (*p == '%') {
				it->text = xstrdup("%");
				p += 2;
				continue;
			}
			for (start = p; !stops(p, nested) && *p != '%'; p++)
				continue;
			it->text = xstrndup(start, (size_t)(p - start));
			continue;
		}
		p++;
		if (*p == '>') {
			if (p[1] == '\0')
				goto unfinished;
			it = item_add(f, ITEM_FILL);
			n = char_len(p + 1);
			it->text = xstrndup(p + 1, n);
			p += 1 + n;
			continue;
		}
		if (*p == '?' && p[1] != '\0' && strchr(letters, p[1]) != NULL &&
		    p[2] == '?') {
			it = item_add(f, ITEM_IF);
			it->spec = p[1];
			p += 3;
			if ((it->then = parse_list(&p, name, letters, 1,
			    err)) == NULL)
				goto bad;
			if (*p == '&') {
				p++;
				if ((it->other = parse_list(&p, name, letters,
				    1, err)) == NULL)
					goto bad;
			}
			if (*p != '?')
				goto unfinished;
			p++;
			continue;
		}
		it = item_add(f, ITEM_FIELD);
		if (*p == '-') {
			it->left = 1;
			p++;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			if (it->width < 1000)
				it->width = it->width * 10 + (*p - '0');
		}
		if (*p == '\0')
			goto unfinished;
		if (strchr("?&", *p) != NULL || strchr(letters, *p) == NULL) {
			n = char_len(p);
			snprintf(seq, sizeof seq, "%%%.*s", (int)(n < 4 ? n : 4),
			    p);
			list = fields_list(letters);
			/*
			 * TRANSLATORS: the first %s is a setting's name
			 * (articlelist-format), the second what it had ("%x"),
			 * the third its fields ("%i %t %a").
			 */
			xasprintf(err, _("%s: '%s' is not one of its fields:"
			    " %s"), name, seq, list);
			free(list);
			goto bad;
		}
		it->spec = *p++;
	}
	*pp = p;
	return f;
unfinished:
	/* TRANSLATORS: %s is a setting's name (articlelist-format). */
	xasprintf(err, _("%s: a %%-sequence is not finished"), name);
bad:
	listfmt_free(f);
	return NULL;
}

/*
 * Parse fmt, the value of the setting name (for messages), whose fields
 * are the letters of letters.  Returns it (listfmt_free()), or NULL with
 * a heap message in *err.
 */
struct listfmt *
listfmt_parse(const char *fmt, const char *name, const char *letters,
    char **err)
{
	const char	*p = fmt;

	return parse_list(&p, name, letters, 0, err);
}

/* A row as laid out: its cells, and where the fill is. */
struct row {
	struct listfmt_cell	*v;
	size_t			 n;
	size_t			 fill;		/* cells before it; -1 none */
	char			*fillc;		/* borrowed */
};

static void
cell_add(struct row *r, char spec, const char *text, int width, int right)
{
	struct listfmt_cell	*c;
	int			 w = text_width(text);

	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	c = &r->v[r->n++];
	c->spec = spec;
	c->text = xstrdup(text);
	c->x = 0;
	c->width = width > 0 ? width : w;
	/* Aligned right: the blank columns before it. */
	c->pad = right && width > w ? width - w : 0;
}

/* Does s have a character that is not a space? */
static int
has_text(const char *s)
{
	return s != NULL && s[strspn(s, " ")] != '\0';
}

static void
row_add(struct row *r, const struct listfmt *f,
    const char *(*value)(int, void *), void *arg)
{
	const struct item	*it;
	const char		*v;
	size_t			 i;

	for (i = 0; i < f->n; i++) {
		it = &f->v[i];
		switch (it->kind) {
		case ITEM_TEXT:
			cell_add(r, 0, it->text, 0, 0);
			break;
		case ITEM_FIELD:
			v = value(it->spec, arg);
			cell_add(r, it->spec, v != NULL ? v : "", it->width,
			    !it->left);
			break;
		case ITEM_FILL:
			if (r->fill == (size_t)-1) {
				r->fill = r->n;
				r->fillc = it->text;
			}
			break;
		case ITEM_IF:
			if (has_text(value(it->spec, arg)))
				row_add(r, it->then, value, arg);
			else if (it->other != NULL)
				row_add(r, it->other, value, arg);
			break;
		}
	}
}

/*
 * Lay a row out in cols columns: value(letter, arg) gives a field's value
 * (borrowed, safe, on one line; NULL for none).  Returns a heap array of
 * *n cells, in logical columns from where the line begins, cut at cols
 * (listfmt_cells_free()).
 */
struct listfmt_cell *
listfmt_layout(const struct listfmt *f, int cols,
    const char *(*value)(int, void *), void *arg, size_t *n)
{
	struct row		 r;
	struct listfmt_cell	 c;
	struct buf		 b;
	size_t			 i, k;
	int			 x, right, fw, gap;

	memset(&r, 0, sizeof r);
	r.fill = (size_t)-1;
	row_add(&r, f, value, arg);
	for (i = 0, x = 0; i < r.n && i != r.fill; i++) {
		r.v[i].x = x;
		x += r.v[i].width;
	}
	if (r.fill != (size_t)-1) {
		for (right = 0, k = r.fill; k < r.n; k++)
			right += r.v[k].width;
		gap = cols - right - x;
		fw = text_width(r.fillc);
		if (gap > 0 && fw > 0) {
			buf_init(&b);
			for (k = 0; k < (size_t)(gap / fw); k++)
				buf_adds(&b, r.fillc);
			buf_str(&b);
			cell_add(&r, 0, b.s, gap, 0);
			buf_free(&b);
			/* The fill's cell goes where the fill was. */
			c = r.v[r.n - 1];
			memmove(&r.v[r.fill + 1], &r.v[r.fill],
			    (r.n - 1 - r.fill) * sizeof *r.v);
			r.v[r.fill] = c;
		}
		for (i = r.fill; i < r.n; i++) {
			r.v[i].x = x;
			x += r.v[i].width;
		}
	}
	/* Cut at the end of the line. */
	for (i = 0; i < r.n && r.v[i].x < cols; i++) {
		if (r.v[i].x + r.v[i].width > cols)
			r.v[i].width = cols - r.v[i].x;
	}
	for (k = i; k < r.n; k++)
		free(r.v[k].text);
	*n = i;
	return r.v;
}

void
listfmt_cells_free(struct listfmt_cell *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}
