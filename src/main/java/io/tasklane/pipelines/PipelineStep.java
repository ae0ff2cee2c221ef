package io.tasklane.pipelines;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One step of a pipeline. A task step's task id is fixed when the pipeline is stored, so its task
 * can be created once only; until then the step is {@code pending}.
 */
@Entity
@Table(name = "pipeline_step")
@IdClass(PipelineStep.Key.class)
public class PipelineStep {
  /** The composite key: pipeline and step id. */
  public record Key(UUID pipelineId, String stepId) implements Serializable {}

  @Id
  @Column(name = "pipeline_id")
  private UUID pipelineId;

  @Id
  @Column(name = "step_id", length = 64)
  private String stepId;

  @Column(nullable = false)
  private int position;

  @Column(name = "task_type", length = 64)
  private String taskType;

  @Column(name = "parameters_json", length = 1048576)
  private String parametersJson;

  @Column(name = "gate_json", length = 4000)
  private String gateJson;

  @Column(name = "depends_on", nullable = false, length = 4000)
  private String dependsOn;

  @Column(name = "task_id", nullable = false)
  private UUID taskId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 32)
  private StepStatus status;

  @Column(length = 1000)
  private String detail;

  protected PipelineStep() {}

  PipelineStep(UUID pipelineId, int position, PipelineDefinition.Step step) {
    this.pipelineId = pipelineId;
    this.stepId = step.id();
    this.position = position;
    this.taskType = step.taskType();
    this.parametersJson = step.isGate() ? null : step.parameters().toString();
    this.gateJson = step.isGate() ? step.gate().toJson().toString() : null;
    this.dependsOn = String.join(",", step.dependsOn());
    this.taskId = UUID.randomUUID();
    this.status = StepStatus.PENDING;
  }

  /** Moves to {@code next}; returns whether that is a change. */
  boolean moveTo(StepStatus next, String why) {
    if (status == next) {
      return false;
    }
    status = next;
    if (why != null) {
      detail = why.length() > 1000 ? why.substring(0, 1000) : why;
    }
    return true;
  }

  public UUID pipelineId() {
    return pipelineId;
  }

  public String stepId() {
    return stepId;
  }

  public int position() {
    return position;
  }

  public String taskType() {
    return taskType;
  }

  public boolean isGate() {
    return gateJson != null;
  }

  public JsonObject parameters() {
    return json(parametersJson);
  }

  Gate gate() {
    return Gate.of(json(gateJson));
  }

  public List<String> dependsOn() {
    return dependsOn.isEmpty() ? List.of() : Arrays.asList(dependsOn.split(","));
  }

  /** The id its task has or will have; a gate never has one. */
  public UUID taskId() {
    return taskId;
  }

  public StepStatus status() {
    return status;
  }

  public String detail() {
    return detail;
  }

  static JsonObject json(String text) {
    if (text == null) {
      return null;
    }
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
