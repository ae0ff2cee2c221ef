package io.tasklane.system;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/** The HTTP API under {@code /api}; every resource is secured by MicroProfile JWT. */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.ADMIN, Roles.USER})
// Payara needs the Application to be a CDI bean for JsonWebToken injection (WELD-001408).
@ApplicationScoped
public class TasklaneApplication extends Application {
  /**
   * No WADL: it would describe every endpoint to anyone, and Jersey also answers OPTIONS with it.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
