package io.tasklane.events;

/** The life-cycle points clients can observe; the wire names are the SSE {@code type}s. */
public enum TaskEventType {
  TASK_QUEUED("task_queued"),
  TASK_RUNNING("task_running"),
  TASK_DESCRIPTION_UPDATE("task_description_update"),
  TASK_COMPLETED("task_completed");

  private final String wireName;

  TaskEventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
