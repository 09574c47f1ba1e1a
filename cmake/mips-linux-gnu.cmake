# Cross-compile for 32-bit big-endian MIPS (the CPU of many OpenWrt-class
# routers) with Debian's gcc-mips-linux-gnu and libc6-dev-mips-cross:
#   cmake -S . -B build-mips -DCMAKE_TOOLCHAIN_FILE=cmake/mips-linux-gnu.cmake \
#         -DCMAKE_BUILD_TYPE=MinSizeRel
# Debian 12 has no check for this target, so the tests are off (the
# big-endian test run is the s390x preset); the library, v6t and the
# examples build. For a firmware SDK, copy this file and point
# CMAKE_C_COMPILER and CMAKE_FIND_ROOT_PATH at the SDK's toolchain and
# staging directory (OpenWrt: staging_dir/toolchain-mips_24kc_gcc-*/).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR mips)
set(CMAKE_C_COMPILER mips-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/mips-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/mips-linux-gnu/pkgconfig)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-mips;-L;/usr/mips-linux-gnu)
