package io.tasklane.system;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The HTTP API under {@code /api}; every resource is secured by MicroProfile JWT. */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.ADMIN, Roles.USER})
// Payara needs the Application to be a CDI bean for JsonWebToken injection (WELD-001408).
@ApplicationScoped
@OpenAPIDefinition(
    info =
        @Info(
            title = "Tasklane",
            version = "1",
            description =
                "Tasks admitted by host resources and QuantConnect's backtest nodes. Sign in with"
                    + " POST /api/auth/token and send the token as 'Authorization: Bearer'."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class TasklaneApplication extends Application {
  /**
   * No WADL: it would describe every endpoint to anyone, and Jersey also answers OPTIONS with it.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
