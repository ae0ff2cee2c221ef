package io.tasklane.tasks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A unit of work and its whole life. Status changes only through the behaviour methods below, each
 * checked against {@link TaskStatus}'s transition table; the version column turns every change into
 * a guarded update, so two instances racing for one task cannot both win.
 */
@Entity
@Table(name = "task")
// Only changed columns are written: progress updates and lease renewals never clobber a status.
@DynamicUpdate
public class Task {
  @Id private UUID id;

  @Column(name = "task_type", nullable = false, length = 64)
  private String taskType;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private Lane lane;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private TaskStatus status;

  @Column(nullable = false)
  private int priority;

  @Column(name = "user_id", nullable = false, length = 64)
  private String userId;

  @Column(name = "parameters_json", nullable = false, length = 1048576)
  private String parametersJson;

  @Column(name = "estimated_cpu_cores", nullable = false)
  private double estimatedCpuCores;

  @Column(name = "estimated_ram_gb", nullable = false)
  private double estimatedRamGb;

  @Column(length = TaskText.DESCRIPTION)
  private String description;

  private Integer progress;

  @Column(name = "blocked_reason", length = TaskText.BLOCKED_REASON)
  private String blockedReason;

  @Column(name = "result_json", length = 1048576)
  private String resultJson;

  @Column(length = TaskText.ERROR)
  private String error;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "max_attempts", nullable = false)
  private int maxAttempts;

  @Column(name = "timeout_seconds", nullable = false)
  private long timeoutSeconds;

  @Column(name = "queued_at", nullable = false)
  private Instant queuedAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  /** A retried task waits until then (backoff). */
  @Column(name = "not_before")
  private Instant notBefore;

  @Column(name = "lease_owner", length = 200)
  private String leaseOwner;

  @Column(name = "lease_expires_at")
  private Instant leaseExpiresAt;

  /**
   * Whether the task was submitted with dependencies (V22): the scheduler looks for tasks held by
   * dependencies among these only, from an index of them (V23: partial on PostgreSQL, on the flag
   * first on H2).
   */
  @Column(name = "has_dependencies", nullable = false)
  private boolean hasDependencies;

  @Column(name = "external_json", length = 4000)
  private String externalJson;

  @Version private long version;

  protected Task() {}

  public Task(
      UUID id,
      String taskType,
      Lane lane,
      String userId,
      int priority,
      String parametersJson,
      double estimatedCpuCores,
      double estimatedRamGb,
      int maxAttempts,
      long timeoutSeconds,
      Instant now) {
    this.id = Objects.requireNonNull(id);
    this.taskType = Objects.requireNonNull(taskType);
    this.lane = Objects.requireNonNull(lane);
    this.userId = Objects.requireNonNull(userId);
    this.priority = priority;
    this.parametersJson = Objects.requireNonNull(parametersJson);
    this.estimatedCpuCores = estimatedCpuCores;
    this.estimatedRamGb = estimatedRamGb;
    this.maxAttempts = maxAttempts;
    this.timeoutSeconds = timeoutSeconds;
    this.status = TaskStatus.QUEUED;
    // The columns keep microseconds; a nanosecond value held here would compare as later than the
    // stored one, and the task would count itself as ahead of itself in the queue.
    this.queuedAt = now.truncatedTo(ChronoUnit.MICROS);
    this.attempts = 0;
  }

  /** Admitted by the scheduler: this instance holds it under a lease until {@code leaseUntil}. */
  public void start(String owner, Instant now, Instant leaseUntil) {
    moveTo(TaskStatus.RUNNING);
    attempts++;
    startedAt = now;
    finishedAt = null;
    leaseOwner = owner;
    leaseExpiresAt = leaseUntil;
    blockedReason = null;
    notBefore = null;
    progress = 0;
    description =
        attempts > 1
            ? "Starting (attempt " + attempts + " of " + maxAttempts + ")..."
            : "Starting...";
  }

  public void complete(String resultJson, Instant now) {
    moveTo(TaskStatus.COMPLETED);
    this.resultJson = resultJson;
    this.error = null;
    this.progress = 100;
    this.description = "Completed";
    finish(now);
  }

  public void fail(String message, Instant now) {
    moveTo(TaskStatus.FAILED);
    this.error = TaskText.fit(message, TaskText.ERROR);
    this.description = "Failed";
    finish(now);
  }

  public void cancel(Instant now) {
    moveTo(TaskStatus.CANCELLED);
    this.description = "Cancelled";
    finish(now);
  }

  /** Cancelled for a reason the owner should read (a dependency that will never complete). */
  public void cancel(String reason, Instant now) {
    cancel(now);
    this.error = TaskText.fit(reason, TaskText.ERROR);
  }

  /** Marks a task, before it is stored, as one submitted with dependencies. */
  public void dependOnOthers() {
    this.hasDependencies = true;
  }

  public boolean hasDependencies() {
    return hasDependencies;
  }

  /** Records why a queued task cannot start yet (a dependency still running, say). */
  public void waitFor(String reason) {
    if (status != TaskStatus.QUEUED) {
      throw new TaskConflict("Only a queued task waits; this one is " + status.wireName() + ".");
    }
    this.blockedReason = TaskText.fit(reason, TaskText.BLOCKED_REASON);
  }

  public void timeOut(Instant now) {
    moveTo(TaskStatus.TIMED_OUT);
    this.error = "Exceeded its time limit of " + timeoutSeconds + " s";
    this.description = "Timed out";
    finish(now);
  }

  /**
   * Back to the queue after a transient fault, waiting until {@code notBefore}; it keeps its
   * original place in FIFO order.
   */
  public void retryLater(String message, Instant notBefore) {
    moveTo(TaskStatus.QUEUED);
    this.error = TaskText.fit(message, TaskText.ERROR);
    this.notBefore = notBefore;
    this.blockedReason =
        "Retrying after a transient failure (attempt "
            + attempts
            + " of "
            + maxAttempts
            + " failed)";
    releaseLease();
  }

  /**
   * Back to the head of the queue until {@code notBefore} because something outside the task holds
   * it up; the attempt it just made is not counted, so waiting can never exhaust its retries.
   */
  public void defer(String reason, Instant notBefore) {
    moveTo(TaskStatus.QUEUED);
    attempts = Math.max(0, attempts - 1);
    this.notBefore = notBefore;
    this.blockedReason = TaskText.fit(reason, TaskText.BLOCKED_REASON);
    this.description = null;
    this.progress = null;
    releaseLease();
  }

  /** Back to the queue because the instance running it stopped renewing its lease. */
  public void requeueAfterLostWorker() {
    moveTo(TaskStatus.QUEUED);
    this.blockedReason =
        "Re-queued: the instance running it stopped (attempt "
            + attempts
            + " of "
            + maxAttempts
            + ")";
    this.description = null;
    this.progress = null;
    releaseLease();
  }

  public void reprioritize(int newPriority) {
    if (status != TaskStatus.QUEUED) {
      throw new TaskConflict(
          "Only a queued task can change priority; this one is " + status.wireName() + ".");
    }
    this.priority = newPriority;
  }

  public boolean hasAttemptsLeft() {
    return attempts < maxAttempts;
  }

  public boolean isVisibleTo(String user, boolean admin) {
    return admin || userId.equals(user);
  }

  private void moveTo(TaskStatus target) {
    status.requireTransitionTo(target);
    status = target;
  }

  private void finish(Instant now) {
    finishedAt = now;
    blockedReason = null;
    releaseLease();
  }

  private void releaseLease() {
    leaseOwner = null;
    leaseExpiresAt = null;
  }

  public UUID id() {
    return id;
  }

  public String taskType() {
    return taskType;
  }

  public Lane lane() {
    return lane;
  }

  public TaskStatus status() {
    return status;
  }

  public int priority() {
    return priority;
  }

  public String userId() {
    return userId;
  }

  public String parametersJson() {
    return parametersJson;
  }

  public double estimatedCpuCores() {
    return estimatedCpuCores;
  }

  public double estimatedRamGb() {
    return estimatedRamGb;
  }

  public String description() {
    return description;
  }

  public Integer progress() {
    return progress;
  }

  public String blockedReason() {
    return blockedReason;
  }

  public String resultJson() {
    return resultJson;
  }

  public String error() {
    return error;
  }

  public int attempts() {
    return attempts;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public long timeoutSeconds() {
    return timeoutSeconds;
  }

  public Instant queuedAt() {
    return queuedAt;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public String leaseOwner() {
    return leaseOwner;
  }

  public Instant leaseExpiresAt() {
    return leaseExpiresAt;
  }

  public String externalJson() {
    return externalJson;
  }
}
