/*
 * majlis's commands, in the order 'majlis --help' lists them.  The
 * cmd_exec_* entries hand the command over to majlis-net or majlis-xml
 * (src/cmd-exec.c), whose own tables are src/net-table.c and
 * src/xml-table.c.
 */
#include <stddef.h>

#include "majlis.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_exec_fetch_entry,
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
	NULL
};

/* With no command, the reader. */
int (*const cmd_none)(struct ctx *) = ui_main;
