/*
 * sync.c: sync with a server that a phone also reads from (FreshRSS, a
 * Google Reader API, Miniflux).  Offline first: the cache is the
 * truth the reader sees, the sync only brings the server's feeds, items and
 * their state into it and sends what the user changed back; a fetch still
 * fetches the feeds directly, and a post both bring is one post
 * (db-sync.c).
 *
 * A run, sync_run(), in order:
 *   1. the password, from sync-password-file or sync-password-command's
 *      output (sync_password()); it never goes into the config, the
 *      database, a message, a log or a child's argv, and its memory is
 *      cleared once the login is done;
 *   2. the server's login (ops->login); a refusal ends the run before
 *      anything was written;
 *   3. the push: the subscriptions to change (db_sync_feeds(): feeds
 *      added or removed here, ops->feeds), then the pending changes of
 *      posts (db_sync_pending(), ops->push), each deleted only once the
 *      server acknowledged it (sync_feed_acked(), sync_acked());
 *   4. the pull (ops->pull): feeds, the items new since the last pull a
 *      page at a time, each page one transaction that also moves the
 *      cursor, then the state of every synced post in one transaction;
 *   5. retention (keep-days, keep-posts), as after a fetch.
 * A crash or a lost connection at any point loses nothing and repeats
 * nothing: what was not acknowledged is pushed again (the server's marks
 * are idempotent), what was not committed is pulled again from the last
 * committed cursor.
 *
 * The conflict rule: a pending local change wins.  The pull never writes a
 * field (the read flag, a tag) of a post that has a pending change of it,
 * nor subscribes again to a feed removed here whose unsubscribe is
 * pending; the push sends it first, so the server ends with it too.  A
 * subscription change is sent only when the server's list of feeds does
 * not already show it done, so that one sent before a crash, whose
 * answer never came, is not sent twice.
 *
 * The requests are made with fetch.c's settings (fetch_easy_setup()), so
 * the proxy, the CAs, the timeouts and the user agent apply to the sync as
 * to a fetch; under tor = yes they log in to the proxy as the sync's own
 * (fetch_proxy_login()), a circuit apart from the feeds'.  A server is one
 * file (sync-greader.c, sync-miniflux.c) giving a struct sync_ops.
 */
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "majlis.h"

/* The servers, by sync-server (enum sync_kind). */
static const struct sync_ops *
sync_ops_of(int kind)
{
	switch (kind) {
	case SYNC_FRESHRSS:
	case SYNC_GREADER:
		return &sync_greader_ops;
	case SYNC_MINIFLUX:
		return &sync_miniflux_ops;
	default:
		return NULL;
	}
}

/* The password's first line: a heap string, or NULL (said why). */
static char *
sync_password_file(const char *path)
{
	char	*data, *nl;
	size_t	 len;

	if (read_file(path, &data, &len) == -1) {
		warnx_(_("sync-password-file %s: %s"), path, strerror(errno));
		return NULL;
	}
	if ((nl = strpbrk(data, "\r\n")) != NULL)
		*nl = '\0';
	return data;
}

/*
 * The first line a command prints on its standard output: run without a
 * shell, split at blanks (command_argv()), its standard input /dev/null,
 * its standard error the user's.  A heap string, or NULL (said why).
 */
static char *
sync_password_command(const char *command)
{
	struct buf	 b;
	char		**argv, chunk[512], *nl;
	size_t		 argc;
	ssize_t		 n;
	pid_t		 pid;
	int		 fds[2], status;

	argv = command_argv(command, &argc);
	if (argc == 0 || pipe(fds) == -1) {
		strv_free(argv, argc);
		warnx_(_("sync-password-command: cannot run %s"), command);
		return NULL;
	}
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		strv_free(argv, argc);
		warnx_(_("sync-password-command: cannot run %s"), command);
		return NULL;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		proc_devnull(1 << STDIN_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	strv_free(argv, argc);
	buf_init(&b);
	while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (b.len < 65536)
			buf_add(&b, chunk, (size_t)n);
	}
	explicit_bzero(chunk, sizeof chunk);
	close(fds[0]);
	if (proc_wait(pid, &status) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		if (b.s != NULL)
			explicit_bzero(b.s, b.len);
		buf_free(&b);
		warnx_(_("sync-password-command: %s failed"), command);
		return NULL;
	}
	buf_str(&b);
	if ((nl = strpbrk(b.s, "\r\n")) != NULL)
		*nl = '\0';
	return buf_take(&b);
}

