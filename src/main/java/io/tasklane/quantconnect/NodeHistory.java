package io.tasklane.quantconnect;

import io.tasklane.scheduling.Housekeeping;
import io.tasklane.system.SampleRing;
import io.tasklane.tasks.Lane;
import io.tasklane.tasks.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The QuantConnect nodes held and the backtests waiting for one over the last hour, every ten
 * seconds, so the admin's chart survives a page reload. Read from the node slots table, which every
 * instance shares, so each instance's history tells the same story.
 */
@ApplicationScoped
public class NodeHistory implements Housekeeping {
  static final Duration WINDOW = Duration.ofHours(1);
  static final Duration SPACING = Duration.ofSeconds(10);

  public record Reading(int busy, int max, long waiting) {}

  @Inject NodeGate gate;
  @Inject TaskStore tasks;
  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject Clock clock;

  private final SampleRing<Reading> ring = new SampleRing<>(WINDOW, SPACING);

  @Override
  public String name() {
    return "QuantConnect node history";
  }

  @Override
  public Duration every() {
    return SPACING;
  }

  @Override
  public void run() {
    int max = settings.nodes();
    ring.add(
        clock.instant(),
        new Reading(Math.min(max, gate.held().size()), max, tasks.countQueued(Lane.QUANTCONNECT)));
  }

  public List<SampleRing.Sample<Reading>> samples() {
    return ring.samples();
  }
}
