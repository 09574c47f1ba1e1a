/* Runs every check suite; exit status 0 only when all pass. */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(v6t_common_suite());
	int failed;

	srunner_add_suite(sr, v6t_addr_text_suite());
	srunner_add_suite(sr, v6t_addr_embed_suite());
	srunner_add_suite(sr, v6t_addr_class_suite());
	srunner_add_suite(sr, v6t_siphash_suite());
	srunner_add_suite(sr, v6t_packet_suite());
	srunner_add_suite(sr, v6t_flowlabel_suite());
	srunner_add_suite(sr, v6t_frag_reasm_suite());
	srunner_add_suite(sr, v6t_frag_split_suite());
	srunner_add_suite(sr, v6t_xlat_eam_suite());
	srunner_add_suite(sr, v6t_icmp_suite());
	srunner_add_suite(sr, v6t_xlat_suite());
	srunner_add_suite(sr, v6t_xlat_fast_suite());
	srunner_add_suite(sr, v6t_tunnel_mss_suite());
	srunner_add_suite(sr, v6t_tunnel_p41_suite());
	srunner_add_suite(sr, v6t_tunnel_teredo_suite());
	srunner_add_suite(sr, v6t_tunnel_6a44_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
