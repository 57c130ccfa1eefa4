/*
 * majlis-xml's commands: the ones that read or write XML files with
 * libxml2, which majlis hands over to it (prog-majlis.c).  Run without a
 * command it prints its usage: the reader is majlis's.
 */
#include <stddef.h>

#include "majlis.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_import_entry,
	&cmd_export_entry,
	&cmd_parse_entry,
	&cmd_river_entry,
	NULL
};

int (*const cmd_none)(struct ctx *) = NULL;
