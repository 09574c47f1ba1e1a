/* The umbrella header alone, as strict C99 with every warning an error. */
#include <v6transit/v6transit.h>

int v6t_header_check_c(void);
int v6t_header_check_c(void)
{
	return V6T_OK;
}
