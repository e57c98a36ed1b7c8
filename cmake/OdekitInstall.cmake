# Installs the module targets and odekitConfig.cmake, so that an outside project can do
# find_package(odekit CONFIG) and link odekit::odekit.
include(CMakePackageConfigHelpers)

install(TARGETS ${ODEKIT_INSTALL_TARGETS} odekit EXPORT odekitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${PROJECT_BINARY_DIR}/generated/odekit/config.hpp"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/odekit)
install(EXPORT odekitTargets NAMESPACE odekit::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/odekit)

configure_package_config_file(cmake/odekitConfig.cmake.in
  "${PROJECT_BINARY_DIR}/odekitConfig.cmake"
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/odekit)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/odekitConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/odekitConfig.cmake"
  "${PROJECT_BINARY_DIR}/odekitConfigVersion.cmake" "${PROJECT_SOURCE_DIR}/cmake/FindKLU.cmake"
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/odekit)