/* The password, as the config says to get it; NULL if it cannot. */
static char *
sync_password(const struct config *cfg)
{
	if (cfg->sync_password_file != NULL)
		return sync_password_file(cfg->sync_password_file);
	if (cfg->sync_password_command != NULL)
		return sync_password_command(cfg->sync_password_command);
	warnx_("%s", _("sync: neither sync-password-file nor "
	    "sync-password-command is set"));
	return NULL;
}

/* Wipe and free the password. */
void
sync_forget_password(struct sync *s)
{
	if (s->password != NULL) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
		s->password = NULL;
	}
}

static size_t
sync_write_cb(char *data, size_t size, size_t nitems, void *arg)
{
	struct buf	*b = arg;

	buf_add(b, data, size * nitems);
	return size * nitems;
}

/*
 * One request to the server: method ("GET" when data is NULL), path after
 * sync-url, data of type ctype to send (or NULL), with the login's header
 * if there is one.  The body is put in *body (reset first).  Returns the
 * HTTP status, or -1 when no answer came (said, with the server's address;
 * never the data, which may hold the password).
 */
long
sync_request(struct sync *s, const char *method, const char *path,
    const char *ctype, const char *data, struct buf *body)
{
	struct curl_slist	*headers = NULL;
	char			 errbuf[CURL_ERROR_SIZE], *url, *h, *msg;
	const char		*why, *proxy;
	long			 status = -1;
	CURLcode		 rc;
	CURL			*e;

	buf_reset(body);
	/* Proxy-only mode's rule holds for the sync as for a feed. */
	if ((why = fetch_refused(&s->opts, s->base, NULL)) != NULL) {
		msg = fetch_error_said(why);
		warnx_(_("sync: %s: %s"), s->cfg->sync_url, msg);
		free(msg);
		return -1;
	}
	if ((e = curl_easy_init()) == NULL) {
		warnx_("%s", _("cannot initialise libcurl"));
		return -1;
	}
	xasprintf(&url, "%s%s", s->base, path);
	errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sync_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, body);
	proxy = fetch_easy_setup(e, &s->opts, NULL);
	fetch_proxy_login(e, &s->opts, proxy, s->login);
	if (s->auth != NULL)
		headers = curl_slist_append(headers, s->auth);
	if (data != NULL) {
		xasprintf(&h, "Content-Type: %s", ctype);
		headers = curl_slist_append(headers, h);
		free(h);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, data);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (headers != NULL)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
	if ((rc = curl_easy_perform(e)) == CURLE_OK)
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	else {
		h = fetch_transfer_error(e, (int)rc, errbuf, proxy != NULL,
		    rc == CURLE_FILESIZE_EXCEEDED, s->opts.max_size);
		msg = fetch_error_said(h);
		free(h);
		warnx_(_("sync: %s: %s"), s->cfg->sync_url, msg);
		free(msg);
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(e);
	free(url);
	buf_str(body);
	return status;
}

/* A GET, or a POST of a form (form not NULL): sync_request(). */
long
sync_http(struct sync *s, const char *path, const char *form,
    struct buf *body)
{
	return sync_request(s, form != NULL ? "POST" : "GET", path,
	    "application/x-www-form-urlencoded", form, body);
}

