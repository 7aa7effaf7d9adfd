# CMake toolchain for libopus (opusic-sys, "bundled") on wasm32-unknown-unknown: clang-22 with
# the few libc headers libopus includes (shim/), no libc. Named by .cargo/config.toml's
# CMAKE_TOOLCHAIN_FILE_wasm32_unknown_unknown, which only the `cmake` crate reads.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER clang-22)
set(CMAKE_C_COMPILER_TARGET wasm32-unknown-unknown)
set(CMAKE_AR llvm-ar-22 CACHE FILEPATH "")
set(CMAKE_RANLIB llvm-ranlib-22 CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# The cmake crate passes -DCMAKE_C_FLAGS=..., which beats CMAKE_C_FLAGS_INIT: append instead.
set(DESKPHONE_WASM_CFLAGS "-ffreestanding -nostdlibinc -isystem ${CMAKE_CURRENT_LIST_DIR}/shim")
string(FIND "${CMAKE_C_FLAGS}" "-nostdlibinc" _has_flags)
if(_has_flags EQUAL -1)
  set(CMAKE_C_FLAGS "${CMAKE_C_FLAGS} ${DESKPHONE_WASM_CFLAGS}" CACHE STRING "" FORCE)
endif()
