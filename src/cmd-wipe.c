/*
 * majlis wipe [--yes]: erase the cache, the database file with its -wal,
 * -shm and -journal and the fetch lock, each overwritten with zeros
 * before it goes (db_wipe()).  Nothing is undone, so on a terminal it
 * asks first, once; without one it asks nothing and does nothing unless
 * told --yes (a script that meant something else must not erase).
 *
 * A cache in use is refused, not wiped under its user: a fetch would
 * commit into a file no longer there, and the reader's last close would
 * write a new WAL beside whatever came next.  The refusal holds for what
 * is open when wipe looks (db_wipe_user(), db_wipe_lock()); the lock
 * taken then keeps a fetch from starting until the files are gone.  The
 * config is the user's: it stays.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

static int cmd_wipe_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_wipe_entry = {
	.name = "wipe",
	.usage = "[--yes]",
	.help = N_("erase the cache and its files, asking first"),
	.exec = cmd_wipe_exec,
};

/* A file db_wipe() could not remove, named. */
static void
wipe_failed(void *arg, const char *path, int e)
{
	(void)arg;
	warnx_("%s: %s", path, strerror(e));
}

/* Whether a process has the database at path open; if so, says which. */
static int
wipe_in_use(const char *path)
{
	pid_t	 pid;

	if ((pid = db_wipe_user(path)) == 0)
		return 0;
	if (pid == -1)
		warnx_(_("%s: in use by another process (the reader or a "
		    "fetch): quit it, or let it end, and wipe again"), path);
	else
		warnx_(_("%s: in use by process %ld (the reader or a fetch): "
		    "quit it, or let it end, and wipe again"), path, (long)pid);
	return 1;
}

/*
 * Ask on the terminal whether to erase path: 1 for a yes (i18n_yes()),
 * 0 for anything else, end of input included.
 */
static int
wipe_ask(const char *path)
{
	char	 line[128];
	size_t	 n;

	fprintf(stderr, _("Erase the cache %s and its files? This cannot be "
	    "undone."), path);
	fprintf(stderr, " (%s/%s) ", _("y"), _("n"));
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	n = strcspn(line, "\r\n");
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	line[n] = '\0';
	return i18n_yes(line);
}

static int
cmd_wipe_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "yes",	no_argument,	NULL, 'y' },
		{ NULL,		0,		NULL, 0 }
	};
	char	*path;
	int	 ch, fd, yes = 0, status = EXIT_SOMEFAIL;

	while ((ch = cmd_getopt(argc, argv, "y", longopts)) != -1) {
		if (ch != 'y')
			return cmd_usage(&cmd_wipe_entry);
		yes = 1;
	}
	if (argc != optind)
		return cmd_usage(&cmd_wipe_entry);
	if (!yes && !isatty(STDIN_FILENO)) {
		warnx_(_("wipe: not asking without a terminal: give --yes to "
		    "erase the cache"));
		return EXIT_USAGE;
	}
	path = db_file_path(ctx->db_path);
	if (wipe_in_use(path))
		goto out;
	if (!yes && !wipe_ask(path)) {
		fprintf(stderr, "%s\n", _("Nothing was erased."));
		status = EXIT_OK;
		goto out;
	}
	/* Again under the lock: the question may have taken a while. */
	if ((fd = db_wipe_lock(path)) == -2)
		warnx_(_("%s: a fetch is running: wipe again when it has "
		    "ended"), path);
	else if (fd == -1 && errno == ENOENT)
		status = EXIT_OK;	/* no directory: no cache to erase */
	else if (fd == -1) {
		warnx_("%s: %s", path, strerror(errno));
		status = EXIT_USAGE;
	} else {
		if (!wipe_in_use(path) &&
		    db_wipe(path, wipe_failed, NULL) == 0)
			status = EXIT_OK;
		close(fd);
	}
out:
	free(path);
	return status;
}
