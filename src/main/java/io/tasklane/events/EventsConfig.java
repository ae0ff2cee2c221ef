package io.tasklane.events;

import jakarta.enterprise.context.Dependent;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code tasklane.events.*}: the outbox relay, its retention and the live streams (SSE). */
@Dependent
@ConfigProperties(prefix = "tasklane.events")
public class EventsConfig {
  @ConfigProperty(name = "heartbeat-seconds", defaultValue = "5")
  public long heartbeatSeconds;

  @ConfigProperty(name = "poll-ms", defaultValue = "250")
  public long pollMs;

  @ConfigProperty(name = "gap-grace-ms", defaultValue = "2000")
  public long gapGraceMs;

  @ConfigProperty(name = "retention-minutes", defaultValue = "10")
  public long retentionMinutes;

  @ConfigProperty(name = "retention-events", defaultValue = "10000")
  public long retentionEvents;

  @ConfigProperty(name = "client-buffer", defaultValue = "1000")
  public int clientBuffer;

  @ConfigProperty(name = "retry-ms", defaultValue = "3000")
  public long retryMs;

  /** Unset: one per core (writes never block, so more threads than cores only add switching). */
  @ConfigProperty(name = "sender-threads")
  public Optional<Integer> senderThreads = Optional.empty();

  /** Open streams: at most this many per user (429 beyond) ... */
  @ConfigProperty(name = "max-streams-per-user", defaultValue = "10")
  public int maxStreamsPerUser;

  /** ... and in all on this instance (503 beyond). */
  @ConfigProperty(name = "max-streams", defaultValue = "5000")
  public int maxStreams;
}
