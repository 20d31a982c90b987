# Helpers that give every module the same shape (see ../shared/GUIDE.md):
#   src/<module>/*.cc      -> library cordon_<module> (tests excluded)
#   src/<module>/*_test.cc -> one GoogleTest executable each, registered with CTest
# A module lists the cordon modules it may use; the build enforces the one-way
# dependency graph because nothing else is linked.

set(CORDON_WARNINGS -Wall -Wextra -Werror -Wno-missing-field-initializers)

# The root of the test data, compiled into tests (only) so they run from any folder.
set(CORDON_TESTDATA_DIR "${PROJECT_SOURCE_DIR}/testdata")
set(CORDON_DATA_DIR "${PROJECT_SOURCE_DIR}/data")

# Tests labelled `heavy` measure effectiveness over whole lists, drive the program end to end
# many times over real data, hash many passwords with Argon2id at 64 MiB (auth_test: 2.5 minutes
# unsanitised), drive a browser (web_browser_test) or kill workers over and over under load
# (e2e_worker_fault_test, e2e_worker_cases_test; e2e_worker_messages_test, 24 s at load 10:
# three workers started, PostgreSQL and NATS held and released); the code paths they run are also
# run by the modules' unit tests and the quicker end-to-end tests.
# .ci/run leaves them out of the sanitizer stage (ctest -LE heavy), where the 5-10x slowdown of
# ASan made them most of an over-time CI run; the README test command runs them all.
# rules_test and skeleton_set_dev_test compare a fast path with the plain one over every list word
# and hundreds of thousands of edits or skeletons (6 and 4 s, but 138 and 104 s under ASan).
set(CORDON_HEAVY_TESTS exhaustive_test cross_script_ofac_test every_list_name_test
    rules_test skeleton_set_dev_test
    e2e_message_cli_test e2e_message_golden_test e2e_lists_cli_test e2e_validate_cli_test
    e2e_cases_cli_test e2e_worker_fault_test e2e_worker_cases_test e2e_worker_messages_test
    e2e_serve_cases_test auth_test web_browser_test)
function(cordon_add_test name)
  add_test(NAME ${name} COMMAND ${ARGN})
  if(name IN_LIST CORDON_HEAVY_TESTS)
    set_tests_properties(${name} PROPERTIES LABELS heavy)
  endif()
endfunction()

# The program finds its data as <its folder>/../share/cordon, as installed (cmake/install.cmake;
# cordon/lists.h DefaultDataDir). The build tree offers the same in the parents of the folders
# that hold programs (build/src/cli/cordon and the module tests -> build/src/share/cordon;
# tests/, fuzz/ and bench/ -> build/share/cordon): a folder whose entries link to those of data/,
# and web/ to the built web application (web/CMakeLists.txt), which has no place in data/.
file(GLOB cordon_data_entries CONFIGURE_DEPENDS "${CORDON_DATA_DIR}/*")
foreach(parent "${CMAKE_BINARY_DIR}" "${CMAKE_BINARY_DIR}/src")
  if(IS_SYMLINK "${parent}/share/cordon")
    file(REMOVE "${parent}/share/cordon")  # a build tree of before: share/cordon linked to data/
  endif()
  file(MAKE_DIRECTORY "${parent}/share/cordon")
  foreach(entry ${cordon_data_entries})
    get_filename_component(name "${entry}" NAME)
    file(CREATE_LINK "${entry}" "${parent}/share/cordon/${name}" SYMBOLIC)
  endforeach()
  file(CREATE_LINK "${CMAKE_BINARY_DIR}/web/dist" "${parent}/share/cordon/web" SYMBOLIC)
endforeach()

# The test programs' own code (not the libraries they test, which keep the build's optimisation)
# is compiled without optimisation and with one precompiled header of the system, GoogleTest,
# JSON and absl headers they share: measured on two cores with g++ 12, api_test.cc took 41 s of
# CPU at -O2 -g1 and 17 s at -O0 with the header, screener_test.cc 17 s and 8.5 s; the tests' own
# code is assertions and set-up, whose speed does not matter. Every test program is given the
# same compile options, definitions and usage requirements, so the header built once (by
# cordon_test_pch) is valid for all of them (g++ checks it: -Winvalid-pch with -Werror).
set(CORDON_TEST_OPTIMIZE -O0 CACHE STRING "Optimisation flags of the test programs' own code")
set(cordon_test_usage GTest::gtest GTest::gtest_main GTest::gmock nlohmann_json::nlohmann_json
    absl::status absl::statusor)
