package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tasklane.tasks.SubmitBatchRequest;
import io.tasklane.tasks.SubmitTaskRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstraintViolationMapperTest {
  static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(
              new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  static List<String> paths(Object bean) {
    Set<ConstraintViolation<Object>> violations = VALIDATOR.validate(bean);
    List<String> paths = new ArrayList<>();
    for (ConstraintViolation<Object> v : violations) {
      paths.add(ConstraintViolationMapper.fieldPath(v.getPropertyPath()));
    }
    paths.sort(null);
    return paths;
  }

  static SubmitTaskRequest task(Integer priority) {
    SubmitTaskRequest task = new SubmitTaskRequest();
    task.taskType = "backtest";
    task.priority = priority;
    return task;
  }

  @Test
  void a_violation_inside_a_batch_names_the_elements_index() {
    SubmitBatchRequest batch = new SubmitBatchRequest();
    batch.tasks = Arrays.asList(task(1), task(1), task(1), task(100_000), null);

    assertEquals(List.of("tasks[3].priority", "tasks[4]"), paths(batch));
  }

  @Test
  void a_top_level_field_is_named_as_before() {
    assertEquals(List.of("priority"), paths(task(100_000)));
    assertEquals(List.of("tasks"), paths(new SubmitBatchRequest()));
  }
}
