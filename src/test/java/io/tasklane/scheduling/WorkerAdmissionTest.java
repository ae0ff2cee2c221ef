package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tasklane.support.ConfigDefaults;
import io.tasklane.tasks.Lane;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerAdmissionTest {
  /** A worker whose loop is not started: {@code admit()} runs on the test's thread. */
  static Worker worker(LaneAdmission... lanes) {
    Worker worker = new Worker();
    worker.executor = new TaskExecutor();
    worker.setAdmissions(List.of(lanes));
    return worker;
  }

  @Test
  void every_lane_is_asked_in_turn_and_sees_what_runs_here() {
    List<String> asked = new ArrayList<>();
    Worker worker =
        worker(
            pass -> {
              asked.add("local:" + pass.runningHere(Lane.LOCAL));
              return false;
            },
            pass -> {
              asked.add("quantconnect:" + pass.runningHere(Lane.QUANTCONNECT));
              return false;
            });
    worker.admitNow();
    assertEquals(List.of("local:0", "quantconnect:0"), asked);
  }

  @Test
  void a_lane_that_fails_does_not_keep_the_next_one_from_admitting() {
    List<String> asked = new ArrayList<>();
    Worker worker =
        worker(
            pass -> {
              throw new IllegalStateException("its query failed");
            },
            pass -> {
              asked.add("second lane");
              return false;
            });
    worker.admitNow();
    worker.admitNow();
    assertEquals(List.of("second lane", "second lane"), asked);
  }

  @Test
  void leases_are_renewed_at_a_third_of_their_length_but_not_more_often_than_the_sweep() {
    Worker worker = new Worker();
    worker.config = ConfigDefaults.of(SchedulerConfig.class);
    worker.config.intervalMs = 1000;
    worker.config.leaseSeconds = 15;
    assertEquals(5000, worker.leaseRenewal().toMillis());
    worker.config.leaseSeconds = 2;
    assertEquals(1000, worker.leaseRenewal().toMillis());
  }
}
