/*
 * majlis-net's commands: the ones that use the network, which majlis hands
 * over to it (prog-majlis.c).  Run without a command it prints its usage:
 * the reader is majlis's.
 */
#include <stddef.h>

#include "majlis.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_fetch_entry,
	&cmd_add_entry,
	&cmd_follow_entry,
	&cmd_sync_entry,
	NULL
};

int (*const cmd_none)(struct ctx *) = NULL;
