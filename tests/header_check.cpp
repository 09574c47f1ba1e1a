// The umbrella header compiles as C++ (extern "C" linkage).
#include <v6transit/v6transit.h>

int v6t_header_check_cxx();
int v6t_header_check_cxx()
{
	return v6t_strerror(V6T_OK) != nullptr ? V6T_OK : V6T_EINVAL;
}
