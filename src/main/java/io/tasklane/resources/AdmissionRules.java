package io.tasklane.resources;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** The admission rule with the configured settings; bad settings stop the deployment. */
@ApplicationScoped
public class AdmissionRules {
  @Produces
  @Singleton
  AdmissionRule rule(Config config) {
    return new AdmissionRule(AdmissionSettings.from(config));
  }
}
