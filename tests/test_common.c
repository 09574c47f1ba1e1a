/* Status strings and version. */
#include <string.h>

#include "suites.h"
#include "testutil.h"

/* Every code of enum v6t_status, written out here independently of src/. */
static const int all_codes[] = {
	V6T_OK, V6T_EINVAL, V6T_ENOSPC, V6T_ECLOCK,
	V6T_EADDR_EMPTY, V6T_EADDR_CHAR, V6T_EADDR_GROUP_LONG,
	V6T_EADDR_GROUP_EMPTY, V6T_EADDR_GROUP_COUNT, V6T_EADDR_DOUBLE_COLON,
	V6T_EADDR_IPV4_TAIL, V6T_EADDR_OCTET, V6T_EADDR_LEADING_ZERO,
	V6T_EADDR_OCTET_COUNT, V6T_EADDR_PREFIX_SYNTAX, V6T_EADDR_PREFIX_RANGE,
	V6T_EADDR_HOST_BITS, V6T_EADDR_PREFIX_LEN, V6T_EADDR_UOCTET,
	V6T_EADDR_SUFFIX, V6T_EADDR_NOT_IN_PREFIX, V6T_EADDR_WRONG_KIND,
	V6T_EADDR_NOT_GLOBAL, V6T_EPKT_VERSION, V6T_EPKT_SHORT, V6T_EPKT_IPV4_HEADER,
	V6T_EPKT_CHAIN, V6T_EPKT_TOO_MANY_EXT, V6T_EPKT_HOP_BY_HOP,
	V6T_EPKT_FRAG_TWICE, V6T_EPKT_IPV4_CHECKSUM, V6T_EFL_ZERO, V6T_EFRAG_OVERLAP, V6T_EFRAG_POISONED,
	V6T_EFRAG_DUPLICATE, V6T_EFRAG_LENGTH, V6T_EFRAG_BEYOND_64K,
	V6T_EFRAG_HEADERS, V6T_EFRAG_INCONSISTENT, V6T_EFRAG_TOO_MANY,
	V6T_EFRAG_NO_ROOM, V6T_EFRAG_DF, V6T_EFRAG_FRAGMENTED, V6T_EFRAG_MTU,
	V6T_EFRAG_ECN,
	V6T_EXLAT_NO_MAPPING, V6T_EXLAT_EAM_SUFFIX, V6T_EXLAT_EAM_OVERLAP,
	V6T_EXLAT_SOURCE, V6T_EXLAT_TTL, V6T_EXLAT_SOURCE_ROUTE,
	V6T_EXLAT_SEGMENTS_LEFT, V6T_EXLAT_TOO_BIG, V6T_EXLAT_UDP_ZERO,
	V6T_EXLAT_ICMP_TYPE, V6T_EXLAT_ICMP_INNER, V6T_EXLAT_FRAG_EXT,
	V6T_EXLAT_ICMP_FRAGMENT, V6T_EXLAT_NO_SOURCE, V6T_EXLAT_ICMP_CHECKSUM,
};
#define N_CODES (sizeof all_codes / sizeof all_codes[0])

START_TEST(test_strerror_distinct_for_every_code)
{
	const char *s = v6t_strerror(all_codes[_i]);
	size_t j;

	ck_assert_ptr_nonnull(s);
	ck_assert_str_ne(s, "unknown error");
	for (j = 0; j < N_CODES; j++)
		if (j != (size_t)_i)
			ck_assert_str_ne(s, v6t_strerror(all_codes[j]));
}
END_TEST

START_TEST(test_strerror_unknown_codes)
{
	ck_assert_str_eq(v6t_strerror(1), "unknown error");
	ck_assert_str_eq(v6t_strerror(-0x7fff), "unknown error");
	ck_assert_str_eq(v6t_strerror(V6T_OK), "success");
	ck_assert_str_eq(v6t_strerror(V6T_ENOSPC), "output buffer too small");
}
END_TEST

/*
 * The codes added with the reassembly rework keep the values common.h
 * gives them (generic -0x01.., packet headers -0x201.., fragments
 * -0x401..: they are ABI), and their text names what went wrong.
 */
START_TEST(test_strerror_reassembly_codes)
{
	ck_assert_int_eq(V6T_ECLOCK, -0x03);
	ck_assert_int_eq(V6T_EPKT_IPV4_CHECKSUM, -0x208);
	ck_assert_int_eq(V6T_EFRAG_ECN, -0x40d);
	ck_assert_ptr_nonnull(strstr(v6t_strerror(V6T_ECLOCK), "time"));
	ck_assert_ptr_nonnull(strstr(v6t_strerror(V6T_EPKT_IPV4_CHECKSUM),
				     "IPv4 header checksum"));
	ck_assert_ptr_nonnull(strstr(v6t_strerror(V6T_EFRAG_ECN), "ECN"));
}
END_TEST

START_TEST(test_version_string_matches_macros)
{
	ck_assert_str_eq(v6t_version(), "0.1.0");
	ck_assert_int_eq(V6T_VERSION_NUMBER, 0x000100);
}
END_TEST

Suite *v6t_common_suite(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("status");

	tcase_add_loop_test(tc, test_strerror_distinct_for_every_code, 0, (int)N_CODES);
	tcase_add_test(tc, test_strerror_unknown_codes);
	tcase_add_test(tc, test_strerror_reassembly_codes);
	tcase_add_test(tc, test_version_string_matches_macros);
	suite_add_tcase(s, tc);
	return s;
}
