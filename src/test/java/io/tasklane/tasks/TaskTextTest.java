package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TaskTextTest {
  @Test
  void text_that_fits_is_kept_as_it_is() {
    String text = "x".repeat(TaskText.DESCRIPTION);
    assertSame(text, TaskText.fit(text, TaskText.DESCRIPTION));
    assertNull(TaskText.fit(null, TaskText.DESCRIPTION));
  }

  @Test
  void too_long_text_fills_the_column_and_ends_in_an_ellipsis() {
    String fitted = TaskText.fit("abcdefgh", 5);
    assertEquals("abcd…", fitted);
    assertEquals(TaskText.ERROR, TaskText.fit("e".repeat(20_000), TaskText.ERROR).length());
  }

  @Test
  void fitting_twice_changes_nothing_more() {
    String once = TaskText.fit("p".repeat(1500), TaskText.DESCRIPTION);
    assertEquals(once, TaskText.fit(once, TaskText.DESCRIPTION));
  }
}
