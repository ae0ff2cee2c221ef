package io.tasklane.startup;

import io.tasklane.quantconnect.QuantConnectSettings;
import io.tasklane.security.AdminBootstrap;
import io.tasklane.system.DatabaseConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Prints the start banner once the server says it is ready (Payara Micro's "ready in" line), so
 * that it is the last thing in the log; on a server that never says so, a minute after deployment.
 */
@Startup
@Singleton
// AdminBootstrap comes first through SchedulerStartup. Naming it here too made a diamond through a
// singleton with dependencies of its own, which Payara's start-up order at times takes for a cycle
// ("Cyclic dependency: SchedulerStartup => AdminBootstrap?") and then fails the deployment.
@DependsOn("SchedulerStartup")
public class StartBanner {
  private static final Logger LOG = Logger.getLogger(StartBanner.class.getName());
  private static final long FALLBACK_SECONDS = 60;

  @Inject AdminBootstrap admin;
  @Inject @ConfigProperties DatabaseConfig database;
  @Inject @ConfigProperties QuantConnectSettings quantConnect;

  @Resource ManagedScheduledExecutorService executor;

  private ServerReadiness readiness;
  private ScheduledFuture<?> fallback;

  @PostConstruct
  void watch() {
    // Read now: the banner is printed from a thread of the server's, outside any request.
    String text = text(admin.generatedPassword());
    readiness = ServerReadiness.watch(url -> executor.execute(() -> LOG.info(withUrl(text, url))));
    fallback =
        executor.schedule(
            () -> readiness.fire(Optional.empty()), FALLBACK_SECONDS, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    readiness.close();
    fallback.cancel(false);
  }

  private String text(Optional<String> password) {
    StringBuilder banner =
        new StringBuilder("\n\n    Tasklane is ready\n")
            .append("    URL:           {url}\n")
            .append("    Database:      ")
            .append(describe(database.url))
            .append('\n')
            .append("    QuantConnect:  ")
            .append(quantConnect.describeMode())
            .append('\n');
    password.ifPresent(
        p ->
            banner
                .append("    Admin:         username admin, password ")
                .append(p)
                .append(" (shown at this start only)\n"));
    return banner.toString();
  }

  private static String withUrl(String text, Optional<String> url) {
    return text.replace("{url}", url.orElse("(see the server's HTTP listener)"));
  }

  /** The database kind and where it is, without credentials or options. */
  static String describe(String jdbcUrl) {
    String bare = jdbcUrl.split("[;?]", 2)[0];
    if (bare.startsWith("jdbc:postgresql:")) {
      return "PostgreSQL " + bare.substring("jdbc:".length());
    }
    if (bare.startsWith("jdbc:h2:")) {
      String where = bare.substring("jdbc:h2:".length()).replaceFirst("^file:", "");
      return "H2 (embedded) " + where;
    }
    return bare;
  }
}
