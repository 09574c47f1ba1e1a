/*
 * example_addr.c - the addr API in a few lines: parse a translation prefix,
 * embed an IPv4 address in it (RFC 6052), format the result, extract the
 * IPv4 address again and classify an address. Exits 0 when every result is
 * what RFC 6052 §2.4 says it should be.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

/* Report a failed step; returns 1 so that main can count failures. */
static int fail(const char *step, int status)
{
	fprintf(stderr, "example_addr: %s: %s\n", step, v6t_strerror(status));
	return 1;
}

static int check_text(const char *what, const char *got, const char *want)
{
	printf("%-10s %s\n", what, got);
	if (strcmp(got, want) == 0)
		return 0;
	fprintf(stderr, "example_addr: %s is %s, expected %s\n", what, got, want);
	return 1;
}

int main(void)
{
	static const char prefix_text[] = "2001:db8:122::/48";
	v6t_prefix6 prefix;
	v6t_in4 v4, back;
	v6t_in6 a;
	char text[V6T_IN6_STRLEN];
	int rc, errors = 0;

	/* Parse and validate the translation prefix once, when configured. */
	rc = v6t_addr_prefix6_parse(&prefix, prefix_text, strlen(prefix_text));
	if (rc == V6T_OK)
		rc = v6t_addr_6052_prefix_check(&prefix);
	if (rc != V6T_OK)
		return fail(prefix_text, rc);

	/* Embed 192.0.2.33 (RFC 6052 §2.4, Table 1, the /48 row). */
	rc = v6t_addr_in4_parse(&v4, "192.0.2.33", strlen("192.0.2.33"));
	if (rc == V6T_OK)
		rc = v6t_addr_6052_encode(&a, &prefix, &v4);
	if (rc == V6T_OK)
		rc = v6t_addr_in6_format(text, sizeof(text), NULL, &a, 0);
	if (rc != V6T_OK)
		return fail("embedding 192.0.2.33", rc);
	errors += check_text("embedded", text, "2001:db8:122:c000:2:2100::");

	/* Extract it again, as a translator does. */
	rc = v6t_addr_6052_decode(&back, &a, &prefix);
	if (rc != V6T_OK)
		return fail("extracting the IPv4 address", rc);
	if (v6t_addr_in4_format(text, sizeof(text), NULL, &back) != V6T_OK)
		return fail("formatting", V6T_ENOSPC);
	errors += check_text("extracted", text, "192.0.2.33");

	/* The same address under the Well-Known Prefix, classified. */
	rc = v6t_addr_6052_encode(&a, &v6t_addr_6052_wkp, &v4);
	if (rc != V6T_OK)
		return fail("embedding under 64:ff9b::/96", rc);
	errors += check_text("kind", v6t_addr_kind_name(v6t_addr_classify(&a)),
			     "rfc6052-wkp");
	return errors == 0 ? 0 : 1;
}
