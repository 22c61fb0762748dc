# giamngheo_test_suite(NAME source... [LIBRARIES lib...]): the GoogleTest executable NAME_tests of
# one folder's tests/, with the shared helpers of testing/, registered with ctest.
function(giamngheo_test_suite name)
  if(NOT GIAMNGHEO_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "LIBRARIES")
  add_executable(${name}_tests ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name}_tests PRIVATE giamngheo_testing giamngheo_test_main ${ARG_LIBRARIES})
  # Tests that run the command line need it built.
  add_dependencies(${name}_tests giamngheo)
  gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60)
endfunction()
