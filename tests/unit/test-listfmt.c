/*
 * listfmt.c: newsboat's list format strings, parsed against a list's
 * letters and laid out as cells (what each cell holds, where, how wide).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

/* The fields of the tests: t "Title", a "" (no author), D "2024-06-03". */
static const char *
field(int spec, void *arg)
{
	(void)arg;
	switch (spec) {
	case 't':
		return "Title";
	case 'a':
		return "";
	case 'D':
		return "2024-06-03";
	}
	return NULL;
}

/*
 * Lay fmt out in cols columns and describe the cells as "x+pad:width:text"
 * joined by "|", for one comparison.
 */
static void
check_layout(const char *fmt, int cols, const char *want)
{
	struct listfmt		*f;
	struct listfmt_cell	*c;
	struct buf		 b;
	char			*err = NULL;
	size_t			 n, i;

	f = listfmt_parse(fmt, "articlelist-format", "taD", &err);
	assert_non_null(f);
	assert_null(err);
	c = listfmt_layout(f, cols, field, NULL, &n);
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%d+%d:%d:%s", i > 0 ? "|" : "", c[i].x,
		    c[i].pad, c[i].width, c[i].text);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
	listfmt_cells_free(c, n);
	listfmt_free(f);
}

static void
check_error(const char *fmt, const char *want)
{
	char	*err = NULL;

	assert_null(listfmt_parse(fmt, "articlelist-format", "taD", &err));
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
}

static void
test_fields(void **state)
{
	(void)state;
	check_layout("%t", 80, "0+0:5:Title");
	/* A width pads on the left (aligned right), a negative one right. */
	check_layout("%8t|", 80, "0+3:8:Title|8+0:1:|");
	check_layout("%-8t|", 80, "0+0:8:Title|8+0:1:|");
	/* Cut to the width (the reader draws the ellipsis). */
	check_layout("%3t", 80, "0+0:3:Title");
	check_layout("%% %D", 80, "0+0:1:%|1+0:1: |2+0:10:2024-06-03");
	/* Cut at the end of the line. */
	check_layout("%D %t", 13, "0+0:10:2024-06-03|10+0:1: |11+0:2:Title");
	check_layout("%D %t", 10, "0+0:10:2024-06-03");
}

static void
test_conditional(void **state)
{
	(void)state;
	check_layout("%?t?<%t>&none?", 80, "0+0:1:<|1+0:5:Title|6+0:1:>");
	check_layout("%?a?<%a>&none?", 80, "0+0:4:none");
	check_layout("%?a?<%a>?x", 80, "0+0:1:x");
	/* Nested. */
	check_layout("%?t?%?a?A&B?&C?", 80, "0+0:1:B");
}

static void
test_fill(void **state)
{
	(void)state;
	check_layout("%t%>.%D", 20, "0+0:5:Title|5+0:5:.....|10+0:10:2024-06-03");
	/* No room to fill: what follows comes right after. */
	check_layout("%t%>.%D", 12, "0+0:5:Title|5+0:7:2024-06-03");
}

static void
test_errors(void **state)
{
	(void)state;
	check_error("%t %q", "articlelist-format: '%q' is not one of its"
	    " fields: %t %a %D");
	check_error("%-40", "articlelist-format: a %-sequence is not finished");
	check_error("%?t?a&b", "articlelist-format: a %-sequence is not"
	    " finished");
	check_error("%", "articlelist-format: a %-sequence is not finished");
	check_error("%t%>", "articlelist-format: a %-sequence is not finished");
	check_error("%?q?a?", "articlelist-format: '%?' is not one of its"
	    " fields: %t %a %D");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
