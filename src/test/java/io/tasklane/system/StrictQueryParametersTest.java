package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class StrictQueryParametersTest {
  @QueryParam("size")
  @PathParam("id")
  static int annotated;

  private static Annotation annotation(Class<? extends Annotation> type) throws Exception {
    return StrictQueryParametersTest.class.getDeclaredField("annotated").getAnnotation(type);
  }

  private static String refusal(ParamConverter<?> converter, String text) {
    ProblemException e = assertThrows(ProblemException.class, () -> converter.fromString(text));
    assertEquals(400, e.status());
    return e.getMessage();
  }

  @Test
  void an_unreadable_or_out_of_range_integer_is_a_400_naming_the_parameter() throws Exception {
    ParamConverter<Integer> size =
        new StrictQueryParameters()
            .getConverter(int.class, int.class, new Annotation[] {annotation(QueryParam.class)});
    assertEquals(50, size.fromString("50"));
    assertEquals("size: must be an integer, got 'abc'.", refusal(size, "abc"));
    assertEquals("size: must be an integer, got '1.5'.", refusal(size, "1.5"));
    assertEquals("size: 4294967301 is out of range.", refusal(size, "4294967301"));
  }

  @Test
  void a_boolean_is_true_or_false_and_nothing_else() throws Exception {
    ParamConverter<Boolean> replace =
        new StrictQueryParameters()
            .getConverter(
                Boolean.class, Boolean.class, new Annotation[] {annotation(QueryParam.class)});
    assertEquals(true, replace.fromString("true"));
    assertEquals("size: must be true or false, got 'yes'.", refusal(replace, "yes"));
  }

  @Test
  void path_parameters_keep_the_runtime_conversion() throws Exception {
    assertNull(
        new StrictQueryParameters()
            .getConverter(int.class, int.class, new Annotation[] {annotation(PathParam.class)}));
  }

  @Test
  void a_range_check_names_the_parameter_and_its_bounds() {
    ProblemException e =
        assertThrows(
            ProblemException.class, () -> StrictQueryParameters.requireBetween("page", -1, 0, 10));
    assertEquals("page: must be between 0 and 10.", e.getMessage());
  }
}
