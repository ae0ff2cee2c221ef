package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.resources.AdmissionRule;
import io.tasklane.resources.AdmissionSettings;
import io.tasklane.resources.HostResources;
import io.tasklane.resources.JvmHeap;
import io.tasklane.resources.MeasuredUsage;
import io.tasklane.resources.ResourceEstimate;
import io.tasklane.resources.ResourceSnapshot;
import io.tasklane.support.ConfigDefaults;
import io.tasklane.system.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskSubmissionTest {
  static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  final List<Task> stored = new ArrayList<>();
  final List<String> announced = new ArrayList<>();
  final Map<String, OptionalDouble> measured = new HashMap<>();
  final Map<String, OptionalDouble> heapNeeds = new HashMap<>();
  JvmHeap heap = null;
  final List<String> dependencies = new ArrayList<>();
  boolean rollbackOnly;

  /** The transaction a group's submissions share: only whether it was marked for rollback. */
  final jakarta.transaction.TransactionSynchronizationRegistry transaction =
      new jakarta.transaction.TransactionSynchronizationRegistry() {
        public Object getTransactionKey() {
          return this;
        }

        public void putResource(Object key, Object value) {}

        public Object getResource(Object key) {
          return null;
        }

        public void registerInterposedSynchronization(jakarta.transaction.Synchronization sync) {}

        public int getTransactionStatus() {
          return jakarta.transaction.Status.STATUS_ACTIVE;
        }

        public void setRollbackOnly() {
          rollbackOnly = true;
        }

        public boolean getRollbackOnly() {
          return rollbackOnly;
        }
      };

  final TaskSubmission submission = submission();

  /** A local type whose parameters need a {@code symbol}, as the backtest's do. */
  static final TaskHandler NEEDS_SYMBOL =
      new TaskHandler() {
        public String taskType() {
          return "backtest";
        }

        public Lane lane() {
          return Lane.LOCAL;
        }

        public ResourceEstimate defaultEstimate() {
          return new ResourceEstimate(1.0, 0.5);
        }

        public Duration defaultTimeout() {
          return Duration.ofMinutes(10);
        }

        public JsonObject validate(JsonObject parameters) {
          if (!parameters.containsKey("symbol")) {
            throw new ProblemException.InvalidInput("parameters.symbol: is required.");
          }
          return parameters;
        }

        public JsonObject run(TaskContext context) {
          return JsonObject.EMPTY_JSON_OBJECT;
        }
      };

  /** A type that scales to the cores it is granted, as model_training does. */
  static final TaskHandler ELASTIC =
      new TaskHandler() {
        public String taskType() {
          return "model_training";
        }

        public Lane lane() {
          return Lane.LOCAL;
        }

        public ResourceEstimate defaultEstimate() {
          return new ResourceEstimate(2.0, 1.5);
        }

        public double elasticMinimumCores() {
          return 0.25;
        }

        public Duration defaultTimeout() {
          return Duration.ofHours(1);
        }

        public JsonObject validate(JsonObject parameters) {
          return parameters;
        }

        public JsonObject run(TaskContext context) {
          return JsonObject.EMPTY_JSON_OBJECT;
        }
      };

  TaskSubmission submission() {
    TaskSubmission s = new TaskSubmission();
    s.handlers =
        new TaskHandlers() {
          @Override
          public Optional<TaskHandler> find(String taskType) {
            return java.util.stream.Stream.of(NEEDS_SYMBOL, ELASTIC)
                .filter(h -> h.taskType().equals(taskType))
                .findFirst();
          }

          @Override
          public SortedSet<String> types() {
            return new TreeSet<>(List.of("backtest"));
          }

          @Override
          public ResourceEstimate estimateFor(TaskHandler handler) {
            return handler.defaultEstimate();
          }

          @Override
          public Duration timeoutFor(TaskHandler handler) {
            return handler.defaultTimeout();
          }
        };
    s.host =
        new HostResources() {
          @Override
          public ResourceSnapshot latest() {
            return new ResourceSnapshot(8, 0.1, 16, 12, NOW, null, heap);
          }
        };
    s.rule = new AdmissionRule(new AdmissionSettings(false, 20, 0.8));
    s.measured =
        new MeasuredUsage() {
          @Override
          public OptionalDouble cores(String type, JsonObject parameters) {
            return measured.getOrDefault(type, OptionalDouble.empty());
          }

          @Override
          public OptionalDouble heapGb(String type, JsonObject parameters) {
            return heapNeeds.getOrDefault(type, OptionalDouble.empty());
          }
        };
    s.tasks =
        new TaskStore() {
          @Override
          public void add(Task task) {
            stored.add(task);
          }

          @Override
          public Optional<Task> findLocked(java.util.UUID id) {
            return stored.stream().filter(t -> t.id().equals(id)).findFirst();
          }

          @Override
          public void addDependency(java.util.UUID taskId, java.util.UUID dependsOn) {
            dependencies.add(taskId + " on " + dependsOn);
          }
        };
    s.events =
        new TaskEvents() {
          @Override
          public Map<UUID, Long> publishQueued(List<Task> tasks) {
            Map<UUID, Long> positions = new HashMap<>();
            for (Task task : tasks) {
              announced.add(task.status() + " " + task.id());
              positions.put(task.id(), (long) positions.size() + 1);
            }
            return positions;
          }
        };
    s.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    s.config = ConfigDefaults.of(TasksConfig.class);
    s.transaction = transaction;
    return s;
  }

  static SubmitTaskRequest backtest(String symbol) {
    SubmitTaskRequest request = new SubmitTaskRequest();
    request.taskType = "backtest";
    request.parameters =
        symbol == null
            ? Json.createObjectBuilder().build()
            : Json.createObjectBuilder().add("symbol", symbol).build();
    return request;
  }

  static List<SubmitTaskRequest> batch(int size) {
    return IntStream.range(0, size).mapToObj(i -> backtest("BTC_USDT")).toList();
  }

  @Test
  void without_a_users_estimate_the_measured_cores_replace_the_types_default_within_the_cap() {
    measured.put("backtest", OptionalDouble.of(0.3));
    Task learned = submission.accept(backtest("BTC_USDT"), "alice", false).task();
    measured.put("backtest", OptionalDouble.of(64));
    Task capped = submission.accept(backtest("BTC_USDT"), "alice", false).task();
    measured.put("backtest", OptionalDouble.of(0));
    Task floored = submission.accept(backtest("BTC_USDT"), "alice", false).task();
    SubmitTaskRequest hinted = backtest("BTC_USDT");
    hinted.estimatedCpuCores = 2.0;
    Task userEstimate = submission.accept(hinted, "alice", false).task();

    assertEquals(0.3, learned.estimatedCpuCores(), 1e-9);
    assertEquals(
        submission.rule.defaultCoresCap(8), capped.estimatedCpuCores(), 1e-9, "8-core host");
    assertEquals(0.05, floored.estimatedCpuCores(), 1e-9);
    assertEquals(2.0, userEstimate.estimatedCpuCores(), 1e-9, "the user's hint stays");
  }

  @Test
  void an_elastic_types_measured_cores_do_not_replace_its_default() {
    // its measured cores are what it was granted (it keeps to its grant), not what it could use
    measured.put("model_training", OptionalDouble.of(0.6));
    SubmitTaskRequest training = new SubmitTaskRequest();
    training.taskType = "model_training";
    training.parameters = Json.createObjectBuilder().build();

    Task task = submission.accept(training, "alice", false).task();

    assertEquals(2.0, task.estimatedCpuCores(), 1e-9, "the default, within the 8-core cap");
  }

  @Test
  void
      the_known_heap_need_replaces_the_types_ram_default_and_is_the_least_a_users_hint_counts_for() {
    heapNeeds.put("backtest", OptionalDouble.of(2.4));
    Task learned = submission.accept(backtest("BTC_USDT"), "alice", false).task();
    SubmitTaskRequest zeroHint = backtest("BTC_USDT");
    zeroHint.estimatedRamGb = 0.0;
    Task hintedLow = submission.accept(zeroHint, "alice", false).task();
    SubmitTaskRequest highHint = backtest("BTC_USDT");
    highHint.estimatedRamGb = 3.0;
    Task hintedHigh = submission.accept(highHint, "alice", false).task();
    heapNeeds.clear();
    Task unmeasured = submission.accept(backtest("BTC_USDT"), "alice", false).task();

    assertEquals(2.4, learned.estimatedRamGb(), 1e-9);
    assertEquals(2.4, hintedLow.estimatedRamGb(), 1e-9, "a zero hint cannot bypass the heap");
    assertEquals(3.0, hintedHigh.estimatedRamGb(), 1e-9, "a larger hint stays");
    assertEquals(0.5, unmeasured.estimatedRamGb(), 1e-9, "the type's default");
  }

  @Test
  void a_heap_need_beyond_the_usable_heap_runs_alone_rather_than_being_refused() {
    heap = new JvmHeap(6.0, 1.0, 1.0);
    heapNeeds.put("backtest", OptionalDouble.of(9.0));
    SubmitTaskRequest zeroHint = backtest("BTC_USDT");
    zeroHint.estimatedRamGb = 0.0;

    Task task = submission.accept(zeroHint, "alice", false).task();

    double usable = 6.0 - submission.rule.minHeapGb(6.0);
    assertEquals(usable, task.estimatedRamGb(), 1e-9, "the whole usable heap: it runs alone");
  }

  @Test
  void a_batch_stores_every_task_in_order_and_announces_each_as_queued() {
    List<SubmitTaskRequest> requests = new ArrayList<>(batch(3));
    requests.get(1).priority = 7;

    List<Task> accepted = submission.submitAll(requests, "alice", false);

    assertEquals(stored, accepted);
    assertEquals(3, accepted.size());
    assertEquals(7, accepted.get(1).priority());
    assertEquals(
        accepted.stream().map(t -> "QUEUED " + t.id()).toList(), announced, "one per task");
    assertTrue(accepted.stream().allMatch(t -> t.userId().equals("alice")));
  }

  @Test
  void a_bad_element_is_named_by_its_index_and_nothing_is_stored() {
    List<SubmitTaskRequest> requests = new ArrayList<>(batch(10));
    requests.set(7, backtest(null));

    ProblemException refused =
        assertThrows(ProblemException.class, () -> submission.submitAll(requests, "alice", false));

    assertEquals(400, refused.status());
    assertEquals("tasks[7].parameters.symbol: is required.", refused.getMessage());
    assertEquals(List.of(), stored);
    assertEquals(List.of(), announced);
  }

  @Test
  void a_refusal_without_a_field_path_is_named_too() {
    List<SubmitTaskRequest> requests = new ArrayList<>(batch(2));
    requests.get(1).taskType = "quantum_annealing";
    SubmitTaskRequest huge = backtest("BTC_USDT");
    huge.estimatedCpuCores = 200.0;

    ProblemException unknown =
        assertThrows(ProblemException.class, () -> submission.submitAll(requests, "alice", false));
    ProblemException neverFits =
        assertThrows(
            ProblemException.class,
            () -> submission.submitAll(List.of(backtest("BTC_USDT"), huge), "alice", false));

    assertTrue(
        unknown.getMessage().startsWith("tasks[1]: Unknown task_type 'quantum_annealing'"),
        unknown.getMessage());
    assertTrue(neverFits.getMessage().startsWith("tasks[1]"), neverFits.getMessage());
    assertEquals(400, neverFits.status());
    assertEquals(List.of(), stored);
  }

  @Test
  void a_group_stores_its_good_requests_together_and_refuses_the_bad_one_alone() {
    List<TaskSubmission.Outcome> outcomes =
        submission.acceptEach(
            List.of(
                new TaskSubmission.Request(backtest("BTC_USDT"), "alice", false),
                new TaskSubmission.Request(backtest(null), "bob", false),
                new TaskSubmission.Request(backtest("ETH_USDT"), "carol", true)));

    assertEquals(2, stored.size());
    assertEquals(List.of("alice", "carol"), stored.stream().map(Task::userId).toList());
    assertEquals(
        List.of("QUEUED " + stored.get(0).id(), "QUEUED " + stored.get(1).id()),
        announced,
        "one announcement of the stored two");
    assertEquals(stored.get(0), outcomes.get(0).accepted().task());
    assertEquals(1L, outcomes.get(0).accepted().queuePosition());
    assertEquals("parameters.symbol: is required.", outcomes.get(1).refused().getMessage());
    assertEquals(null, outcomes.get(1).accepted());
    assertEquals(stored.get(1), outcomes.get(2).accepted().task());
    assertEquals(2L, outcomes.get(2).accepted().queuePosition());
  }

  @Test
  void a_group_whose_transaction_was_marked_for_rollback_announces_nothing() {
    rollbackOnly = true;

    assertThrows(
        TaskSubmission.GroupSpoiled.class,
        () ->
            submission.acceptEach(
                List.of(
                    new TaskSubmission.Request(backtest("BTC_USDT"), "alice", false),
                    new TaskSubmission.Request(backtest("ETH_USDT"), "bob", false))));
    assertEquals(List.of(), announced, "its transaction rolls back: nothing was stored");
  }

  @Test
  void an_empty_batch_is_refused() {
    ProblemException refused =
        assertThrows(ProblemException.class, () -> submission.submitAll(List.of(), "alice", false));
    assertEquals(400, refused.status());
    assertEquals("tasks: must hold at least one task.", refused.getMessage());
  }

  @Test
  void a_batch_over_the_configured_limit_is_refused_before_any_check() {
    submission.config.maxBatch = 5;
    List<SubmitTaskRequest> requests = new ArrayList<>(Collections.nCopies(6, backtest(null)));

    ProblemException refused =
        assertThrows(ProblemException.class, () -> submission.submitAll(requests, "alice", false));

    assertEquals(413, refused.status());
    assertTrue(refused.getMessage().contains("at most 5 tasks"), refused.getMessage());
    assertEquals(5, submission.submitAll(batch(5), "alice", false).size());
  }

  @Test
  void a_single_submission_keeps_its_unprefixed_refusals() {
    ProblemException refused =
        assertThrows(
            ProblemException.class, () -> submission.accept(backtest(null), "alice", false).task());
    assertEquals("parameters.symbol: is required.", refused.getMessage());
    assertEquals(1, List.of(submission.accept(backtest("ETH_USDT"), "bob", false).task()).size());
    assertEquals(1, stored.size());
    assertEquals(1, announced.size());
  }

  @Test
  void a_dependent_of_an_unfinished_task_is_stored_waiting_for_it_with_the_reason() {
    Task first = submission.accept(backtest("BTC_USDT"), "alice", false).task();
    SubmitTaskRequest request = backtest("ETH_USDT");
    request.dependsOn = List.of(first.id(), first.id());
    Task second = submission.accept(request, "alice", false).task();

    assertEquals("Waiting for task " + first.id() + " (queued)", second.blockedReason());
    assertEquals(List.of(second.id() + " on " + first.id()), dependencies);
    assertTrue(second.hasDependencies(), "marked for the scheduler's search of held tasks");
    assertFalse(first.hasDependencies());
  }

  @Test
  void depending_on_an_unknown_another_users_or_a_failed_task_is_refused() {
    Task bobs = submission.accept(backtest("BTC_USDT"), "bob", false).task();
    Task failed = submission.accept(backtest("BTC_USDT"), "alice", false).task();
    failed.fail("boom", NOW);
    for (java.util.UUID id : List.of(java.util.UUID.randomUUID(), bobs.id(), failed.id())) {
      SubmitTaskRequest request = backtest("ETH_USDT");
      request.dependsOn = List.of(id);
      ProblemException refused =
          assertThrows(
              ProblemException.class, () -> submission.accept(request, "alice", false).task());
      assertEquals(400, refused.status());
      assertTrue(refused.getMessage().startsWith("depends_on: "), refused.getMessage());
    }
    assertTrue(dependencies.isEmpty());
  }
}
