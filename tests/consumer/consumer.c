/* A program built against the installed library, by pkg-config and by
 * find_package (see .ci/run): embeds 192.0.2.33 under 64:ff9b::/96 and
 * checks the RFC 6052 §2.4 result 64:ff9b::c000:221. */
#include <stdio.h>
#include <string.h>

#include <v6transit/v6transit.h>

int main(void)
{
	static const char want[] = "64:ff9b::c000:221";
	v6t_in4 v4 = { { 192, 0, 2, 33 } };
	v6t_in6 v6;
	char text[V6T_IN6_STRLEN];

	if (v6t_addr_6052_encode(&v6, &v6t_addr_6052_wkp, &v4) != V6T_OK ||
	    v6t_addr_in6_format(text, sizeof text, NULL, &v6, 0) != V6T_OK ||
	    strcmp(text, want) != 0) {
		fprintf(stderr, "consumer: wrong result\n");
		return 1;
	}
	printf("consumer: libv6transit %s: %s\n", v6t_version(), text);
	return 0;
}
