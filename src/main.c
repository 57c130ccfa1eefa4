/*
 * majlis: global options, then the command from the table.  With no command
 * the reader opens.  Exit codes are the contract's: 0 success, 1 something
 * asked for failed, 2 usage, unreadable input or database error.
 *
 * The same main() is majlis-net's and majlis-xml's, the programs that hold
 * the network and libxml2: the table (cmd_table, cmd_none) is each
 * program's own, in prog-majlis.c, prog-net.c and prog-xml.c.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

#define USAGE_COLUMN	34	/* width of the usage column in --help */
#define HELP_AT		(2 + 8 + 1 + USAGE_COLUMN + 1)

/*
 * A usage too long for 80 columns, cut before a " [" (an option, whole)
 * and continued at column 11.
 */
static void
usage_wrap(FILE *fp, const char *u)
{
	const char	*p, *cut;
	int		 col = 11;

	while ((int)strlen(u) > 80 - col) {
		cut = NULL;
		for (p = u + 1; p - u <= 80 - col && *p != '\0'; p++) {
			if (p[0] == ' ' && p[1] == '[')
				cut = p;
		}
		if (cut == NULL)
			break;
		fprintf(fp, "%.*s\n%11s", (int)(cut - u), u, "");
		u = cut + 1;
	}
	fprintf(fp, "%s\n", u);
}

/*
 * One command in the --help list: "  NAME     USAGE   HELP" in columns, in
 * 80 columns.  A usage too wide for its column, or a help too long for
 * the line, goes on a line of its own below, so no column is pushed out.
 */
static void
usage_line(FILE *fp, const struct cmd_entry *cmd)
{
	const char	*help = _(cmd->help);

	if (strlen(cmd->usage) <= USAGE_COLUMN &&
	    text_width(help) <= 80 - HELP_AT) {
		fprintf(fp, "  %-8s %-*s %s\n", cmd->name, USAGE_COLUMN,
		    cmd->usage, help);
		return;
	}
	fprintf(fp, "  %-8s ", cmd->name);
	usage_wrap(fp, cmd->usage);
	fprintf(fp, "%11s%s\n", "", help);
}

static __dead void
usage(int status)
{
	const struct cmd_entry	**cmd;
	FILE			 *fp = status == EXIT_OK ? stdout : stderr;

	fprintf(fp, _("usage: majlis [-r] [-d DB] [-c CONFIG] [COMMAND [ARGS...]]\n"
	    "       majlis --help | --version\n\ncommands:\n"));
	for (cmd = cmd_table; *cmd != NULL; cmd++)
		usage_line(fp, *cmd);
	if (cmd_none != NULL)
		fprintf(fp, "%s", _("\nWith no command, majlis opens the "
		    "reader.  See majlis(1).\n"));
	exit(status);
}

/* Does argv ask for --help (before any "--")? */
static int
cmd_wants_help(int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/* Check that everything written to stdout really got out. */
static int
finish_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			warnx_(_("standard output: %s"), strerror(errno));
		return status == EXIT_OK ? EXIT_USAGE : status;
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "refresh-on-start", no_argument,	NULL, 'r' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const struct cmd_entry	**cmd;
	struct ctx		  ctx;
	int			  ch;

	i18n_init();
	memset(&ctx, 0, sizeof ctx);
	ctx.db_path = getenv("MAJLIS_DB");
	ctx.config_path = getenv("MAJLIS_CONFIG");

	/* "+": stop at the command, whose options are its own. */
	while ((ch = cmd_getopt(argc, argv, "+c:d:hrV", longopts)) != -1) {
		switch (ch) {
		case 'c':
			ctx.config_path = optarg;
			break;
		case 'd':
			ctx.db_path = optarg;
			break;
		case 'h':
			usage(EXIT_OK);
		case 'r':
			ctx.refresh = 1;
			break;
		case 'V':
			printf("majlis %s\n", PACKAGE_VERSION);
			return finish_stdout(EXIT_OK);
		default:
			usage(EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	if (argc == 0) {
		if (cmd_none == NULL)
			usage(EXIT_USAGE);
		return cmd_none(&ctx);
	}
	for (cmd = cmd_table; *cmd != NULL; cmd++) {
		if (strcmp((*cmd)->name, argv[0]) == 0)
			break;
	}
	if (*cmd == NULL) {
		warnx_(_("%s: unknown command (see 'majlis --help')"), argv[0]);
		return EXIT_USAGE;
	}
	if (cmd_wants_help(argc, argv)) {
		printf(_("usage: majlis %s %s\n"), (*cmd)->name,
		    (*cmd)->usage);
		printf("  %s\n", _((*cmd)->help));
		return finish_stdout(EXIT_OK);
	}
	optind = 0;	/* glibc: reinitialise getopt for the command */
	return finish_stdout((*cmd)->exec(&ctx, argc, argv));
}
