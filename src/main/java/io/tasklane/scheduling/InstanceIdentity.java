package io.tasklane.scheduling;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The name under which this running server holds leases: host plus a per-boot id, so a restarted
 * server never mistakes its previous life's leases for its own.
 */
@ApplicationScoped
public class InstanceIdentity {
  private final String name = host() + "/" + UUID.randomUUID().toString().substring(0, 8);

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
