package io.tasklane.resources;

import io.tasklane.system.DeploymentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The admission rule with the configured settings; bad settings stop the deployment. */
@ApplicationScoped
public class AdmissionRules {
  @Produces
  @Singleton
  AdmissionRule rule(
      @ConfigProperties ResourcesConfig resources,
      @ConfigProperties DeploymentConfig deployment,
      // the seed system's switch, honoured for compatibility
      @ConfigProperty(name = "TRADING_BOT_DEV_MODE", defaultValue = "false") boolean seedDevMode) {
    return new AdmissionRule(AdmissionSettings.from(resources, deployment.devMode || seedDevMode));
  }
}
