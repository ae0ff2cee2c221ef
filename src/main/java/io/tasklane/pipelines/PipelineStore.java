package io.tasklane.pipelines;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The one owner of the {@code pipeline} and {@code pipeline_step} tables. */
@ApplicationScoped
@Transactional
public class PipelineStore {
  @PersistenceContext EntityManager em;

  void add(Pipeline pipeline, List<PipelineStep> steps) {
    em.persist(pipeline);
    steps.forEach(em::persist);
  }

  /** Up to {@code limit} pipelines that ended before {@code cutoff}, oldest first. */
  List<UUID> endedBefore(java.time.Instant cutoff, int limit) {
    return em.createQuery(
            "select p.id from Pipeline p where p.finishedAt < :cutoff order by p.finishedAt",
            UUID.class)
        .setParameter("cutoff", cutoff)
        .setMaxResults(limit)
        .getResultList();
  }

  /** Deletes these pipelines and their steps. */
  void delete(List<UUID> ids) {
    if (ids.isEmpty()) {
      return;
    }
    em.createQuery("delete from PipelineStep s where s.pipelineId in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
    em.createQuery("delete from Pipeline p where p.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  public Optional<Pipeline> find(UUID id) {
    return Optional.ofNullable(em.find(Pipeline.class, id));
  }

  /**
   * The pipeline, locked until the caller's transaction ends: one instance at a time advances it,
   * so each step is released once.
   */
  Optional<Pipeline> findLocked(UUID id) {
    return Optional.ofNullable(em.find(Pipeline.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** Its steps, in dependency order. */
  List<PipelineStep> steps(UUID pipelineId) {
    return em.createQuery(
            "select s from PipelineStep s where s.pipelineId = :id order by s.position",
            PipelineStep.class)
        .setParameter("id", pipelineId)
        .getResultList();
  }

  /** The pipelines these tasks are steps of (most tasks are of none). */
  List<UUID> pipelinesOfTasks(Collection<UUID> taskIds) {
    return em.createQuery(
            "select distinct s.pipelineId from PipelineStep s where s.taskId in :tasks", UUID.class)
        .setParameter("tasks", taskIds)
        .getResultList();
  }

  /** Running pipelines, oldest first, at most {@code limit}. */
  List<UUID> running(int limit) {
    return em.createQuery(
            "select p.id from Pipeline p where p.status = :running order by p.createdAt",
            UUID.class)
        .setParameter("running", PipelineStatus.RUNNING)
        .setMaxResults(limit)
        .getResultList();
  }

  /** Newest first; only {@code userId}'s unless null. */
  List<Pipeline> page(String userId, int page, int size) {
    TypedQuery<Pipeline> query =
        em.createQuery(
            "select p from Pipeline p"
                + (userId == null ? "" : " where p.userId = :user")
                + " order by p.createdAt desc, p.id",
            Pipeline.class);
    if (userId != null) {
      query.setParameter("user", userId);
    }
    return query.setFirstResult(page * size).setMaxResults(size).getResultList();
  }

  long count(String userId) {
    TypedQuery<Long> query =
        em.createQuery(
            "select count(p) from Pipeline p" + (userId == null ? "" : " where p.userId = :user"),
            Long.class);
    if (userId != null) {
      query.setParameter("user", userId);
    }
    return query.getSingleResult();
  }
}
