/* placeholder: to be written */
#include <v6transit/addr.h>
typedef int v6t_placeholder_addr_text;
