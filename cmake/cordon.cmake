# Helpers that give every module the same shape (see ../shared/GUIDE.md):
#   src/<module>/*.cc      -> library cordon_<module> (tests excluded)
#   src/<module>/*_test.cc -> one GoogleTest executable each, registered with CTest
# A module lists the cordon modules it may use; the build enforces the one-way
# dependency graph because nothing else is linked.

set(CORDON_WARNINGS -Wall -Wextra -Werror -Wno-missing-field-initializers)

# The root of the test data, compiled into tests so they run from any folder.
set(CORDON_TESTDATA_DIR "${PROJECT_SOURCE_DIR}/testdata")
set(CORDON_DATA_DIR "${PROJECT_SOURCE_DIR}/data")

function(cordon_module name)
  cmake_parse_arguments(M "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  file(GLOB tests CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc")
  if(tests)
    list(REMOVE_ITEM srcs ${tests})
  endif()
  add_library(cordon_${name} STATIC ${srcs})
  target_include_directories(cordon_${name}
    PUBLIC "${PROJECT_SOURCE_DIR}/include"
    PRIVATE "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(cordon_${name} PRIVATE ${CORDON_WARNINGS})
  # Only the file that resolves the default data folder sees its path, so the other objects do
  # not depend on where the source tree is (and a compiler cache can share them between trees).
  target_compile_definitions(cordon_${name} PRIVATE CORDON_VERSION="${PROJECT_VERSION}")
  target_link_libraries(cordon_${name} PUBLIC ${M_DEPS})
  if(CORDON_TESTS)
    foreach(t ${tests})
      get_filename_component(tname ${t} NAME_WE)
      add_executable(${tname} ${t})
      target_include_directories(${tname} PRIVATE "${PROJECT_SOURCE_DIR}/src")
      target_compile_options(${tname} PRIVATE ${CORDON_WARNINGS})
      target_compile_definitions(${tname} PRIVATE
        CORDON_TESTDATA_DIR="${CORDON_TESTDATA_DIR}" CORDON_DATA_DIR="${CORDON_DATA_DIR}")
      target_link_libraries(${tname} PRIVATE cordon_${name} ${M_TEST_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
      add_test(NAME ${tname} COMMAND ${tname})
    endforeach()
  endif()
endfunction()
