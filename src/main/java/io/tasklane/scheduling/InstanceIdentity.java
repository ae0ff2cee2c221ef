package io.tasklane.scheduling;

import io.tasklane.system.DeploymentConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The name under which this running server holds leases: {@code tasklane.instance-name} (default:
 * the host name) plus a per-boot id, so a restarted server never mistakes its previous life's
 * leases for its own.
 */
@ApplicationScoped
public class InstanceIdentity {
  @Inject @ConfigProperties DeploymentConfig config;

  private String name;

  @PostConstruct
  void init() {
    name =
        config.instanceName.orElseGet(InstanceIdentity::host)
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  public String name() {
    return name;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
