/*
 * Where things are: majlis's files (the XDG base directories), the helper
 * programs (beside the running binary or installed), and whole files read
 * into memory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

/* The home directory: $HOME, else the password database, else ".". */
static const char *
home_dir(void)
{
	const char	*home;
	struct passwd	*pw;

	home = getenv("HOME");
	if (home != NULL && *home != '\0')
		return home;
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_dir != NULL && *pw->pw_dir != '\0')
		return pw->pw_dir;
	return ".";
}

/*
 * $VAR/majlis/NAME, or ~/FALLBACK/majlis/NAME when VAR is unset, empty or
 * relative (the XDG specification says a relative value is to be ignored).
 * Returns a heap string.
 */
static char *
xdg_path(const char *var, const char *fallback, const char *name)
{
	const char	*dir;
	char		*path;

	dir = getenv(var);
	if (dir != NULL && *dir == '/')
		xasprintf(&path, "%s/majlis/%s", dir, name);
	else
		xasprintf(&path, "%s/%s/majlis/%s", home_dir(), fallback, name);
	return path;
}

/* path with a leading "~/" as $HOME's, as a config value is: heap. */
char *
path_expand(const char *path)
{
	const char	*home = getenv("HOME");
	char		*s;

	if (strncmp(path, "~/", 2) != 0 || home == NULL)
		return xstrdup(path);
	xasprintf(&s, "%s/%s", home, path + 2);
	return s;
}

/*
 * The config file to read: override (from -c or MAJLIS_CONFIG) if not NULL,
 * else $XDG_CONFIG_HOME/majlis/config.  Returns a heap string.
 */
char *
config_path(const char *override)
{
	if (override != NULL && *override != '\0')
		return xstrdup(override);
	return xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

/*
 * A file in majlis's data directory, $XDG_DATA_HOME/majlis/NAME (for
 * example data_path("majlis.db")).  Returns a heap string; the directory
 * may not exist yet (see path_mkparent).
 */
char *
data_path(const char *name)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", name);
}

/*
 * Create the directories above path that do not exist yet, private to the
 * user (0700): the database holds what someone reads.  Returns 0, or -1
 * with errno set.
 */
int
path_mkparent(const char *path)
{
	char	*copy, *p;
	int	 rc = 0;

	copy = xstrdup(path);
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(copy);
	return rc;
}

/*
 * "DIR/name", where DIR holds the running binary, if access(mode) allows
 * it; else NULL.  Heap string.
 */
char *
beside_self(const char *name, int mode)
{
	char		 self[PATH_MAX], *slash, *path;
	ssize_t		 n;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return NULL;
	*slash = '\0';
	xasprintf(&path, "%s/%s", self, name);
	if (access(path, mode) == 0)
		return path;
	free(path);
	return NULL;
}

/*
 * The path of a helper program (majlis-net, majlis-xml), first found wins:
 *   1. in $MAJLIS_LIBEXEC, when that is set (tests, relocated installs);
 *   2. beside the running binary (/proc/self/exe): the build tree;
 *   3. in $(pkglibexecdir), where 'make install' puts it.
 * Heap string.
 */
char *
exec_path(const char *program)
{
	char		*path;
	const char	*dir;

	if ((dir = getenv("MAJLIS_LIBEXEC")) != NULL && *dir != '\0') {
		xasprintf(&path, "%s/%s", dir, program);
		return path;
	}
	if ((path = beside_self(program, X_OK)) != NULL)
		return path;
	xasprintf(&path, "%s/%s", PKGLIBEXECDIR, program);
	return path;
}

/*
 * Read a whole file ("-" is standard input) into a heap buffer, NUL
 * terminated for convenience.  Returns 0, or -1 with errno set.
 */
int
read_file(const char *path, char **datap, size_t *lenp)
{
	struct buf	 b;
	char		 chunk[65536];
	struct stat	 sb;
	ssize_t		 n;
	int		 fd, saved;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	buf_init(&b);
	/* A regular file is read into one buffer of its size. */
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
	    (uintmax_t)sb.st_size < SIZE_MAX - 1) {
		b.cap = (size_t)sb.st_size + 1;
		b.s = xmalloc(b.cap);
		b.s[0] = '\0';
	}
	for (;;) {
		if (b.cap > b.len + 1) {
			n = read(fd, b.s + b.len, b.cap - b.len - 1);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			b.len += (size_t)n;
			b.s[b.len] = '\0';
			continue;
		}
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	saved = errno;
	if (fd != STDIN_FILENO)
		close(fd);
	if (n == -1) {
		buf_free(&b);
		errno = saved;
		return -1;
	}
	*lenp = b.len;
	*datap = buf_take(&b);
	return 0;
}

/*
 * Overwrite the regular file at path with zeros, sync it, and unlink it
 * (anything else, a link included, is only unlinked).  What this is worth
 * depends on the disk: a file system that writes elsewhere (copy-on-write,
 * log-structured), an SSD's wear levelling, a snapshot or a backup keep
 * the old blocks.  Returns 0, or -1 with errno set (the unlink's, or the
 * overwrite's if it failed: a file that could not be overwritten is not
 * removed as if it had been).
 */
int
path_shred(const char *path)
{
	static const char	 zeros[65536];
	struct stat		 sb;
	off_t			 off;
	ssize_t			 w;
	int			 fd, e = 0;

	fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	/*
	 * A file that cannot be opened to write (its mode, say) is not
	 * unlinked with its blocks as they were; a link (ELOOP), or
	 * anything that is not a regular file, is only unlinked.
	 */
	if (fd == -1 && errno != ELOOP && errno != ENXIO && errno != EISDIR)
		return -1;
	if (fd != -1 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		for (off = 0; off < sb.st_size; off += w) {
			w = pwrite(fd, zeros, sb.st_size - off < (off_t)sizeof
			    zeros ? (size_t)(sb.st_size - off) : sizeof zeros,
			    off);
			if (w == -1 && errno == EINTR)
				w = 0;
			else if (w <= 0) {
				e = w == -1 ? errno : EIO;
				break;
			}
		}
		if (e == 0 && fsync(fd) == -1)
			e = errno;
	}
	if (fd != -1)
		close(fd);
	if (e != 0) {
		errno = e;
		return -1;
	}
	return unlink(path);
}

/*
 * fopen(path, append ? "a" : "w"), except that a file it creates is
 * private to the user (0600) whatever the umask: what majlis writes for
 * someone (the config, a dump of it) says what they read.  An existing
 * file keeps its mode, the user's choice.  Returns the stream, or NULL
 * with errno set.
 */
FILE *
path_create(const char *path, int append)
{
	FILE	*fp;
	int	 fd, e;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
	    (append ? O_APPEND : O_TRUNC), 0600)) == -1)
		return NULL;
	if ((fp = fdopen(fd, append ? "a" : "w")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}
