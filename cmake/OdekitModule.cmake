# odekit_add_module(name [SHARED] SOURCES ... DEPENDS ... PRIVATE_DEPENDS ...): one CMake
# target per module folder, exported as odekit::<name>. Public headers live in
# <name>/include/odekit/<name>/. A module without sources is an INTERFACE (header-only)
# library. SHARED keeps a C library's link dependencies (HDF5) away from users' builds.

set(ODEKIT_MODULES "" CACHE INTERNAL "")
set(ODEKIT_INSTALL_TARGETS "" CACHE INTERNAL "")

function(odekit_add_module name)
  cmake_parse_arguments(ARG "SHARED" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  set(target odekit_${name})
  if(ARG_SOURCES)
    if(ARG_SHARED)
      add_library(${target} SHARED ${ARG_SOURCES})
    else()
      add_library(${target} STATIC ${ARG_SOURCES})
    endif()
    set(scope PUBLIC)
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    target_link_libraries(${target} PRIVATE ${ARG_PRIVATE_DEPENDS})
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  add_library(odekit::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  target_include_directories(${target} ${scope}
    "$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>"
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
  target_compile_features(${target} ${scope} cxx_std_20)
  target_link_libraries(${target} ${scope} ${ARG_DEPENDS})
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  set(ODEKIT_MODULES ${ODEKIT_MODULES} ${target} CACHE INTERNAL "")
  set(ODEKIT_INSTALL_TARGETS ${ODEKIT_INSTALL_TARGETS} ${target} CACHE INTERNAL "")
endfunction()

# Warnings for the project's own binaries (tests, examples, benchmarks), not for users.
add_library(odekit_warnings INTERFACE)
target_compile_options(odekit_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wno-unused-parameter>)
