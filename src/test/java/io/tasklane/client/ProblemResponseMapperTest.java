package io.tasklane.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** MicroProfile Rest Client's path to the typed problem: the same decoding as the facade's. */
class ProblemResponseMapperTest {
  final ProblemResponseMapper mapper = new ProblemResponseMapper();

  @Test
  void every_error_status_is_mapped_and_no_success() {
    assertTrue(mapper.handles(400, new MultivaluedHashMap<>()));
    assertTrue(mapper.handles(503, new MultivaluedHashMap<>()));
    assertFalse(mapper.handles(202, new MultivaluedHashMap<>()));
    assertFalse(mapper.handles(304, new MultivaluedHashMap<>()));
  }

  @Test
  void a_problem_document_becomes_status_title_and_detail() throws Exception {
    try (FakeServer server = new FakeServer()) {
      server.on(
          "/api/tasks/",
          exchange ->
              FakeServer.send(
                  exchange,
                  409,
                  TasklaneProblemException.MEDIA_TYPE,
                  "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"The task has already finished.\"}"));
      Client http = ClientBuilder.newClient();
      try (Response response =
          http.target(server.uri()).path("api/tasks/x/cancel").request().post(null)) {

        TasklaneProblemException problem = mapper.toThrowable(response);

        assertEquals(409, problem.status());
        assertEquals("Conflict", problem.title());
        assertEquals("The task has already finished.", problem.detail());
      } finally {
        http.close();
      }
    }
  }
}
