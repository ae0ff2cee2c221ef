package io.tasklane.retention;

import io.tasklane.profiles.ResourceProfiles;
import io.tasklane.scheduling.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Trims the resource profiles to the measurements they keep. Once a minute rather than at each
 * completed task: the estimates do not change with a few extra rows, the throughput does.
 */
@ApplicationScoped
public class ProfilePruning implements Housekeeping {
  @Inject ResourceProfiles profiles;

  @Override
  public String name() {
    return "resource profile pruning";
  }

  @Override
  public Duration every() {
    return Duration.ofMinutes(1);
  }

  @Override
  public void run() {
    profiles.prune();
  }
}
