package io.tasklane.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tasklane.support.ConfigDefaults;
import io.tasklane.tasks.Lane;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Predicate;
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
  void what_a_lane_admits_is_claimed_in_one_transaction_and_started() {
    List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    List<List<UUID>> batches = new ArrayList<>();
    List<UUID> launched = new ArrayList<>();
    Worker worker = claimingWorker(batches, launched, null);
    worker.setAdmissions(List.of(pass -> admitAll(pass, ids)));

    worker.admitNow();

    assertEquals(List.of(ids), batches, "one claim for the three");
    assertEquals(ids, launched);
  }

  @Test
  void a_batch_claim_that_loses_a_race_claims_one_by_one_and_starts_only_what_it_won() {
    List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    List<List<UUID>> batches = new ArrayList<>();
    List<UUID> launched = new ArrayList<>();
    // Another instance took the second task first: the batch fails on its version.
    Worker worker = claimingWorker(batches, launched, ids.get(1));
    worker.setAdmissions(List.of(pass -> admitAll(pass, ids)));

    worker.admitNow();

    assertEquals(1, batches.size());
    assertEquals(List.of(ids.get(0), ids.get(2)), launched);
  }

  private static boolean admitAll(AdmissionPass pass, List<UUID> ids) {
    ids.forEach(id -> pass.admit(id, any -> true, 0.01));
    return false;
  }

  /** A worker whose claims are recorded; {@code takenElsewhere} fails any batch that holds it. */
  private static Worker claimingWorker(
      List<List<UUID>> batches, List<UUID> launched, UUID takenElsewhere) {
    Worker worker = new Worker();
    worker.config = ConfigDefaults.of(SchedulerConfig.class);
    worker.clock = Clock.systemUTC();
    worker.instance = new InstanceIdentity();
    worker.claims =
        new TaskClaims() {
          @Override
          public List<ClaimedTask> tryClaimAll(
              List<UUID> ids, String owner, Instant now, Instant until, Predicate<UUID> gate) {
            batches.add(ids);
            if (ids.contains(takenElsewhere)) {
              throw new IllegalStateException("Row was updated or deleted by another transaction");
            }
            return ids.stream().map(WorkerAdmissionTest::claimed).toList();
          }

          @Override
          public Optional<ClaimedTask> tryClaimThrough(
              UUID id, String owner, Instant now, Instant until, Predicate<UUID> gate) {
            return id.equals(takenElsewhere) ? Optional.empty() : Optional.of(claimed(id));
          }
        };
    worker.executor =
        new TaskExecutor() {
          @Override
          void launch(ClaimedTask task, OptionalDouble grantedCores) {
            launched.add(task.id());
          }
        };
    return worker;
  }

  private static ClaimedTask claimed(UUID id) {
    return new ClaimedTask(
        id,
        "backtest",
        Lane.LOCAL,
        "alice",
        JsonValue.EMPTY_JSON_OBJECT,
        1,
        60,
        Instant.now(),
        1,
        0.25);
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
