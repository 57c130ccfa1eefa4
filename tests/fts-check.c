/*
 * tests/fts-check DB: FTS5's integrity-check of DB's search index, for the
 * tests (fault-kill.sh).  Through majlis's own connection: the index is
 * made with majlis's tokenizer, which the sqlite3 shell does not have.
 * Prints "ok" and exits 0, or prints the error and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "db-int.h"

int
main(int argc, char **argv)
{
	struct db	*db;
	char		*err = NULL, *msg = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: fts-check DB\n");
		return 2;
	}
	if ((db = db_open(argv[1], &err)) == NULL) {
		printf("%s\n", err);
		return 1;
	}
	if (sqlite3_exec(db_handle(db), "INSERT INTO posts_fts(posts_fts)"
	    " VALUES('integrity-check')", NULL, NULL, &msg) != SQLITE_OK) {
		printf("%s\n", msg != NULL ? msg : "integrity-check failed");
		sqlite3_free(msg);
		db_close(db);
		return 1;
	}
	db_close(db);
	printf("ok\n");
	return 0;
}
