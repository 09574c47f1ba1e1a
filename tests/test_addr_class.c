/* placeholder: to be written */
#include "suites.h"

Suite *v6t_addr_class_suite(void)
{
	return suite_create("addr_class");
}
