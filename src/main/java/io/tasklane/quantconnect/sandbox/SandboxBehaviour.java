package io.tasklane.quantconnect.sandbox;

import java.util.Map;

/**
 * How the sandbox behaves now; every field can be changed through the control endpoint.
 *
 * @param nodes backtest nodes of the simulated organization
 * @param busyElsewhere nodes taken by backtests Tasklane did not start (the web IDE)
 * @param failNextRequests the next requests answered with HTTP 503
 * @param compileMs how long a build stays {@code InQueue}
 * @param backtestMs how long a backtest runs
 * @param statisticsDelayReads reads of a completed backtest that still show no statistics
 * @param buildErrors projects whose build fails, with the compiler's message
 * @param runtimeErrors projects whose backtests end in a runtime error, with its message
 * @param rejectCredentials every signed request is answered "Hash doesn't match." (a revoked token)
 * @param slowNextRequests the next requests through the HTTP face are delayed by {@code latencyMs}
 * @param latencyMs the delay of a slow request
 * @param backtestJitterMs up to this much is added to a backtest's run time (fixed per backtest)
 * @param nodesReadLags {@code projects/nodes/read} shows nodes busy elsewhere as idle, as when the
 *     web IDE takes the last node between Tasklane's read and its create
 * @param loseCreateAnswers the next creates are processed (the backtest runs), then their answer is
 *     lost: a reset in process, HTTP 502 through the HTTP face, as from a gateway whose connection
 *     to QuantConnect broke
 * @param outageUntil until then every request fails (a reset in process, HTTP 500 over HTTP); null
 *     for none
 */
public record SandboxBehaviour(
    int nodes,
    int busyElsewhere,
    int failNextRequests,
    long compileMs,
    long backtestMs,
    int statisticsDelayReads,
    Map<Long, String> buildErrors,
    Map<Long, String> runtimeErrors,
    boolean rejectCredentials,
    boolean nodesReadLags,
    int slowNextRequests,
    long latencyMs,
    long backtestJitterMs,
    int loseCreateAnswers,
    java.time.Instant outageUntil) {

  /** Without lost answers or an outage. */
  public SandboxBehaviour(
      int nodes,
      int busyElsewhere,
      int failNextRequests,
      long compileMs,
      long backtestMs,
      int statisticsDelayReads,
      Map<Long, String> buildErrors,
      Map<Long, String> runtimeErrors,
      boolean rejectCredentials,
      boolean nodesReadLags,
      int slowNextRequests,
      long latencyMs,
      long backtestJitterMs) {
    this(
        nodes,
        busyElsewhere,
        failNextRequests,
        compileMs,
        backtestMs,
        statisticsDelayReads,
        buildErrors,
        runtimeErrors,
        rejectCredentials,
        nodesReadLags,
        slowNextRequests,
        latencyMs,
        backtestJitterMs,
        0,
        null);
  }

  public SandboxBehaviour withSlowNextRequests(int slow) {
    return new SandboxBehaviour(
        nodes,
        busyElsewhere,
        failNextRequests,
        compileMs,
        backtestMs,
        statisticsDelayReads,
        buildErrors,
        runtimeErrors,
        rejectCredentials,
        nodesReadLags,
        slow,
        latencyMs,
        backtestJitterMs,
        loseCreateAnswers,
        outageUntil);
  }

  public SandboxBehaviour withFailNextRequests(int fail) {
    return new SandboxBehaviour(
        nodes,
        busyElsewhere,
        fail,
        compileMs,
        backtestMs,
        statisticsDelayReads,
        buildErrors,
        runtimeErrors,
        rejectCredentials,
        nodesReadLags,
        slowNextRequests,
        latencyMs,
        backtestJitterMs,
        loseCreateAnswers,
        outageUntil);
  }

  public SandboxBehaviour withLoseCreateAnswers(int lose) {
    return new SandboxBehaviour(
        nodes,
        busyElsewhere,
        failNextRequests,
        compileMs,
        backtestMs,
        statisticsDelayReads,
        buildErrors,
        runtimeErrors,
        rejectCredentials,
        nodesReadLags,
        slowNextRequests,
        latencyMs,
        backtestJitterMs,
        lose,
        outageUntil);
  }

  public SandboxBehaviour {
    buildErrors = Map.copyOf(buildErrors);
    runtimeErrors = Map.copyOf(runtimeErrors);
  }
}
