# Installs the build tree into a scratch prefix, then configures, builds and runs the
# README example as an outside project that only knows find_package(odekit CONFIG).
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/readme_example"
                -B "${WORK_DIR}/build" -G "${GENERATOR}" -DCMAKE_CXX_COMPILER=${CXX}
                -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the README example against the installed package failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the README example against the installed package failed")
endif()
execute_process(COMMAND "${WORK_DIR}/build/readme_example" RESULT_VARIABLE rc
                OUTPUT_VARIABLE out)
message(STATUS "README example printed: ${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "^y\\(10\\) = ")
  message(FATAL_ERROR "the README example did not run as documented (exit ${rc}): ${out}")
endif()
