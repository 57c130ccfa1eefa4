/*
 * The commands that need a heavy library run in a program of their own
 * (git's git-remote-https model), so that no other command pays for
 * loading it: a shared library's start (its relocations, its
 * constructors, the libraries it loads in turn) is paid by every process
 * that links it, whether or not it is called.
 *   - majlis-net: fetch, add and follow, the network.  libcurl and its chain
 *     (TLS, LDAP, SSH, Kerberos...) cost about 10 ms a start.
 *   - majlis-xml: parse, import and export, the XML files.  libxml2 and
 *     the ICU and C++ libraries it loads cost about 2 ms a start.
 * majlis's entries for those commands exec the program with the same
 * command line, so outputs, exit codes, signals and the process itself (a
 * cron job's, a lock's pid) are those of the one program a user runs; the
 * reader starts majlis-net directly for its background fetch
 * (ui-spawn.c).  majlis-net holds the parser too, and links libxml2.
 *
 * Where a program is, first found wins:
 *   1. in $MAJLIS_LIBEXEC, when that is set (tests, relocated installs);
 *   2. beside the running binary (/proc/self/exe): the build tree;
 *   3. in $(pkglibexecdir), where 'make install' puts it.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

static int	exec_net(struct ctx *, int, char **);
static int	exec_xml(struct ctx *, int, char **);

/* Each entry has the usage and help of the command it runs. */
#define EXEC_ENTRY(cmd, CMD, run)					\
	const struct cmd_entry cmd_exec_##cmd##_entry = {		\
		.name = #cmd,						\
		.usage = CMD_##CMD##_USAGE,				\
		.help = CMD_##CMD##_HELP,				\
		.exec = run						\
	}
EXEC_ENTRY(fetch, FETCH, exec_net);
EXEC_ENTRY(add, ADD, exec_net);
EXEC_ENTRY(follow, FOLLOW, exec_net);
EXEC_ENTRY(parse, PARSE, exec_xml);
EXEC_ENTRY(import, IMPORT, exec_xml);
EXEC_ENTRY(export, EXPORT, exec_xml);
EXEC_ENTRY(river, RIVER, exec_xml);

/*
 * "DIR/name", where DIR holds the running binary, if access(mode) allows
 * it; else NULL.  Heap string.
 */
char *
beside_self(const char *name, int mode)
{
	char		 self[PATH_MAX], *slash, *path;
	ssize_t		 n;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return NULL;
	*slash = '\0';
	xasprintf(&path, "%s/%s", self, name);
	if (access(path, mode) == 0)
		return path;
	free(path);
	return NULL;
}

/* The path of program (see the top of the file).  Heap string. */
char *
exec_path(const char *program)
{
	char		*path;
	const char	*dir;

	if ((dir = getenv("MAJLIS_LIBEXEC")) != NULL && *dir != '\0') {
		xasprintf(&path, "%s/%s", dir, program);
		return path;
	}
	if ((path = beside_self(program, X_OK)) != NULL)
		return path;
	xasprintf(&path, "%s/%s", PKGLIBEXECDIR, program);
	return path;
}

/*
 * Run "program [-d DB] [-c CONFIG] COMMAND ARGS..." in place of this
 * process.  Returns only if it could not be started: EXIT_USAGE, said on
 * stderr.
 */
static int
exec_program(const char *program, struct ctx *ctx, int argc, char **argv)
{
	char	**v, *path;
	int	  i, n = 0;

	path = exec_path(program);
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
	warnx_(_("%s: cannot run %s: %s"), argv[0], path, strerror(errno));
	free(v);
	free(path);
	return EXIT_USAGE;
}

static int
exec_net(struct ctx *ctx, int argc, char **argv)
{
	return exec_program(NET_PROGRAM, ctx, argc, argv);
}

static int
exec_xml(struct ctx *ctx, int argc, char **argv)
{
	return exec_program(XML_PROGRAM, ctx, argc, argv);
}
