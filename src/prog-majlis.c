/*
 * majlis: the reader and the commands on the cache, in the order
 * 'majlis --help' lists them (cmd_table).  majlis-net's and majlis-xml's
 * tables are prog-net.c's and prog-xml.c's; main() is main.c's.
 *
 * The commands that need a heavy library run in a program of their own
 * (git's git-remote-https model), so that no other command pays for
 * loading it: a shared library's start (its relocations, its
 * constructors, the libraries it loads in turn) is paid by every process
 * that links it, whether or not it is called.
 *   - majlis-net: fetch, add, follow and sync, the network.  libcurl and its
 *     chain (TLS, LDAP, SSH, Kerberos...) cost about 10 ms a start.
 *   - majlis-xml: parse, import, export and river, the XML files.  libxml2 and
 *     the ICU and C++ libraries it loads cost about 2 ms a start.
 * majlis's entries for those commands exec the program with the same
 * command line, so outputs, exit codes, signals and the process itself (a
 * cron job's, a lock's pid) are those of the one program a user runs; the
 * reader starts majlis-net directly for its background fetch
 * (ui-spawn.c).  majlis-net holds the parser too, and links libxml2.
 * Where a program is found: exec_path() in path.c.
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
	static const struct cmd_entry cmd_exec_##cmd##_entry = {		\
		.name = #cmd,						\
		.usage = CMD_##CMD##_USAGE,				\
		.help = CMD_##CMD##_HELP,				\
		.exec = run						\
	}
EXEC_ENTRY(fetch, FETCH, exec_net);
EXEC_ENTRY(add, ADD, exec_net);
EXEC_ENTRY(follow, FOLLOW, exec_net);
EXEC_ENTRY(sync, SYNC, exec_net);
EXEC_ENTRY(parse, PARSE, exec_xml);
EXEC_ENTRY(import, IMPORT, exec_xml);
EXEC_ENTRY(export, EXPORT, exec_xml);
EXEC_ENTRY(river, RIVER, exec_xml);

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

/* The commands, in the order 'majlis --help' lists them. */
const struct cmd_entry *cmd_table[] = {
	&cmd_exec_fetch_entry,
	&cmd_exec_sync_entry,
	&cmd_exec_add_entry,
	&cmd_remove_entry,
	&cmd_exec_import_entry,
	&cmd_exec_export_entry,
	&cmd_feeds_entry,
	&cmd_feed_entry,
	&cmd_posts_entry,
	&cmd_show_entry,
	&cmd_tag_entry,
	&cmd_untag_entry,
	&cmd_mark_entry,
	&cmd_exec_parse_entry,
	&cmd_exec_follow_entry,
	&cmd_unfollow_entry,
	&cmd_lists_entry,
	&cmd_exec_river_entry,
	&cmd_wipe_entry,
	NULL
};

/* With no command, the reader. */
int (*const cmd_none)(struct ctx *) = ui_main;
