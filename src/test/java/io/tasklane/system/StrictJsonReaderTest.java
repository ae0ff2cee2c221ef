package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.security.AuthResource;
import io.tasklane.security.UsersResource;
import io.tasklane.tasks.SubmitTaskRequest;
import io.tasklane.tasks.TasksResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonReaderTest {
  static final String TASK = "{\"task_type\":\"backtest\",\"parameters\":{\"symbol\":\"BTC\"}";

  private static JsonValue check(String body, Type target) {
    return StrictJsonReader.check(body.getBytes(StandardCharsets.UTF_8), target);
  }

  private static String refusal(String body, Type target) {
    ProblemException e = assertThrows(ProblemException.class, () -> check(body, target));
    assertEquals(400, e.status());
    return e.getMessage();
  }

  @Test
  void a_batch_element_is_read_as_strictly_as_a_single_task_and_named_by_its_index() {
    String batch = "{\"tasks\":[" + TASK + "}," + TASK + ",\"bogus\":1}]}";
    check("{\"tasks\":[" + TASK + "}]}", io.tasklane.tasks.SubmitBatchRequest.class);
    assertTrue(
        refusal(batch, io.tasklane.tasks.SubmitBatchRequest.class)
            .startsWith("tasks[1].bogus: unknown field"));
    assertTrue(
        refusal(
                "{\"tasks\":[{\"task_type\":\"backtest\",\"priority\":\"5\"}]}",
                io.tasklane.tasks.SubmitBatchRequest.class)
            .startsWith("tasks[0].priority: must be an integer"));
    assertTrue(
        refusal("{\"tasks\":[],\"extra\":true}", io.tasklane.tasks.SubmitBatchRequest.class)
            .startsWith("extra: unknown field"));
  }

  @Test
  void a_well_formed_body_with_every_field_passes() {
    String body =
        TASK
            + ",\"priority\":-5,\"timeout_seconds\":86400,\"max_attempts\":3,"
            + "\"estimated_cpu_cores\":1.5,\"estimated_ram_gb\":2}";
    JsonObject json = check(body, SubmitTaskRequest.class).asJsonObject();
    assertEquals(-5, json.getInt("priority"));
  }

  @Test
  void property_names_are_the_snake_case_json_b_names() {
    assertEquals(
        Set.of(
            "task_type",
            "parameters",
            "priority",
            "timeout_seconds",
            "max_attempts",
            "estimated_cpu_cores",
            "estimated_ram_gb",
            "depends_on"),
        StrictJsonReader.properties(SubmitTaskRequest.class).keySet());
    assertEquals(
        Set.of("current_password", "new_password"),
        StrictJsonReader.properties(AuthResource.PasswordChange.class).keySet());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "int wraps past 2^32   | ,\"priority\":4294967301}           | priority: 4294967301 is out of range",
        "long wraps past 2^64  | ,\"timeout_seconds\":18446744073709551626} | timeout_seconds: 18446744073709551626 is out of range",
        "int wraps to 1        | ,\"max_attempts\":4294967297}       | max_attempts: 4294967297 is out of range",
        "string for a number   | ,\"priority\":\"5\"}                | priority: must be an integer, not a string",
        "float for an int      | ,\"priority\":1.5}                  | priority: must be an integer, not the number 1.5",
        "array for a scalar    | ,\"priority\":[5]}                  | priority: must be an integer, not an array",
        "infinite double       | ,\"estimated_cpu_cores\":1e400}     | estimated_cpu_cores: 1E+400 is out of range",
        "number for a string   | ,\"task_type\":5}                   | task_type: must be a string, not the integer 5",
        "not a task id         | ,\"depends_on\":[\"abc\"]}          | depends_on[0]: must be a UUID",
        "unknown field         | ,\"prioritee\":5}                   | prioritee: unknown field; allowed: depends_on, estimated_cpu_cores",
      })
  void what_json_b_would_silently_change_is_refused(String kind, String tail, String expected) {
    String message = refusal(TASK + tail, SubmitTaskRequest.class);
    assertTrue(message.startsWith(expected), () -> kind + " gave: " + message);
  }

  @Test
  void a_username_given_as_an_array_is_refused() {
    String message =
        refusal(
            "{\"username\":[\"alice\"],\"password\":\"secret-pass\"}",
            AuthResource.Credentials.class);
    assertEquals("username: must be a string, not an array.", message);
  }

  @Test
  void elements_of_a_collection_are_checked_against_its_element_type() {
    Type roles = UsersResource.NewUser.class;
    check("{\"username\":\"a\",\"password\":\"b\",\"roles\":[\"user\"]}", roles);
    assertEquals(
        "roles[0]: must be a string, not the integer 5.",
        refusal("{\"username\":\"a\",\"password\":\"b\",\"roles\":[5]}", roles));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "object then garbage | {\"priority\":5}x",
        "two objects         | {\"priority\":5} {\"priority\":6}",
        "unclosed object     | {\"priority\":5",
        "not JSON at all     | priority=5",
      })
  void anything_but_exactly_one_json_value_is_refused(String kind, String body) {
    String message = refusal(body, TasksResource.PriorityChange.class);
    assertTrue(message.startsWith(StrictJsonReader.NOT_JSON), () -> kind + " gave: " + message);
  }

  @Test
  void trailing_whitespace_is_fine() {
    check("{\"priority\":5}  \r\n", TasksResource.PriorityChange.class);
  }

  @Test
  void deep_nesting_is_refused_before_it_can_overflow_the_stack() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertTrue(refusal(deep, JsonObject.class).contains("nested deeper than"));
    String parameters = "{\"parameters\":" + "{\"a\":".repeat(50) + "1" + "}".repeat(51);
    assertTrue(refusal(parameters, SubmitTaskRequest.class).contains("nested deeper than"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"array | [1] | an array", "null | null | null", "number | 5 | the integer 5"})
  void an_endpoint_taking_an_object_refuses_any_other_value(
      String kind, String body, String described) {
    assertEquals(
        StrictJsonReader.NOT_JSON + "expected a JSON object, not " + described + ".",
        refusal(body, JsonObject.class));
    assertEquals(
        StrictJsonReader.NOT_JSON + "expected a JSON object, not " + described + ".",
        refusal(body, AuthResource.Credentials.class));
  }

  @Test
  void a_json_value_field_takes_any_json_and_null_stays_allowed_for_optional_fields() {
    check(TASK + ",\"priority\":null}", SubmitTaskRequest.class);
    check("{\"task_type\":\"backtest\",\"parameters\":[1]}", SubmitTaskRequest.class);
  }
}
