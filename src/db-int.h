/*
 * db-int.h: what the files of the store (db*.c) share and nothing else
 * sees: the SQLite handle and statements, and the helpers around them.
 * Only the store speaks SQL; every other file goes through majlis.h's
 * db_* functions, which take and return plain values.
 */
#ifndef DB_INT_H
#define DB_INT_H

#include <sqlite3.h>

#include "majlis.h"

/* db.c: a cached prepared statement, reset and unbound. */
sqlite3_stmt	*db_stmt(struct db *, const char *);
int		 db_exec(struct db *, const char *);	/* no rows, no cache */
int		 db_int(struct db *, const char *, int64_t *);	/* one row */
void		 db_retention(struct db *, int *, int *, int *);	/* days, posts, unread */
void		 db_set_store_synced(struct db *, int);
int		 db_store_synced(struct db *);
sqlite3		*db_handle(struct db *);
char		*db_column_str(sqlite3_stmt *, int);	/* heap/NULL */
int64_t		 db_column_date(sqlite3_stmt *, int);
int		 db_bind_date(sqlite3_stmt *, int, int64_t);
int		 db_bind_str(sqlite3_stmt *, int, const char *);
int		 db_step_done(struct db *, sqlite3_stmt *, const char *);
int		 db_find_masked(struct db *, const char *, const char *,
		     int64_t *);
int		 db_row_exists(struct db *, const char *, int64_t, const char *);
int		 db_exec_id(struct db *, const char *, int64_t, const char *,
		     const char *);
int		 db_errorf(struct db *, const char *, ...) printflike(2, 3);
int		 db_error(struct db *, const char *);	/* records, returns -1 */
int		 db_token_register(struct db *);		/* db-token.c */
void		 db_progress(struct db *, int64_t, int64_t);
int64_t		 db_post_id_new(struct db *);	/* never reused; -1 */
int		 db_post_times_flush(struct db *);	/* between feeds */
/*
 * Bind a compiled filter's values (filter.c) to the nameless parameters of
 * a statement, from index *next on (updated).
 */
void		 db_filter_bind(const struct filter *, sqlite3_stmt *, int *);

/* db-tag.c */
int		 db_tag_id(struct db *, const char *, int, int64_t *);
int		 db_tag_gc(struct db *, int64_t);
int		 db_tag_attach(struct db *, const char *, int64_t, const char *,
		     const char *);
void		 db_split_tags(const char *, char ***, size_t *);

#endif /* DB_INT_H */
