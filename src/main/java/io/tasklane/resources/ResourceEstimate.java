package io.tasklane.resources;

/** What a task is expected to use while it runs on this machine. */
public record ResourceEstimate(double cpuCores, double ramGb) {
  public static final ResourceEstimate NONE = new ResourceEstimate(0, 0);
}