# cordon_test_program(target): the settings every test program shares (module tests and tests/).
function(cordon_test_program target)
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(${target} PRIVATE ${CORDON_WARNINGS} ${CORDON_TEST_OPTIMIZE})
  target_compile_definitions(${target} PRIVATE
    CORDON_TESTDATA_DIR="${CORDON_TESTDATA_DIR}" CORDON_DATA_DIR="${CORDON_DATA_DIR}")
  target_link_libraries(${target} PRIVATE ${cordon_test_usage})
  if(NOT target STREQUAL cordon_test_pch)
    target_precompile_headers(${target} REUSE_FROM cordon_test_pch)
  endif()
endfunction()
if(CORDON_TESTS)
  set(test_pch_source "${CMAKE_BINARY_DIR}/cordon_test_pch.cc")
  file(WRITE "${test_pch_source}.tmp" "// The precompiled header's host (cmake/cordon.cmake).\n")
  configure_file("${test_pch_source}.tmp" "${test_pch_source}" COPYONLY)
  add_library(cordon_test_pch OBJECT "${test_pch_source}")
  cordon_test_program(cordon_test_pch)
  target_precompile_headers(cordon_test_pch PRIVATE
    <algorithm> <array> <atomic> <chrono> <cstdint> <cstdlib> <filesystem> <fstream>
    <functional> <map> <memory> <mutex> <optional> <set> <sstream> <string> <string_view>
    <thread> <unordered_map> <vector>
    <gmock/gmock.h> <gtest/gtest.h> <nlohmann/json.hpp> <absl/status/status.h>
    <absl/status/statusor.h>)
endif()

# With CORDON_UNITY (scripts/build, .ci/run) a library module and the program compile as unity
# files of up to 16 sources each. Measured on two cores, g++ 12 -O2 (user CPU): cordon_cases' 8
# files 105.6 s separately, 35.4 s as one unity file; cordon_engine's 4 37.3 -> 18.3 s; cordon_inspect
# 25.9 -> 15.5 s; cordon_score 15.9 -> 7.6 s: the headers (absl, JSON, ICU, the standard library)
# are parsed and their inline functions and templates compiled and optimised once per unity file,
# not once per source. A name in a source's anonymous namespace is therefore seen by the sources
# after it in the same unity file: such names must differ between a module's sources.
function(cordon_unity target)
  if(CORDON_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 16)
    # g++ warns when a class of the module holds a type of a source's anonymous namespace that is
    # not declared in "the main file": the unity file is the main file, so every source is taken
    # for a header. The warning is for headers; each source is still its own scope here.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
    endif()
  endif()
endfunction()

function(cordon_module name)
  cmake_parse_arguments(M "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cc")
  file(GLOB tests CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc")
  if(tests)
    list(REMOVE_ITEM srcs ${tests})
  endif()
  add_library(cordon_${name} STATIC ${srcs})
  cordon_unity(cordon_${name})
  target_include_directories(cordon_${name}
    PUBLIC "${PROJECT_SOURCE_DIR}/include"
    PRIVATE "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(cordon_${name} PRIVATE ${CORDON_WARNINGS})
  # No object of the library sees a path of the source tree (a compiler cache can share them
  # between trees, and an installed program carries none).
  target_compile_definitions(cordon_${name} PRIVATE CORDON_VERSION="${PROJECT_VERSION}")
  target_link_libraries(cordon_${name} PUBLIC ${M_DEPS})
  if(CORDON_TESTS)
    foreach(t ${tests})
      get_filename_component(tname ${t} NAME_WE)
      add_executable(${tname} ${t})
      cordon_test_program(${tname})
      target_link_libraries(${tname} PRIVATE cordon_${name} ${M_TEST_DEPS})
      cordon_add_test(${tname} ${tname})
    endforeach()
  endif()
endfunction()

# Embeds generated tables data/tables/<name>.tsv into `target` as raw strings
# `extern const char kEmbedded_<name>[]` in `namespace` (the library then reads no files at run
# time). A missing table embeds as empty text. CMake re-runs when a table changes; the source is
# written through a temporary file so an unchanged table does not trigger a rebuild.
function(cordon_embed_tables target namespace)
  set(tables_dir "${PROJECT_SOURCE_DIR}/data/tables")
  set(embedded "${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded_tables.cc")
  set(body "// Generated by cordon_embed_tables (cmake/cordon.cmake) from data/tables/. Do not edit.\n")
  string(APPEND body "namespace ${namespace} {\n")
  foreach(t ${ARGN})
    set(text "")
    if(EXISTS "${tables_dir}/${t}.tsv")
      file(READ "${tables_dir}/${t}.tsv" text)
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${tables_dir}/${t}.tsv")
    endif()
    string(APPEND body "extern const char kEmbedded_${t}[] = R\"cordon_tsv(${text})cordon_tsv\";\n")
  endforeach()
  string(APPEND body "}  // namespace ${namespace}\n")
  file(WRITE "${embedded}.tmp" "${body}")
  configure_file("${embedded}.tmp" "${embedded}" COPYONLY)
  target_sources(${target} PRIVATE "${embedded}")
endfunction()
