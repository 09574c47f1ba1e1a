/* The check suites; tests/test_main.c runs them all. */
#ifndef V6T_TESTS_SUITES_H
#define V6T_TESTS_SUITES_H

#include <check.h>

Suite *v6t_common_suite(void);
Suite *v6t_addr_text_suite(void);
Suite *v6t_addr_embed_suite(void);
Suite *v6t_addr_class_suite(void);
Suite *v6t_siphash_suite(void);
Suite *v6t_packet_suite(void);
Suite *v6t_flowlabel_suite(void);
Suite *v6t_frag_reasm_suite(void);
Suite *v6t_frag_split_suite(void);
Suite *v6t_xlat_eam_suite(void);
Suite *v6t_icmp_suite(void);
Suite *v6t_xlat_suite(void);
Suite *v6t_xlat_fast_suite(void);
Suite *v6t_tunnel_mss_suite(void);
Suite *v6t_tunnel_p41_suite(void);
Suite *v6t_tunnel_teredo_suite(void);
Suite *v6t_tunnel_6a44_suite(void);

#endif
