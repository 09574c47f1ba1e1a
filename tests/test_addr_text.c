/* placeholder: to be written */
#include "suites.h"

Suite *v6t_addr_text_suite(void)
{
	return suite_create("addr_text");
}
