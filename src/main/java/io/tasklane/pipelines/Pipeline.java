package io.tasklane.pipelines;

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

/** A research pipeline run: its owner, name and overall status. */
@Entity
@Table(name = "pipeline")
public class Pipeline {
  @Id private UUID id;

  @Column(name = "user_id", nullable = false, length = 64)
  private String userId;

  @Column(nullable = false, length = 200)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private PipelineStatus status;

  @Column(length = 1000)
  private String detail;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Version private long version;

  protected Pipeline() {}

  Pipeline(UUID id, String userId, String name, Instant now) {
    this.id = Objects.requireNonNull(id);
    this.userId = Objects.requireNonNull(userId);
    this.name = Objects.requireNonNull(name);
    this.status = PipelineStatus.RUNNING;
    this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
  }

  void finish(PipelineStatus outcome, String why, Instant now) {
    if (status.isFinal()) {
      throw new IllegalStateException("Pipeline " + id + " already " + status.wireName());
    }
    status = outcome;
    detail = why == null ? null : why.length() > 1000 ? why.substring(0, 1000) : why;
    finishedAt = now;
  }

  public boolean isVisibleTo(String user, boolean admin) {
    return admin || userId.equals(user);
  }

  public UUID id() {
    return id;
  }

  public String userId() {
    return userId;
  }

  public String name() {
    return name;
  }

  public PipelineStatus status() {
    return status;
  }

  public String detail() {
    return detail;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }
}
