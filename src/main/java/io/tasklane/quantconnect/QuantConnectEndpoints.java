package io.tasklane.quantconnect;

import io.tasklane.quantconnect.sandbox.QuantConnectSandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/** Chooses, once, who answers the lane's calls: the sandbox, QuantConnect, or nobody. */
@ApplicationScoped
public class QuantConnectEndpoints {
  private static final Logger LOG = Logger.getLogger(QuantConnectEndpoints.class.getName());

  /** Jersey's {@code ClientProperties.REQUEST_ENTITY_PROCESSING}. */
  private static final String ENTITY_PROCESSING = "jersey.config.client.request.entity.processing";

  @Inject @ConfigProperties QuantConnectSettings settings;
  @Inject QuantConnectSandbox sandbox;
  @Inject Clock clock;

  /** Says at start which it is, so that simulated results are never mistaken for real ones. */
  void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.info(settings.describeMode());
  }

  @Produces
  @ActiveEndpoint
  @ApplicationScoped
  QuantConnectApi endpoint() {
    if (settings.sandbox()) {
      return sandbox;
    }
    if (!settings.configured()) {
      return notConfigured(settings.describeMode());
    }
    return RestClientBuilder.newBuilder()
        .baseUri(settings.apiUrl())
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(settings.readTimeoutMs(), TimeUnit.MILLISECONDS)
        // A streamed body: the JDK's HttpURLConnection silently sends a buffered POST a second
        // time when the connection breaks before the answer (a second paid backtest from one
        // create); a streamed one it never re-sends.
        .property(ENTITY_PROCESSING, "CHUNKED")
        .register(new QuantConnectAuthentication(settings.userId(), settings.apiToken(), clock))
        .build(QuantConnectApi.class);
  }

  /**
   * Every call is refused as with rejected credentials: tasks already queued wait, saying why, as
   * they would for a bad token (new ones are refused at submission).
   */
  static QuantConnectApi notConfigured(String why) {
    return (QuantConnectApi)
        Proxy.newProxyInstance(
            QuantConnectApi.class.getClassLoader(),
            new Class<?>[] {QuantConnectApi.class},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "QuantConnectApi(not configured)";
                };
              }
              throw new QuantConnectFailure.BadCredentials(why);
            });
  }
}
