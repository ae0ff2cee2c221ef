package io.tasklane.tasks;

/**
 * The task table's bounded text columns and the one rule that fits text into them: too long a text
 * keeps its start and ends in "…", so a reader sees it was cut, and it still fills the column.
 */
public final class TaskText {
  public static final int DESCRIPTION = 1000;
  public static final int BLOCKED_REASON = 1000;
  public static final int ERROR = 10000;

  private TaskText() {}

  /** {@code text} itself if it fits in {@code max} characters, else cut to exactly {@code max}. */
  public static String fit(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }
}