/*
 * A GET's answer as JSON, or NULL: *status is the answer's status (-1
 * none: said), and an answer of 200 that is not JSON is said; the caller
 * says any other.
 */
struct jval *
sync_get_json_status(struct sync *s, const char *path, const char *what,
    long *status)
{
	struct buf	 body;
	struct jval	*v = NULL;

	buf_init(&body);
	*status = sync_http(s, path, NULL, &body);
	if (*status == 200 && (v = json_parse(body.s, body.len)) == NULL)
		warnx_(_("sync: %s: the server's answer to %s is not JSON"),
		    s->cfg->sync_url, what);
	buf_free(&body);
	return v;
}

/* A GET's answer as JSON, or NULL (said why). */
struct jval *
sync_get_json(struct sync *s, const char *path, const char *what)
{
	struct jval	*v;
	long		 status;

	v = sync_get_json_status(s, path, what, &status);
	if (status != 200 && status != -1)
		sync_bad_answer(s, what, status);
	return v;
}

/* A form value (or a path's part), percent-encoded: a heap string. */
char *
sync_escape(const char *v)
{
	char	*c, *s;

	if ((c = curl_easy_escape(NULL, v, 0)) == NULL)
		fatalx("out of memory");
	s = xstrdup(c);
	curl_free(c);
	return s;
}

/* Say that the server answered status to what, not what was asked. */
void
sync_bad_answer(struct sync *s, const char *what, long status)
{
	warnx_(_("sync: %s: the server answered %ld to %s"),
	    s->cfg->sync_url, status, what);
}

/*
 * Whether a member of a list (a JSON array of objects) has key (a string
 * or a number) equal to value: 1 or 0.
 */
int
sync_listed(const struct jval *list, const char *key, const char *value)
{
	return sync_listed_id(list, key, value) != NULL;
}

/*
 * The "id" (a string or a number) of the member of list whose key is
 * value, borrowed from list; NULL if there is none.
 */
const char *
sync_listed_id(const struct jval *list, const char *key, const char *value)
{
	const char	*v, *id;
	size_t		 i;

	for (i = 0; list != NULL && list->type == JVAL_ARRAY &&
	    i < list->n; i++) {
		if ((v = jval_str(list->v[i], key)) != NULL &&
		    strcmp(v, value) == 0 &&
		    (id = jval_str(list->v[i], "id")) != NULL)
			return id;
	}
	return NULL;
}

/* A string as JSON, quoted and escaped: a heap string. */
char *
sync_json_string(const char *str)
{
	struct json	 j;
	char		*out = NULL;
	size_t		 len = 0;
	FILE		*fp;

	if ((fp = open_memstream(&out, &len)) == NULL)
		fatalx("out of memory");
	json_init(&j, fp, 0);
	json_string(&j, str);
	if (fclose(fp) != 0)
		fatalx("out of memory");
	return out;
}

/*
 * A page of a pull held an item of a feed the server's list did not have
 * (one subscribed there since it was read): the page is undone, its new
 * posts uncounted, and the feeds listed again by relist, once a pull, so
 * that the caller asks for the same page again.  0, 1, -1 as ops->pull.
 */
int
sync_page_relist(struct sync *s, int64_t counted,
    int (*relist)(struct sync *))
{
	db_rollback(s->db);
	s->new_posts = counted;
	s->relisted = 1;
	return relist(s);
}

/*
 * Is status the server's refusal of a change, one no later sync would see
 * answered otherwise (a feed it cannot read, a post it no longer has)?  A
 * 4xx but those of the login (401, 403) and of a busy server (408, 429),
 * which the next sync may see go.
 */
static int
sync_refusal(long status)
{
	return status >= 400 && status < 500 && status != 401 &&
	    status != 403 && status != 408 && status != 429;
}

