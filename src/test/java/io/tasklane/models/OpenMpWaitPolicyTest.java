package io.tasklane.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenMpWaitPolicyTest {
  @Test
  void only_passive_in_any_case_lets_openmp_threads_sleep() {
    assertTrue(OpenMpWaitPolicy.passive("PASSIVE"));
    assertTrue(OpenMpWaitPolicy.passive(" passive "));
    assertFalse(OpenMpWaitPolicy.passive(null));
    assertFalse(OpenMpWaitPolicy.passive("ACTIVE"));
    assertFalse(OpenMpWaitPolicy.passive(""));
  }

  @Test
  void the_unit_tests_run_with_sleeping_openmp_threads_as_the_servers_do() {
    assertTrue(OpenMpWaitPolicy.passive(System.getenv("OMP_WAIT_POLICY")));
  }
}
