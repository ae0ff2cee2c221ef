package io.tasklane.tasks;

import io.tasklane.system.GroupCommit;
import io.tasklane.system.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Single submissions that arrive together are stored together, by group commit ({@link
 * GroupCommit}): whichever request thread finds no write in progress stores every waiting
 * submission in one transaction ({@link TaskSubmission#acceptEach}) while the others wait for
 * theirs. A submission alone is stored alone, as before; under load a transaction's round trips and
 * its commit are shared (issue 25), and each request still answers only once its task is committed.
 * A request refused by its checks refuses only itself; if a group's transaction fails, each of its
 * requests is submitted again alone. A request that depends on other tasks locks them, so it always
 * goes alone.
 */
@ApplicationScoped
public class SubmissionGroups {
  /** The most one transaction stores; later arrivals wait for the next group. */
  static final int MAX_GROUP = 250;

  @Inject TaskSubmission submission;

  private final GroupCommit<TaskSubmission.Request, TaskSubmission.Outcome> commit =
      new GroupCommit<>(MAX_GROUP, group -> submission.acceptEach(group), this::alone);

  /** Stores {@code request} (with others waiting at the same time) and says where it queues. */
  public TaskSubmission.Accepted accept(SubmitTaskRequest request, String userId, boolean admin) {
    if (request.dependsOn != null && !request.dependsOn.isEmpty()) {
      return submission.accept(request, userId, admin);
    }
    TaskSubmission.Outcome outcome =
        commit.submit(new TaskSubmission.Request(request, userId, admin));
    if (outcome.refused() != null) {
      throw outcome.refused();
    }
    return outcome.accepted();
  }

  /** How many requests wait to be stored now. */
  int waiting() {
    return commit.waiting();
  }

  private TaskSubmission.Outcome alone(TaskSubmission.Request one) {
    try {
      return new TaskSubmission.Outcome(
          submission.accept(one.request(), one.userId(), one.admin()), null);
    } catch (ProblemException refused) {
      return new TaskSubmission.Outcome(null, refused);
    }
  }
}
