# giamngheo_test_suite(NAME source... [LIBRARIES lib...] [POSTGRES]): the GoogleTest executable
# NAME_tests of one folder's tests/, with the shared helpers of testing/, registered with ctest.
# POSTGRES: its tests need the throw-away PostgreSQL cluster (the fixture below), whose URI they
# read with test::postgres_uri().
function(giamngheo_test_suite name)
  if(NOT GIAMNGHEO_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 ARG "POSTGRES" "" "LIBRARIES")
  add_executable(${name}_tests ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name}_tests PRIVATE giamngheo_testing giamngheo_test_main ${ARG_LIBRARIES})
  # Tests that run the command line need it built.
  add_dependencies(${name}_tests giamngheo)
  if(ARG_POSTGRES)
    gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60 PROPERTIES FIXTURES_REQUIRED postgres)
  else()
    gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

# The PostgreSQL cluster of the tests: ctest starts it before the first test that requires the
# fixture "postgres" and stops it after the last, whichever subset runs.
set(GIAMNGHEO_PG_TEST_STATE "${PROJECT_BINARY_DIR}/pg-test-cluster")
if(GIAMNGHEO_BUILD_TESTS AND NOT GIAMNGHEO_FUZZ)
  add_test(NAME postgres_cluster_start
           COMMAND "${PROJECT_SOURCE_DIR}/scripts/pg_test_cluster.sh" start "${GIAMNGHEO_PG_TEST_STATE}")
  add_test(NAME postgres_cluster_stop
           COMMAND "${PROJECT_SOURCE_DIR}/scripts/pg_test_cluster.sh" stop "${GIAMNGHEO_PG_TEST_STATE}")
  set_tests_properties(postgres_cluster_start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 120)
  set_tests_properties(postgres_cluster_stop PROPERTIES FIXTURES_CLEANUP postgres TIMEOUT 60)
endif()

# Failover without loss: the script makes its own primary and synchronous standby (it kills the
# primary, so it cannot share the fixture's cluster), streams edits over HTTP, kills the primary
# and checks the promoted standby holds every acknowledged edit.
if(GIAMNGHEO_BUILD_TESTS AND NOT GIAMNGHEO_FUZZ)
  add_test(NAME postgres_failover
           COMMAND "${PROJECT_SOURCE_DIR}/scripts/pg_failover_test.sh" "$<TARGET_FILE:giamngheo>")
  set_tests_properties(postgres_failover PROPERTIES LABELS "postgres" TIMEOUT 110
                       ENVIRONMENT "GIAMNGHEO_DATA=${PROJECT_SOURCE_DIR}/data;GIAMNGHEO_TODAY=2026-11-23")
  # Point-in-time recovery as DEPLOYMENT.md § 5 tells it: a base backup and the WAL archive
  # restored to a moment before a mistake give the store of that moment.
  add_test(NAME postgres_pitr
           COMMAND "${PROJECT_SOURCE_DIR}/scripts/pg_pitr_test.sh" "$<TARGET_FILE:giamngheo>")
  set_tests_properties(postgres_pitr PROPERTIES LABELS "postgres" TIMEOUT 90
                       ENVIRONMENT "GIAMNGHEO_DATA=${PROJECT_SOURCE_DIR}/data;GIAMNGHEO_TODAY=2026-11-23")
  # The deployment files as installed: nginx -t, PostgreSQL started with its configuration,
  # systemd-analyze verify of the units.
  add_test(NAME deploy_files COMMAND "${PROJECT_SOURCE_DIR}/deploy/check.sh")
  set_tests_properties(deploy_files PROPERTIES LABELS "postgres" TIMEOUT 90)
endif()
