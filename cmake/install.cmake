# Install rules (`cmake --install build --prefix P`, and the Debian packages of scripts/package):
#   P/bin/cordon                       the program (component runtime)
#   P/share/cordon/                    the bundled lists, name corpora and tables (runtime); the
#                                      program finds them as <its folder>/../share/cordon
#   P/lib/<multiarch>/libcordon.a      the library: every module behind the public headers (dev)
#   P/include/cordon/*.h               the public headers (dev)
#   P/lib/<multiarch>/cmake/cordon/    cordonConfig.cmake, its version file and the exported
#                                      target cordon::cordon, for find_package(cordon) (dev)
#   P/lib/<multiarch>/pkgconfig/cordon.pc                                                 (dev)
# Nothing of the build machine is compiled in: the paths in the package files are relative to
# where they are installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The library is one archive holding the objects of the modules the public headers expose
# (src/layering.txt, the "header" lines) and of the modules those use, so that a program links
# -lcordon (or cordon::cordon) and nothing else of ours.
set(cordon_library_modules core normalize score index engine lists snapshot sources messages inspect
                           cases updates)
set(cordon_library_objects)
set(cordon_library_deps)
foreach(m ${cordon_library_modules})
  if(NOT TARGET cordon_${m})
    continue()
  endif()
  list(APPEND cordon_library_objects $<TARGET_OBJECTS:cordon_${m}>)
  get_target_property(deps cordon_${m} INTERFACE_LINK_LIBRARIES)
  foreach(d ${deps})
    if(NOT d MATCHES "^cordon_")
      list(APPEND cordon_library_deps ${d})
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES cordon_library_deps)

# Every outside library the archive needs must be found again by cordonConfig.cmake and named
# in cordon.pc: a module that starts using a new one fails here, not in a user's build.
set(cordon_known_deps absl::status absl::statusor absl::flat_hash_map fmt::fmt ICU::uc ICU::i18n OpenSSL::Crypto
                      pugixml::pugixml nlohmann_json::nlohmann_json CURL::libcurl toml11::toml11
                      SQLite::SQLite3 PostgreSQL::PostgreSQL)
foreach(d ${cordon_library_deps})
  if(NOT d IN_LIST cordon_known_deps)
    message(FATAL_ERROR "cmake/install.cmake: the library uses ${d}; add it to cordon_known_deps, "
                        "cmake/cordonConfig.cmake.in and cmake/cordon.pc.in")
  endif()
endforeach()

# A module folder that finds its own packages (cases: SQLite3, PostgreSQL) makes their imported
# targets visible there only: found again here, where the library's link interface names them.
if(TARGET cordon_cases)
  find_package(SQLite3 REQUIRED)
  find_package(PostgreSQL REQUIRED)
endif()
add_library(cordon_library STATIC ${cordon_library_objects})
set_target_properties(cordon_library PROPERTIES OUTPUT_NAME cordon EXPORT_NAME cordon)
target_include_directories(cordon_library INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_compile_features(cordon_library INTERFACE cxx_std_20)
target_link_libraries(cordon_library INTERFACE ${cordon_library_deps})
add_library(cordon::cordon ALIAS cordon_library)

install(TARGETS cordon RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/" DESTINATION ${CMAKE_INSTALL_DATADIR}/cordon
        COMPONENT runtime)

install(TARGETS cordon_library EXPORT cordonTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
# `cmake --install --strip` (and the packages) strip programs but not archives; the library's
# debug information is all but 12 of its 190 MB (RelWithDebInfo), so it goes too; symbols stay.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:cordon_library>\"
      COMMAND_ERROR_IS_FATAL ANY)
  endif()" COMPONENT dev)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/cordon" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev FILES_MATCHING PATTERN "*.h")
set(cordon_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/cordon)
install(EXPORT cordonTargets NAMESPACE cordon:: DESTINATION ${cordon_cmake_dir} COMPONENT dev)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/cordonConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cordonConfig.cmake" INSTALL_DESTINATION ${cordon_cmake_dir})
# 0.x releases promise nothing between minor versions.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/cordonConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/cordonConfig.cmake" "${PROJECT_BINARY_DIR}/cordonConfigVersion.cmake"
        DESTINATION ${cordon_cmake_dir} COMPONENT dev)

# cordon.pc locates the prefix from its own folder (pkg-config's ${pcfiledir}), so that it stays
# right wherever the tree is installed or moved.
file(RELATIVE_PATH cordon_pc_to_prefix "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file("${PROJECT_SOURCE_DIR}/cmake/cordon.pc.in" "${PROJECT_BINARY_DIR}/cordon.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/cordon.pc" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT dev)

# tests/package/install_test.sh: install to a temporary prefix, screen from there with the
# source tree out of reach, build examples/screen_names against the installed package. Not in
# the sanitizer builds: their library needs the sanitizer runtime in every program that links it.
if(CORDON_TESTS AND NOT CORDON_SANITIZE AND NOT CORDON_TSAN AND NOT CORDON_FUZZ)
  add_test(NAME package_install_test
           COMMAND "${PROJECT_SOURCE_DIR}/tests/package/install_test.sh" "${PROJECT_BINARY_DIR}")
  set_tests_properties(package_install_test PROPERTIES SKIP_RETURN_CODE 77)
endif()
