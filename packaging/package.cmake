# What `cmake --install` puts on a server, and the Debian package CPack makes of it (tools/package).
# Included from the top-level CMakeLists.txt, after the jsms-ops target.

# The contract is "cmake --install puts /usr/bin/jsms-ops": a server install, not a /usr/local one.
# An explicit -DCMAKE_INSTALL_PREFIX (or `cmake --install --prefix` for the binary) still wins.
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix" FORCE)
endif()
# GNUInstallDirs maps /etc and /var to their system places when the prefix is /usr.
include(GNUInstallDirs)

# Under the prefix, so /usr/lib/systemd/system (or /usr/local/lib/systemd/system): systemd reads both.
set(JSMS_UNIT_DIR lib/systemd/system CACHE STRING "Where the systemd units go, relative to the prefix")
# The units and maintainer scripts name these absolute paths, so they are computed once here.
set(JSMS_BINARY_PATH ${CMAKE_INSTALL_FULL_BINDIR}/jsms-ops)
set(JSMS_DEFAULTS_FILE ${CMAKE_INSTALL_FULL_SYSCONFDIR}/default/jsms-ops)

set(JSMS_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(JSMS_PACKAGING_OUT ${CMAKE_BINARY_DIR}/packaging)
configure_file(${JSMS_PACKAGING_DIR}/jsms-ops.service.in ${JSMS_PACKAGING_OUT}/jsms-ops.service @ONLY)
configure_file(${JSMS_PACKAGING_DIR}/jsms-ops-backup.service.in ${JSMS_PACKAGING_OUT}/jsms-ops-backup.service @ONLY)
configure_file(${JSMS_PACKAGING_DIR}/debian/conffiles.in ${JSMS_PACKAGING_OUT}/debian/conffiles @ONLY)
foreach(script postinst prerm postrm)
  configure_file(${JSMS_PACKAGING_DIR}/debian/${script} ${JSMS_PACKAGING_OUT}/debian/${script} COPYONLY)
endforeach()

install(TARGETS jsms-ops RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${JSMS_PACKAGING_OUT}/jsms-ops.service
              ${JSMS_PACKAGING_OUT}/jsms-ops-backup.service
              ${JSMS_PACKAGING_DIR}/jsms-ops-backup.timer
        DESTINATION ${JSMS_UNIT_DIR})
# Root-only: it may hold the token. systemd reads it as root before dropping to jsms-ops.
install(FILES ${JSMS_PACKAGING_DIR}/jsms-ops.default
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/default
        RENAME jsms-ops
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES ${JSMS_PACKAGING_DIR}/nginx/jsms-ops.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/jsms-ops/examples/nginx)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jsms-ops)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "order-matching back office of an SMS aggregator (HTTP API over SQLite)")
set(CPACK_PACKAGE_CONTACT "jsms-ops maintainers <root@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # jsms-ops_VERSION_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)   # Depends: computed from the linked libraries
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")  # for postinst; shlibdeps' list is appended
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${JSMS_PACKAGING_OUT}/debian/conffiles
    ${JSMS_PACKAGING_OUT}/debian/postinst
    ${JSMS_PACKAGING_OUT}/debian/prerm
    ${JSMS_PACKAGING_OUT}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
