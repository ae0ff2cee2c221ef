package io.tasklane.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JVM heap as an admitted resource: a task's RAM estimate is its heap need, in full. */
class HeapAdmissionTest {
  static final AdmissionRule PRODUCTION = new AdmissionRule(new AdmissionSettings(false, 20, 0.8));

  /** A big idle machine, so that only the heap can hold a task back. */
  static AdmissionRule.Decision onIdleMachine(AdmissionRule.Heap heap, double ramGb) {
    return PRODUCTION.evaluate(8, 64, 8, 60, heap, new ResourceEstimate(1.0, ramGb));
  }

  @Test
  void a_task_whose_heap_need_leaves_the_heap_buffer_free_is_admitted() {
    // 6 GB max heap: 0.6 GB kept free; 4.7 GB free of it now.
    AdmissionRule.Decision decision = onIdleMachine(new AdmissionRule.Heap(6, 4.7), 1.2);

    assertTrue(decision.admitted(), decision.reason());
    assertEquals(3.5, decision.heapGbAfter(), 1e-9);
    assertEquals("Can run: 7.2 cores, 59.04GB RAM and 3.5GB heap will remain", decision.reason());
  }

  @Test
  void a_task_that_does_not_fit_the_heap_now_waits_with_the_seeds_wording() {
    AdmissionRule.Decision decision = onIdleMachine(new AdmissionRule.Heap(6, 0.4), 1.2);

    assertFalse(decision.admitted());
    assertEquals(
        "Insufficient heap: need 1.2GB, available 0.4GB, would leave -0.8GB (min: 0.6GB)",
        decision.reason());
    assertTrue(decision.heldByHeapAlone());
  }

  @Test
  void the_heap_need_is_the_whole_estimate_not_the_consumption_factors_share() {
    // 1.0 GB needed, 1.6 GB free, 0.6 GB kept free: exactly fits; 80 % of it would fit more.
    assertTrue(onIdleMachine(new AdmissionRule.Heap(6, 1.6), 1.0).admitted());
    assertFalse(onIdleMachine(new AdmissionRule.Heap(6, 1.59), 1.0).admitted());
  }

  @Test
  void the_heap_shortage_is_named_after_the_machines() {
    AdmissionRule.Decision decision =
        PRODUCTION.evaluate(
            2, 24, 1.0, 20, new AdmissionRule.Heap(2, 0.3), new ResourceEstimate(1.0, 0.5));

    assertTrue(decision.reason().startsWith("Insufficient CPU: need 1.0 cores"), decision.reason());
    assertTrue(
        decision
            .reason()
            .endsWith(
                "; Insufficient heap: need 0.5GB, available 0.3GB,"
                    + " would leave -0.2GB (min: 0.2GB)"),
        decision.reason());
    assertFalse(decision.heldByHeapAlone());
  }

  @Test
  void a_heap_need_beyond_the_max_heap_less_its_buffer_is_refused_at_submission() {
    String why = PRODUCTION.neverFits(8, 64, 2.0, new ResourceEstimate(1.0, 1.9)).orElseThrow();

    assertTrue(why.startsWith("This task could never start here"), why);
    assertTrue(why.contains("this server's max heap is 2.0GB"), why);
    assertTrue(why.contains("1.8GB usable"), why);
    assertTrue(PRODUCTION.neverFits(8, 64, 2.0, new ResourceEstimate(1.0, 1.8)).isEmpty());
    // Not measured: only the machine is checked.
    assertTrue(PRODUCTION.neverFits(8, 64, null, new ResourceEstimate(1.0, 1.9)).isEmpty());
  }

  @Test
  void the_machines_refusal_comes_first_when_both_would_refuse() {
    String why = PRODUCTION.neverFits(2, 24, 2.0, new ResourceEstimate(2.5, 1.9)).orElseThrow();

    assertTrue(why.contains("Insufficient CPU: need 2.5 cores"), why);
  }

  @Test
  void a_types_default_estimate_is_capped_at_the_usable_heap_so_it_can_always_be_submitted() {
    // 1 GB max heap (a 4 GB machine's JVM default): 0.9 GB usable; model_training's 1.5 GB default.
    double capped = PRODUCTION.defaultRamWithinHeap(1.5, 1.0);

    assertEquals(0.9, capped, 1e-9);
    assertTrue(PRODUCTION.neverFits(8, 64, 1.0, new ResourceEstimate(1.0, capped)).isEmpty());
    assertEquals(1.5, PRODUCTION.defaultRamWithinHeap(1.5, 6.0), 1e-9);
    assertEquals(1.5, PRODUCTION.defaultRamWithinHeap(1.5, null), 1e-9);
  }
}
