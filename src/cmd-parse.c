/*
 * majlis parse [--json] FILE...: run the feed parser on local files.  With
 * --json it prints the normalized model of the conformance suite (one JSON
 * object per file, one per line), streaming each entry as the parser
 * completes it so that a feed of any size prints in constant memory.  The
 * feed's own fields come after the entries: some of them (an Atom feed's
 * <updated> after its entries, bozo) are only known at the end.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

static int cmd_parse_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_parse_entry = {
	.name = "parse",
	.usage = CMD_PARSE_USAGE,
	.help = CMD_PARSE_HELP,
	.exec = cmd_parse_exec,
};

static void
entry_write_json(struct json *j, const struct entry *e)
{
	size_t	 i;

	json_begin_object(j);
	json_key(j, "title"); json_string(j, e->title);
	json_key(j, "link"); json_string(j, e->link);
	json_key(j, "id"); json_string(j, e->id);
	/* The model is feedparser's, which has no inherited author. */
	json_key(j, "author");
	json_string(j, e->author_inherited ? NULL : e->author);
	json_key(j, "published"); json_date(j, e->published);
	json_key(j, "updated"); json_date(j, e->updated);
	json_key(j, "summary"); json_string(j, e->summary);
	json_key(j, "content"); json_string(j, e->content);
	json_key(j, "tags");
	json_strings(j, e->tags, e->ntags);
	json_key(j, "enclosures");
	json_begin_array(j);
	for (i = 0; i < e->nenclosures; i++) {
		json_begin_object(j);
		json_key(j, "url"); json_string(j, e->enclosures[i].url);
		json_key(j, "type"); json_string(j, e->enclosures[i].type);
		json_key(j, "length");
		if (e->enclosures[i].length < 0)
			json_null(j);
		else
			json_int(j, e->enclosures[i].length);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

/* The feed's own fields, as the "feed" object of the model. */
static void
feed_write_json(struct json *j, const struct feed *f)
{
	json_begin_object(j);
	json_key(j, "title"); json_string(j, f->title);
	json_key(j, "link"); json_string(j, f->link);
	json_key(j, "subtitle"); json_string(j, f->subtitle);
	json_key(j, "updated"); json_date(j, f->updated);
	json_key(j, "published"); json_date(j, f->published);
	json_key(j, "id"); json_string(j, f->id);
	json_key(j, "author"); json_string(j, f->author);
	json_key(j, "rights"); json_string(j, f->rights);
	json_key(j, "generator"); json_string(j, f->generator);
	json_end_object(j);
}

static int
print_entry(struct entry *e, void *arg)
{
	entry_write_json(arg, e);
	return 0;
}

/*
 * The bytes of the file at path, mapped when it is a regular file: the
 * parser then reads the page cache directly, where reading a 46 MB feed
 * into the heap first costs a copy and a page fault per 4 KB, a tenth of
 * the whole parse.  Anything else (standard input, a pipe, an empty file)
 * is read into the heap.  *mapped says which, for input_release().  (A
 * mapped file that another process truncates meanwhile would fault; parse
 * is for looking at files, not for files being rewritten under it.)
 * Returns 0, or -1 with errno set.
 */
static int
input_map(const char *path, char **datap, size_t *lenp, int *mapped)
{
	struct stat	 sb;
	void		*p;
	int		 fd;

	*mapped = 0;
	if (strcmp(path, "-") != 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_size > 0 && (uintmax_t)sb.st_size < SIZE_MAX) {
			p = mmap(NULL, (size_t)sb.st_size, PROT_READ,
			    MAP_PRIVATE, fd, 0);
			if (p != MAP_FAILED) {
				/* One pass from start to end. */
				(void)madvise(p, (size_t)sb.st_size,
				    MADV_SEQUENTIAL);
				close(fd);
				*datap = p;
				*lenp = (size_t)sb.st_size;
				*mapped = 1;
				return 0;
			}
		}
		close(fd);
	}
	return read_file(path, datap, lenp);
}

static void
input_release(char *data, size_t len, int mapped)
{
	if (mapped)
		munmap(data, len);
	else
		free(data);
}

/* Parse one file; print it; returns an exit code. */
static int
parse_one(const char *path, int as_json)
{
	struct json	 j;
	struct feed	*f;
	char		*data, *err = NULL, *title;
	size_t		 len;
	int		 mapped;

	if (input_map(path, &data, &len, &mapped) == -1) {
		warnx_("%s: %s", path, strerror(errno));
		return EXIT_USAGE;
	}
	if (as_json) {
		json_init(&j, stdout, 0);
		json_begin_object(&j);
		json_key(&j, "entries");
		json_begin_array(&j);
		f = feed_parse(data, len, NULL, NULL, print_entry, &j, &err);
		json_end_array(&j);
		if (f != NULL) {
			json_key(&j, "feed");
			feed_write_json(&j, f);
			json_key(&j, "bozo"); json_int(&j, f->bozo);
			json_key(&j, "bozo_exception");
			json_string(&j, f->bozo_message);
			json_key(&j, "version"); json_string(&j, f->version);
		} else {
			json_key(&j, "error"); json_string(&j, err);
		}
		json_end_object(&j);
		json_end(&j);
	} else {
		f = feed_parse(data, len, NULL, NULL, NULL, NULL, &err);
		if (f != NULL) {
			title = text_safe(f->title != NULL ? f->title : "");
			printf("%s: %s, ", path, f->version);
			printf(ngettext("%zu entry", "%zu entries", f->count),
			    f->count);
			if (*title != '\0')
				printf(", \"%s\"", title);
			putchar('\n');
			free(title);
		}
	}
	input_release(data, len, mapped);
	if (f == NULL) {
		warnx_("%s: %s", path, err);
		free(err);
		return EXIT_SOMEFAIL;
	}
	if (f->bozo && !as_json)
		warnx_(_("%s: ill-formed, recovered what could be: %s"), path,
		    f->bozo_message != NULL ? f->bozo_message : "?");
	feed_free(f);
	return EXIT_OK;
}

static int
cmd_parse_exec(struct ctx *ctx, int argc, char **argv)
{
	int	 as_json, status = EXIT_OK, rc, i;

	if ((rc = cmd_json_option(&cmd_parse_entry, argc, argv, &as_json)) != 0)
		return rc;
	if (optind >= argc)
		return cmd_usage(&cmd_parse_entry);
	/*
	 * The JSON writer gathers its output and hands it over in pieces
	 * as large as its buffer: through a stdio buffer too it would be
	 * copied once more, tens of megabytes for a big feed.
	 */
	if (as_json)
		setvbuf(stdout, NULL, _IONBF, 0);
	else
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	for (i = optind; i < argc; i++) {
		rc = parse_one(argv[i], as_json);
		if (rc > status)
			status = rc;
	}
	return status;
}