/*
 * The server answered status to changes c[0..n) of posts, not done: a
 * refusal (sync_refusal(): the post is gone from the server, say) is said
 * and the changes dropped, or they would block every later sync; else (no
 * answer, a server's error) they stay for the next.  0, 1, -1 as
 * ops->push.
 */
int
sync_refused(struct sync *s, const struct db_sync_change *c, size_t n,
    const char *what, long status)
{
	if (status == -1)
		return 1;
	sync_bad_answer(s, what, status);
	if (!sync_refusal(status))
		return 1;
	return db_sync_pending_done(s->db, c, n) == -1 ? -1 : 0;
}

/*
 * The server answered status to subscription change c, not done: a
 * refusal (sync_refusal(): not a feed, say) is said and the change
 * dropped, as no later sync would change the answer; else (no answer, a
 * server's error) it stays for the next sync.  warnx_() masks a URL's
 * login.  0, 1, -1 as ops->feeds.
 */
int
sync_feed_refused(struct sync *s, const struct db_sync_feed_change *c,
    const char *what, long status)
{
	if (status == -1)
		return 1;
	if (!sync_refusal(status)) {
		sync_bad_answer(s, what, status);
		return 1;
	}
	if (c->action == SYNC_SUBSCRIBE)
		warnx_(_("sync: %s: the server refused to subscribe to %s"),
		    s->cfg->sync_url, c->target);
	else if (c->action == SYNC_UNSUBSCRIBE)
		warnx_(_("sync: %s: the server refused to unsubscribe from %s"),
		    s->cfg->sync_url, c->target);
	else
		warnx_(_("sync: %s: the server refused to move %s to the "
		    "folder %s"), s->cfg->sync_url, c->target, c->folder);
	return db_sync_feed_done(s->db, c->id) == -1 ? -1 : 0;
}

/*
 * The subscription changes c[0..n), given the server's list of feeds (a
 * JSON array, each feed's URL under urlkey, its id under "id"): each the
 * list shows not yet done is sent with edit(s, change), the others are
 * acknowledged as they are: a subscription sent before a crash whose
 * answer never came is not sent again.  A move is sent again then (the
 * list's folders are each server's own), which changes nothing twice; a
 * feed no longer listed has nothing to move.  0, 1, -1 as ops->feeds.
 */
int
sync_feeds_send(struct sync *s, const struct jval *list, const char *urlkey,
    const struct db_sync_feed_change *c, size_t n,
    int (*edit)(struct sync *, const struct db_sync_feed_change *))
{
	struct db_sync_feed_change	 byid;
	const char			*id;
	size_t				 i;
	int				 rc = 0, listed;

	for (i = 0; i < n && rc == 0; i++) {
		/*
		 * An unsubscribe kept by the feed's address (its id never
		 * came: db_sync_feed_removed()) is sent by the id the list
		 * gives that address, if it lists it.
		 */
		if (c[i].action == SYNC_UNSUBSCRIBE &&
		    strstr(c[i].target, "://") != NULL) {
			if ((id = sync_listed_id(list, urlkey,
			    c[i].target)) == NULL) {
				rc = sync_feed_acked(s, &c[i]);
				continue;
			}
			byid = c[i];
			byid.target = (char *)id;
			rc = edit(s, &byid);
			continue;
		}
		listed = sync_listed(list, c[i].action == SYNC_SUBSCRIBE ?
		    urlkey : "id", c[i].target);
		if (c[i].action == SYNC_SUBSCRIBE ? listed : !listed)
			rc = sync_feed_acked(s, &c[i]);
		else
			rc = edit(s, &c[i]);
	}
	return rc;
}

/* The server acknowledged subscription change c (db_sync_feed_done()). */
int
sync_feed_acked(struct sync *s, const struct db_sync_feed_change *c)
{
	if (db_sync_feed_done(s->db, c->id) == -1)
		return -1;
	s->pushed++;
	return 0;
}

