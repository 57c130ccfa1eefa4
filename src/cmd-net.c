/*
 * The commands that use the network run in a program of their own,
 * majlis-net (git's git-remote-https model): libcurl and the chain of
 * libraries it loads (TLS, LDAP, SSH, Kerberos...) cost every process that
 * links them a start-up of several milliseconds in their constructors,
 * though only fetch and add ever touch the network.  majlis's entries for
 * those commands exec majlis-net with the same command line, so outputs,
 * exit codes, signals and the process itself (a cron job's, a lock's pid)
 * are those of the one program a user runs; the reader starts majlis-net
 * directly for its background fetch (ui-spawn.c).
 *
 * Where majlis-net is, first found wins:
 *   1. $MAJLIS_LIBEXEC/majlis-net, when that is set (tests, relocated
 *      installs);
 *   2. beside the running binary (/proc/self/exe): the build tree;
 *   3. $(pkglibexecdir)/majlis-net, where 'make install' puts it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

static int	cmd_net_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_net_fetch_entry = {
	.name = "fetch",
	.usage = CMD_FETCH_USAGE,
	.help = CMD_FETCH_HELP,
	.exec = cmd_net_exec
};

const struct cmd_entry cmd_net_add_entry = {
	.name = "add",
	.usage = CMD_ADD_USAGE,
	.help = CMD_ADD_HELP,
	.exec = cmd_net_exec
};

/* The path of majlis-net (see the top of the file).  Heap string. */
char *
net_path(void)
{
	char		 self[PATH_MAX], *slash, *path;
	const char	*dir;
	ssize_t		 n;

	if ((dir = getenv("MAJLIS_LIBEXEC")) != NULL && *dir != '\0') {
		xasprintf(&path, "%s/%s", dir, NET_PROGRAM);
		return path;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			xasprintf(&path, "%s/%s", self, NET_PROGRAM);
			if (access(path, X_OK) == 0)
				return path;
			free(path);
		}
	}
	return xstrdup(PKGLIBEXECDIR "/" NET_PROGRAM);
}

/*
 * Run "majlis-net [-d DB] [-c CONFIG] COMMAND ARGS..." in place of this
 * process.  Returns only if it could not be started: EXIT_USAGE, said on
 * stderr.
 */
static int
cmd_net_exec(struct ctx *ctx, int argc, char **argv)
{
	char	**v, *path;
	int	  i, n = 0;

	path = net_path();
	v = xreallocarray(NULL, (size_t)argc + 6, sizeof *v);
	v[n++] = path;
	if (ctx->db_path != NULL) {
		v[n++] = (char *)"-d";
		v[n++] = (char *)ctx->db_path;
	}
	if (ctx->config_path != NULL) {
		v[n++] = (char *)"-c";
		v[n++] = (char *)ctx->config_path;
	}
	for (i = 0; i < argc; i++)
		v[n++] = argv[i];
	v[n] = NULL;
	execv(path, v);
	warnx_("%s: cannot run %s: %s", argv[0], path, strerror(errno));
	free(v);
	free(path);
	return EXIT_USAGE;
}
