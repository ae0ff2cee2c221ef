package io.tasklane.startup;

import io.tasklane.events.TaskEventsResource;
import io.tasklane.marketdata.MarketDataResource;
import io.tasklane.models.ModelsResource;
import io.tasklane.pipelines.PipelinesResource;
import io.tasklane.profiles.ProfilesResource;
import io.tasklane.quantconnect.NodesResource;
import io.tasklane.quantconnect.sandbox.SandboxControlResource;
import io.tasklane.quantconnect.sandbox.SandboxResource;
import io.tasklane.results.BacktestSeriesResource;
import io.tasklane.scheduling.ResourcesResource;
import io.tasklane.security.AuthResource;
import io.tasklane.security.RevokedTokenFilter;
import io.tasklane.security.UsersResource;
import io.tasklane.sweeps.SweepsResource;
import io.tasklane.system.ConstraintViolationMapper;
import io.tasklane.system.JsonSettings;
import io.tasklane.system.ProblemMapper;
import io.tasklane.system.RequestSizeLimit;
import io.tasklane.system.Roles;
import io.tasklane.system.StrictJsonReader;
import io.tasklane.system.StrictQueryParameters;
import io.tasklane.tasks.BacktestsResource;
import io.tasklane.tasks.QueueResource;
import io.tasklane.tasks.TasksResource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
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
   * Every resource and provider, named rather than scanned: a scan also takes in interfaces whose
   * methods carry {@code @Path} (the QuantConnect API's Rest Client interface), which Jersey then
   * warns at each start it cannot instantiate. {@code TasklaneApplicationTest} keeps the list
   * whole.
   */
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        AuthResource.class,
        BacktestSeriesResource.class,
        BacktestsResource.class,
        ConstraintViolationMapper.class,
        JsonSettings.class,
        MarketDataResource.class,
        ModelsResource.class,
        NodesResource.class,
        PipelinesResource.class,
        ProblemMapper.class,
        ProfilesResource.class,
        QueueResource.class,
        RequestSizeLimit.class,
        ResourcesResource.class,
        RevokedTokenFilter.class,
        SandboxControlResource.class,
        SandboxResource.class,
        StrictJsonReader.class,
        StrictQueryParameters.class,
        SweepsResource.class,
        TaskEventsResource.class,
        TasksResource.class,
        UsersResource.class);
  }

  /**
   * No WADL: it would describe every endpoint to anyone, and Jersey also answers OPTIONS with it.
   * Bean Validation once: every resource is a CDI bean, whose constrained parameters Hibernate
   * Validator's interceptor checks; Jersey's own pass checked the same body again before it (a
   * batch of 250 tasks validated twice took 9 % of a request's CPU, issue 25). The interceptor's
   * violations reach {@link io.tasklane.system.ConstraintViolationMapper} as Jersey's did.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.wadl.disableWadl", true,
        "jersey.config.beanValidation.disable.server", true);
  }
}
