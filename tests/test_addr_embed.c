/* placeholder: to be written */
#include "suites.h"

Suite *v6t_addr_embed_suite(void)
{
	return suite_create("addr_embed");
}