/* The server acknowledged these changes (db_sync_pending_done()). */
int
sync_acked(struct sync *s, const struct db_sync_change *c, size_t n)
{
	if (db_sync_pending_done(s->db, c, n) == -1)
		return -1;
	s->pushed += n;
	return 0;
}

/*
 * Sync the cache db with the configured server (the top of the file says
 * how).  quiet: no summary.  Returns 0, 1 when the server could not be
 * synced with (said on stderr), or -1 on a database error (said).
 */
int
sync_run(struct db *db, const struct config *cfg, int quiet)
{
	struct sync		 s;
	struct db_sync_change	*changes = NULL;
	struct db_sync_feed_change *feeds = NULL;
	size_t			 nchanges = 0, nfeeds = 0;
	int			 rc = 1;

	memset(&s, 0, sizeof s);
	s.db = db;
	s.cfg = cfg;
	if ((s.ops = sync_ops_of(cfg->sync_server)) == NULL)
		return 1;	/* none: the callers do not call */
	/* Miniflux knows its user by the key (the password) alone. */
	if (cfg->sync_url == NULL || (cfg->sync_login == NULL &&
	    cfg->sync_server != SYNC_MINIFLUX)) {
		warnx_("%s", _("sync: sync-url and sync-login must be set"));
		return 1;
	}
	fetch_opts_config(&s.opts, cfg);
	/*
	 * Under tor = yes, the sync's requests a proxy login (a circuit) of
	 * their own, random as a fetch's: not the feeds', not the last
	 * sync's.
	 */
	fetch_run_id(s.login, sizeof s.login);
	s.base = xstrdup(cfg->sync_url);
	while (*s.base != '\0' && s.base[strlen(s.base) - 1] == '/')
		s.base[strlen(s.base) - 1] = '\0';
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		warnx_("%s", _("cannot initialise libcurl"));
		goto out;
	}
	if ((s.password = sync_password(cfg)) == NULL)
		goto out;
	rc = s.ops->login(&s);
	sync_forget_password(&s);
	if (rc != 0)
		goto out;

	rc = -1;
	if (db_sync_feeds(db, &feeds, &nfeeds) == -1)
		goto dberr;
	if (nfeeds > 0 && (rc = s.ops->feeds(&s, feeds, nfeeds)) != 0)
		goto done;
	if (db_sync_pending(db, &changes, &nchanges) == -1)
		goto dberr;
	if (nchanges > 0 && (rc = s.ops->push(&s, changes, nchanges)) != 0)
		goto done;
	/*
	 * Retention as a fetch applies it (db_expire()): the posts the
	 * server brought are trimmed now, not only at their feed's next
	 * fetch, which a cron job of "majlis sync" alone never makes.
	 */
	if ((rc = s.ops->pull(&s)) == 0) {
		db_set_retention(db, cfg->keep_days, cfg->keep_posts,
		    cfg->expire_unread);
		if (db_expire(db, 0) == -1)
			rc = -1;
	}
done:
	if (rc == -1)
		goto dberr;
	if (!quiet && rc == 0) {
		printf(ngettext("sync: %lld new post", "sync: %lld new posts",
		    (unsigned long)s.new_posts), (long long)s.new_posts);
		printf("\n");
		printf(ngettext("sync: %zu change sent",
		    "sync: %zu changes sent", (unsigned long)s.pushed),
		    s.pushed);
		printf("\n");
	}
	goto out;
dberr:
	warnx_("%s: %s", db_path(db), db_errmsg(db));
out:
	sync_forget_password(&s);
	db_sync_changes_free(changes, nchanges);
	db_sync_feeds_free(feeds, nfeeds);
	/* A server's login header may be the password itself (Miniflux). */
	if (s.auth != NULL)
		explicit_bzero(s.auth, strlen(s.auth));
	free(s.auth);
	if (s.token != NULL)
		explicit_bzero(s.token, strlen(s.token));
	free(s.token);
	free(s.base);
	return rc;
}
