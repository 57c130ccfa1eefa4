/*
 * majlis sync [-q]: sync the cache with the server the config names
 * (sync-server; sync.c does the work).  It holds the fetch lock, as a
 * fetch does, so a sync and a fetch (which syncs first itself) never run
 * at once.  Exit 0, 1 when the server could not be synced with (a wrong
 * password too: nothing was changed then), 2 a usage, config or database
 * error.
 */
#include <getopt.h>
#include <stdlib.h>

#include "majlis.h"

static int cmd_sync_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.usage = CMD_SYNC_USAGE,
	.help = CMD_SYNC_HELP,
	.exec = cmd_sync_exec,
};

static int
cmd_sync_exec(struct ctx *ctx, int argc, char **argv)
{
	struct config	 cfg;
	struct db	*db = NULL;
	char		*err = NULL;
	int		 ch, quiet = 0, rc, status = EXIT_USAGE;

	while ((ch = cmd_getopt(argc, argv, "q", NULL)) != -1) {
		switch (ch) {
		case 'q':
			quiet = 1;
			break;
		default:
			return cmd_usage(&cmd_sync_entry);
		}
	}
	if (argc != optind)
		return cmd_usage(&cmd_sync_entry);
	if (config_read(&cfg, ctx->config_path, CONFIG_NET, &err) == -1) {
		warnx_("%s", err);
		free(err);
		goto out;
	}
	if (cfg.sync_server == SYNC_NONE) {
		warnx_("%s", _("sync: no sync-server is set in the config"));
		goto out;
	}
	if (fetch_check_config(&cfg) == -1)
		goto out;
	if ((db = cmd_db_open(ctx)) == NULL)
		goto out;
	if ((rc = db_fetch_lock(db, 1)) != 0) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		goto out;
	}
	rc = sync_run(db, &cfg, quiet);
	db_fetch_unlock(db);
	status = rc == 0 ? EXIT_OK : rc == 1 ? EXIT_SOMEFAIL : EXIT_USAGE;
out:
	if (db != NULL)
		db_close(db);
	config_free(&cfg);
	return status;
}
