/*
 * majlis's commands, in the order 'majlis --help' lists them.  fetch and
 * add need the network: their entries here hand the command over to
 * majlis-net (src/cmd-net.c), whose own table is src/net-table.c.
 */
#include <stddef.h>

#include "majlis.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_net_fetch_entry,
	&cmd_net_add_entry,
	&cmd_remove_entry,
	&cmd_import_entry,
	&cmd_export_entry,
	&cmd_feeds_entry,
	&cmd_posts_entry,
	&cmd_show_entry,
	&cmd_tag_entry,
	&cmd_untag_entry,
	&cmd_mark_entry,
	&cmd_parse_entry,
	NULL
};

/* With no command, the reader. */
int (*const cmd_none)(struct ctx *) = ui_main;
