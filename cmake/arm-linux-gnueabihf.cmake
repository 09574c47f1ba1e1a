# Cross-compile for 32-bit ARM (ARMv7-A, hard float: the CPU of many CPEs)
# with Debian's gcc-arm-linux-gnueabihf and libc6-dev-armhf-cross:
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=cmake/arm-linux-gnueabihf.cmake \
#         -DCMAKE_BUILD_TYPE=MinSizeRel
# The tests build when check:armhf is installed (multiarch) and run under
# qemu-user. For a firmware SDK, copy this file and point CMAKE_C_COMPILER
# and CMAKE_FIND_ROOT_PATH at the SDK's toolchain and staging directory.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_FIND_ROOT_PATH /usr/arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/arm-linux-gnueabihf/pkgconfig:/usr/share/pkgconfig)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm;-L;/usr/arm-linux-gnueabihf)
