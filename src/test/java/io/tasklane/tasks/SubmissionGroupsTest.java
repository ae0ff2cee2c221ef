package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.system.ProblemException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of single submissions, against a submission that records how it was asked: each
 * request here is told apart by its priority, which the fake answers as its queue position.
 * Requests 1 and 2 are stored alone and held until released, which keeps both writers busy so that
 * the requests sent meanwhile queue.
 */
class SubmissionGroupsTest {
  final ExecutorService requests = Executors.newFixedThreadPool(6);
  final RecordingSubmission submission = new RecordingSubmission();
  final SubmissionGroups groups = new SubmissionGroups();

  {
    groups.submission = submission;
  }

  @AfterEach
  void stop() {
    requests.shutdownNow();
  }

  @Test
  void a_submission_alone_is_stored_alone_as_before() {
    assertEquals(7L, groups.accept(request(7), "ann", false).queuePosition());

    assertEquals(List.of(7), submission.alone);
    assertEquals(List.of(), submission.groups);
  }

  @Test
  void submissions_arriving_while_one_is_stored_are_stored_together_next() throws Exception {
    List<CompletableFuture<Long>> later = queuedBehindFirst(3, 4, 5);

    for (int i = 0; i < later.size(); i++) {
      assertEquals(i + 3L, later.get(i).get(10, TimeUnit.SECONDS), "each gets its own answer");
    }
    assertEquals(List.of(1), submission.alone);
    assertEquals(1, submission.groups.size(), "one transaction for the three");
    assertEquals(List.of(3, 4, 5), submission.groups.get(0).stream().sorted().toList());
  }

  @Test
  void a_refused_submission_in_a_group_refuses_only_itself() throws Exception {
    submission.groupAnswer =
        request ->
            request.priority == 4
                ? new TaskSubmission.Outcome(
                    null, new ProblemException.InvalidInput("parameters.symbol: unknown"))
                : accepted(request);
    List<CompletableFuture<Long>> queued = queuedBehindFirst(3, 4);

    assertEquals(3L, queued.get(0).get(10, TimeUnit.SECONDS));
    assertEquals(List.of(List.of(3, 4)), sortedGroups());
    ProblemException refused = refusal(queued.get(1));
    assertEquals("parameters.symbol: unknown", refused.getMessage());
    assertEquals(400, refused.status());
  }

  @Test
  void when_a_groups_transaction_fails_each_of_it_is_submitted_alone() throws Exception {
    submission.groupAnswer =
        request -> {
          throw new TaskSubmission.GroupSpoiled();
        };
    submission.aloneFailsFor = 4;
    List<CompletableFuture<Long>> queued = queuedBehindFirst(3, 4, 5);

    assertEquals(3L, queued.get(0).get(10, TimeUnit.SECONDS));
    assertEquals(5L, queued.get(2).get(10, TimeUnit.SECONDS));
    assertEquals("no series", refusal(queued.get(1)).getMessage(), "its own fault, alone");
    assertEquals(1, submission.groups.size());
    assertEquals(List.of(1, 3, 4, 5), submission.alone.stream().sorted().toList());
  }

  @Test
  void a_submission_that_depends_on_others_is_never_grouped() throws Exception {
    CompletableFuture<Long> first = holdWriter();
    SubmitTaskRequest dependent = request(9);
    dependent.dependsOn = List.of(UUID.randomUUID());

    // Not held back by the group being stored: it locks other tasks, so it takes its own way.
    assertEquals(9L, groups.accept(dependent, "ann", false).queuePosition());
    submission.releaseAlone.countDown();
    assertEquals(1L, first.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(), submission.groups);
  }

  /**
   * Sends {@code ids} while request 1 is being stored, then releases it: their answers, once
   * request 1 got its own.
   */
  private List<CompletableFuture<Long>> queuedBehindFirst(int... ids) throws Exception {
    CompletableFuture<Long> first = holdWriter();
    List<CompletableFuture<Long>> queued =
        java.util.stream.IntStream.of(ids).mapToObj(this::send).toList();
    awaitWaiting(ids.length);
    submission.releaseAlone.countDown();
    assertEquals(1L, first.get(10, TimeUnit.SECONDS));
    return queued;
  }

  private List<List<Integer>> sortedGroups() {
    return submission.groups.stream().map(g -> g.stream().sorted().toList()).toList();
  }

  /** Request 1, being stored alone and held there. */
  private CompletableFuture<Long> holdWriter() throws InterruptedException {
    CompletableFuture<Long> one = send(1);
    awaitStoredAlone(1);
    return one;
  }

  private void awaitStoredAlone(int id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!submission.alone.contains(id)) {
      assertTrue(System.nanoTime() < deadline, "request " + id + " never stored alone");
      Thread.sleep(1);
    }
  }

  private CompletableFuture<Long> send(int id) {
    return CompletableFuture.supplyAsync(
        () -> groups.accept(request(id), "user" + id, false).queuePosition(), requests);
  }

  private void awaitWaiting(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (groups.waiting() < count) {
      assertTrue(System.nanoTime() < deadline, "requests never queued: " + groups.waiting());
      Thread.sleep(1);
    }
  }

  private static ProblemException refusal(CompletableFuture<Long> answer) {
    CompletionException thrown = assertThrows(CompletionException.class, answer::join);
    return assertInstanceOf(ProblemException.class, thrown.getCause());
  }

  private static SubmitTaskRequest request(int id) {
    SubmitTaskRequest request = new SubmitTaskRequest();
    request.taskType = "backtest";
    request.priority = id;
    return request;
  }

  private static TaskSubmission.Outcome accepted(SubmitTaskRequest request) {
    return new TaskSubmission.Outcome(
        new TaskSubmission.Accepted(null, request.priority.longValue()), null);
  }

  /** Answers at once, except that request 1 alone waits to be released. */
  static final class RecordingSubmission extends TaskSubmission {
    final List<Integer> alone = Collections.synchronizedList(new ArrayList<>());
    final List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch releaseAlone = new CountDownLatch(1);
    volatile Function<SubmitTaskRequest, Outcome> groupAnswer = SubmissionGroupsTest::accepted;
    volatile int aloneFailsFor = -1;

    @Override
    public Accepted accept(SubmitTaskRequest request, String userId, boolean admin) {
      alone.add(request.priority);
      if (request.priority == 1) {
        try {
          assertTrue(releaseAlone.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (request.priority == aloneFailsFor) {
        throw new ProblemException.InvalidInput("no series");
      }
      return new Accepted(null, request.priority.longValue());
    }

    @Override
    public List<Outcome> acceptEach(List<Request> group) {
      groups.add(group.stream().map(r -> r.request().priority).toList());
      List<Outcome> outcomes = new ArrayList<>();
      for (Request each : group) {
        assertEquals("user" + each.request().priority, each.userId(), "each its own caller");
        outcomes.add(groupAnswer.apply(each.request()));
      }
      return outcomes;
    }
  }
}
