/*
 * test-fuzz.c: the fuzz targets' own checks, run by 'make check' on the
 * inputs kept under tests/data/fuzz-TARGET/ (seeds, and whatever a fuzzing
 * run found that once failed).  Each target's file is compiled in here
 * under a name of its own, so that these are the very checks the fuzzer
 * makes: a target that finds a broken invariant aborts, and the program
 * dies before its summary, which tests/run-all counts as a failure.
 * fuzz-parse replays the parser's fixtures (the .xml files of tests/data) and what
 * it once found (tests/data/fuzz-parse-*): its checks parse each input
 * four ways and compare (test-parse.c replays the latter too).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "majlis.h"

#define LLVMFuzzerTestOneInput fuzz_opml
#include "../../fuzz/fuzz-opml.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_newsboat
#include "../../fuzz/fuzz-newsboat.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_config
#include "../../fuzz/fuzz-config.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_html
#include "../../fuzz/fuzz-html.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_date
#include "../../fuzz/fuzz-date.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_url
#include "../../fuzz/fuzz-url.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_filter
#include "../../fuzz/fuzz-filter.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sanitize
#include "../../fuzz/fuzz-sanitize.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_parse
#define same parse_same
#include "../../fuzz/fuzz-parse.c"
#undef same
#undef LLVMFuzzerTestOneInput

/*
 * Feed every file of dir whose name starts with prefix and ends with
 * suffix to target, as the fuzzer would (an exact-size copy, so that ASan
 * sees a read past the end).  Returns how many.
 */
static int
replay_in(const char *dir, const char *prefix, const char *suffix,
    int (*target)(const uint8_t *, size_t))
{
	DIR		*d;
	struct dirent	*de;
	FILE		*fp;
	char		*path;
	uint8_t		*data;
	long		 len;
	size_t		 nl;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		nl = strlen(de->d_name);
		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, prefix, strlen(prefix)) != 0 ||
		    nl < strlen(suffix) ||
		    strcmp(de->d_name + nl - strlen(suffix), suffix) != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, de->d_name);
		if ((fp = fopen(path, "rb")) == NULL)
			fail_msg("cannot open %s", path);
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		data = xmalloc(len > 0 ? (size_t)len : 1);
		if (len > 0 && fread(data, 1, (size_t)len, fp) != (size_t)len)
			fail_msg("cannot read %s", path);
		fclose(fp);
		target(data, (size_t)len);
		free(data);
		free(path);
		n++;
	}
	closedir(d);
	return n;
}

/*
 * Every file of tests/data/fuzz-NAME/.  There must be some: a replay of
 * nothing would pass on nothing.
 */
static void
replay(const char *name, int (*target)(const uint8_t *, size_t))
{
	char	*dir;
	int	 n;

	xasprintf(&dir, "%s/fuzz-%s", TEST_DATA, name);
	n = replay_in(dir, "", "", target);
	print_message("fuzz-%s: replayed %d input(s)\n", name, n);
	free(dir);
	assert_true(n >= 2);
}

/* The parser's fixtures and what fuzz-parse once found. */
static void
test_parse(void **state)
{
	int	 n;

	(void)state;
	n = replay_in(TEST_DATA, "", ".xml", fuzz_parse);
	n += replay_in(TEST_DATA, "fuzz-parse-", "", fuzz_parse);
	print_message("fuzz-parse: replayed %d input(s)\n", n);
	assert_true(n >= 2);
}

static void test_opml(void **state) { (void)state; replay("opml", fuzz_opml); }
static void test_newsboat(void **state) { (void)state; replay("newsboat", fuzz_newsboat); }
static void test_config(void **state) { (void)state; replay("config", fuzz_config); }
static void test_html(void **state) { (void)state; replay("html", fuzz_html); }
static void test_date(void **state) { (void)state; replay("date", fuzz_date); }
static void test_url(void **state) { (void)state; replay("url", fuzz_url); }
static void test_filter(void **state) { (void)state; replay("filter", fuzz_filter); }
static void test_sanitize(void **state) { (void)state; replay("sanitize", fuzz_sanitize); }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opml),
		cmocka_unit_test(test_newsboat),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
