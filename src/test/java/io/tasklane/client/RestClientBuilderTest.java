package io.tasklane.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interfaces as they are under a MicroProfile Rest Client implementation (Jersey's, as an
 * application server would bring one): the token filter, the JSON mapping and the problem mapper
 * all come from the interfaces' own annotations. TaskApiIT does the same against the real server.
 */
class RestClientBuilderTest {
  FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  TasksApi tasks() {
    return RestClientBuilder.newBuilder()
        .baseUri(server.uri())
        .register(new BearerTokenFilter(() -> "t1"))
        .build(TasksApi.class);
  }

  @Test
  void rest_client_builder_makes_an_interface_that_reads_snake_case_with_the_bearer_token()
      throws Exception {
    server.on(
        "/api/tasks/",
        exchange -> FakeServer.json(exchange, 200, TasklaneClientTest.task("completed")));

    TaskView task = tasks().get(TasklaneClientTest.ID);

    assertEquals(TasklaneClientTest.ID, task.taskId());
    assertEquals("alice", task.userId());
    assertEquals(366, task.result().getInt("bars"));
    FakeServer.Request sent = server.requests.poll(5, TimeUnit.SECONDS);
    assertEquals("/api/tasks/" + TasklaneClientTest.ID, sent.uri());
    assertEquals("Bearer t1", sent.authorization());
  }

  @Test
  void rest_client_builder_throws_a_problem_answer_as_the_typed_exception() {
    server.on(
        "/api/tasks/",
        exchange ->
            FakeServer.send(
                exchange,
                404,
                "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such task\"}"));

    TasklaneProblemException problem =
        assertThrows(TasklaneProblemException.class, () -> tasks().get(TasklaneClientTest.ID));

    assertEquals(404, problem.status());
    assertEquals("Not Found", problem.title());
    assertEquals("no such task", problem.detail());
  }
}
