# The Debian packages (scripts/package runs CPack on the build tree; docs/install.md):
#   cordon         the program, the bundled data, the man page, the systemd unit, the conffile
#                  /etc/cordon/cordon.toml, and maintainer scripts that make the `cordon` system
#                  user (and remove it, its keys file and /var/lib/cordon on purge)
#   libcordon-dev  libcordon.a, the public headers, the CMake package and cordon.pc
# The unit, the conffile and the Debian documents are part of the components but left out of a
# plain `cmake --install` (EXCLUDE_FROM_ALL): they name absolute system paths.

# cordon(1) from the CLI's own help, rebuilt whenever the program is.
find_program(CORDON_HELP2MAN help2man)
set(cordon_man "${PROJECT_BINARY_DIR}/man/cordon.1")
if(CORDON_HELP2MAN)
  add_custom_command(
    OUTPUT "${cordon_man}.gz"
    COMMAND ${CMAKE_COMMAND} -DCORDON=$<TARGET_FILE:cordon> -DHELP2MAN=${CORDON_HELP2MAN}
            -DOUT=${cordon_man} -P "${PROJECT_SOURCE_DIR}/cmake/man_page.cmake"
    COMMAND gzip -9nf "${cordon_man}"
    DEPENDS cordon "${PROJECT_SOURCE_DIR}/cmake/man_page.cmake"
    COMMENT "Generating cordon(1) with help2man")
  add_custom_target(cordon_man ALL DEPENDS "${cordon_man}.gz")
  install(FILES "${cordon_man}.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
else()
  message(STATUS "help2man not found: no man page (scripts/install-deps installs it)")
endif()

# Debian documents: the changelog and the copyright file lintian requires.
string(TIMESTAMP cordon_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(CORDON_PACKAGE_MAINTAINER "cordon maintainers <cordon@example.org>" CACHE STRING
    "Maintainer field of the Debian packages")
foreach(pkg cordon libcordon-dev)
  set(doc "${PROJECT_BINARY_DIR}/debian-doc/${pkg}")
  file(MAKE_DIRECTORY "${doc}")
  file(WRITE "${doc}/changelog"
       "${pkg} (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
       "  * Package of cordon ${PROJECT_VERSION}, built with CPack (scripts/package).\n\n"
       " -- ${CORDON_PACKAGE_MAINTAINER}  ${cordon_changelog_date}\n")
  add_custom_command(OUTPUT "${doc}/changelog.gz"
    COMMAND gzip -9nc "${doc}/changelog" > "${doc}/changelog.gz"
    DEPENDS "${doc}/changelog")
  list(APPEND cordon_debian_docs "${doc}/changelog.gz")
endforeach()
add_custom_target(cordon_debian_docs ALL DEPENDS ${cordon_debian_docs})
foreach(pkg_component cordon:runtime libcordon-dev:dev)
  string(REPLACE ":" ";" pc "${pkg_component}")
  list(GET pc 0 pkg)
  list(GET pc 1 component)
  install(FILES "${PROJECT_SOURCE_DIR}/packaging/deb/copyright"
                "${PROJECT_BINARY_DIR}/debian-doc/${pkg}/changelog.gz"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${component} EXCLUDE_FROM_ALL)
endforeach()

install(FILES "${PROJECT_SOURCE_DIR}/packaging/cordon.service" DESTINATION /lib/systemd/system
        COMPONENT runtime EXCLUDE_FROM_ALL)
install(FILES "${PROJECT_SOURCE_DIR}/packaging/cordon.toml" DESTINATION /etc/cordon
        COMPONENT runtime EXCLUDE_FROM_ALL)

# CPack would otherwise build every target (tests and all) before packaging; scripts/package
# builds what the packages hold (cordon, cordon_library, cordon_man, cordon_debian_docs).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME cordon)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "cordon")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
# The unit and the conffile are installed to absolute paths under the package's root.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CORDON_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME cordon)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "adduser")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "watchlist screening of names, payments and passenger manifests
cordon screens people, companies, vessels, payments (ISO 20022, SWIFT MT)
and passenger manifests (PAXLST, PNRGOV) against terrorist and sanctions
lists, with an explanation for every hit. This package holds the cordon
program, the bundled lists and a hardened systemd service for its HTTP
JSON API (cordon.service).")
set(deb "${PROJECT_SOURCE_DIR}/packaging/deb")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
    "${deb}/postinst" "${deb}/prerm" "${deb}/postrm" "${deb}/conffiles")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libcordon-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# What cordonConfig.cmake and cordon.pc look for (cmake/cordonConfig.cmake.in).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libabsl-dev, libfmt-dev, libpugixml-dev, nlohmann-json3-dev, libicu-dev, libssl-dev, libcurl4-openssl-dev, libtoml11-dev, libsqlite3-dev, libpq-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "cordon")
set(CPACK_COMPONENT_DEV_DESCRIPTION "watchlist screening library (development files)
The cordon screening engine as a static library with its public C++
headers, a CMake package (find_package(cordon), target cordon::cordon)
and a pkg-config file (cordon.pc).")
include(CPack)
