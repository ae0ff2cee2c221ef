package io.tasklane.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.PipelinesApi;
import io.tasklane.client.TaskEvent;
import io.tasklane.client.TasklaneJson;
import io.tasklane.events.WireEvents;
import io.tasklane.system.JsonSettings;
import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Java client reads the pipeline JSON the server writes (its records through its JSON-B
 * settings, its event frames) into its own records.
 */
class PipelineJsonInTheClientTest {
  static final UUID ID = UUID.fromString("7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6");
  static final UUID TASK = UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
  static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

  static PipelineView view(String status, Instant finished) {
    return new PipelineView(
        ID,
        "research",
        "alice",
        status,
        null,
        CREATED,
        finished,
        List.of(
            new PipelineView.StepView(
                "train",
                "train_model",
                null,
                List.of(),
                "completed",
                null,
                TASK,
                CREATED.plusSeconds(1),
                CREATED.plusSeconds(9),
                Json.createObjectBuilder().add("accuracy", 0.61).build()),
            new PipelineView.StepView(
                "good_enough",
                null,
                Json.createObjectBuilder().add("expression", "train.accuracy > 0.55").build(),
                List.of("train"),
                "pending",
                null,
                null,
                null,
                null,
                null)));
  }

  @Test
  void a_pipeline_with_a_task_step_and_a_gate_reads_into_the_client_records() {
    String json = JsonSettings.create().toJson(view("running", null));

    PipelinesApi.Pipeline read = TasklaneJson.jsonb().fromJson(json, PipelinesApi.Pipeline.class);

    assertEquals(ID, read.pipelineId());
    assertEquals("research", read.name());
    assertEquals("alice", read.userId());
    assertEquals("running", read.status());
    assertFalse(read.finished());
    assertNull(read.detail());
    assertEquals(CREATED, read.createdAt());
    assertNull(read.finishedAt());
    PipelinesApi.Step train = read.step("train");
    assertEquals("train_model", train.taskType());
    assertNull(train.gate());
    assertEquals(List.of(), train.dependsOn());
    assertEquals(TASK, train.taskId());
    assertEquals(CREATED.plusSeconds(9), train.finishedAt());
    assertEquals(0.61, train.result().getJsonNumber("accuracy").doubleValue());
    PipelinesApi.Step gate = read.step("good_enough");
    assertNull(gate.taskType());
    assertEquals("train.accuracy > 0.55", gate.gate().getString("expression"));
    assertEquals(List.of("train"), gate.dependsOn());
    assertNull(gate.taskId());
    assertNull(gate.result());
  }

  @Test
  void an_accepted_pipeline_and_a_page_of_pipelines_read_into_the_client_records() {
    var jsonb = JsonSettings.create();
    String accepted =
        jsonb.toJson(new PipelinesResource.PipelineAccepted(ID, "running", "Pipeline accepted."));
    String page =
        jsonb.toJson(
            new PipelinesResource.PipelinePage(
                List.of(view("completed", CREATED.plusSeconds(10))), 0, 50, 1));

    PipelinesApi.Accepted readAccepted =
        TasklaneJson.jsonb().fromJson(accepted, PipelinesApi.Accepted.class);
    PipelinesApi.PipelinePage readPage =
        TasklaneJson.jsonb().fromJson(page, PipelinesApi.PipelinePage.class);

    assertEquals(ID, readAccepted.pipelineId());
    assertEquals("running", readAccepted.status());
    assertEquals(1, readPage.total());
    assertEquals(50, readPage.size());
    assertTrue(readPage.items().get(0).finished());
    assertEquals(CREATED.plusSeconds(10), readPage.items().get(0).finishedAt());
  }

  @Test
  void the_pipeline_events_arrive_typed() {
    Instant at = Instant.parse("2026-03-01T10:00:05Z");
    String step =
        WireEvents.of(
            new PipelineEvent.StepChanged(
                ID, "alice", "good_enough", "skipped", null, "0.41 > 0.55 is false", at));
    String taskStep =
        WireEvents.of(
            new PipelineEvent.StepChanged(ID, "alice", "train", "running", TASK, null, at));
    String ended =
        WireEvents.of(
            new PipelineEvent.Ended(ID, "alice", "research", "stopped", "gate good_enough", at));

    TaskEvent.PipelineStep gate =
        assertInstanceOf(TaskEvent.PipelineStep.class, TaskEvent.decode("7", step));
    TaskEvent.PipelineStep train =
        assertInstanceOf(TaskEvent.PipelineStep.class, TaskEvent.decode("8", taskStep));
    TaskEvent.PipelineCompleted completed =
        assertInstanceOf(TaskEvent.PipelineCompleted.class, TaskEvent.decode("9", ended));

    assertEquals(7L, gate.id());
    assertEquals(ID, gate.pipelineId());
    assertEquals("alice", gate.userId());
    assertEquals("good_enough", gate.stepId());
    assertEquals("skipped", gate.status());
    assertNull(gate.taskId());
    assertEquals("0.41 > 0.55 is false", gate.detail());
    assertEquals(TASK, train.taskId());
    assertNull(train.detail());
    assertEquals("research", completed.name());
    assertEquals("stopped", completed.status());
    assertFalse(completed.success());
    assertEquals("gate good_enough", completed.detail());
    assertEquals(at, completed.timestamp());
  }
}
