package io.tasklane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of DESIGN.md that the compiler does not check: the domain fires typed events and knows
 * nothing of their delivery, lanes do not know each other, engines are pure computation, and the
 * feature packages form no cycle.
 */
@AnalyzeClasses(packages = "io.tasklane", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

  @ArchTest
  static final ArchRule the_task_domain_knows_nothing_of_event_delivery =
      noClasses()
          .that()
          .resideInAPackage("io.tasklane.tasks..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tasklane.events..");

  @ArchTest
  static final ArchRule the_scheduler_knows_no_particular_remote_lane =
      noClasses()
          .that()
          .resideInAPackage("io.tasklane.scheduling..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tasklane.quantconnect..");

  @ArchTest
  static final ArchRule engines_use_neither_the_database_nor_http =
      noClasses()
          .that()
          .resideInAPackage("io.tasklane.engines..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.persistence..", "jakarta.ws.rs..");

  /** Workflows sit above the lanes: only delivery (its typed events) and HTTP look up at them. */
  @ArchTest
  static final ArchRule nothing_below_the_workflows_knows_pipelines =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.tasklane.tasks..",
              "io.tasklane.scheduling..",
              "io.tasklane.quantconnect..",
              "io.tasklane.resources..",
              "io.tasklane.profiles..",
              "io.tasklane.engines..",
              "io.tasklane.models..",
              "io.tasklane.security..",
              "io.tasklane.system..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tasklane.pipelines..");

  @ArchTest
  static final ArchRule a_sweep_is_a_workflow_above_the_lanes_and_below_delivery =
      noClasses()
          .that()
          .resideInAPackage("io.tasklane.sweeps..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.tasklane.events..", "io.tasklane.scheduling..");

  /**
   * The Java client is shipped on its own (tasklane-client.jar): it may use the JAX-RS, JSON-B and
   * MicroProfile Rest Client APIs but no server class, and the server never uses it.
   */
  @ArchTest
  static final ArchRule the_client_uses_no_server_package =
      noClasses()
          .that()
          .resideInAPackage("io.tasklane.client..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "io.tasklane.client..",
              "java..",
              "jakarta.ws.rs..",
              "jakarta.json..",
              "org.eclipse.microprofile.rest.client..");

  @ArchTest
  static final ArchRule no_server_package_uses_the_client =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.tasklane.client..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tasklane.client..");

  @ArchTest
  static final ArchRule the_feature_packages_form_no_cycle =
      slices().matching("io.tasklane.(*)..").should().beFreeOfCycles();

  /** The operations packages sit on top: they read every feature and none reads them. */
  @ArchTest
  static final ArchRule nothing_depends_on_retention_metrics_or_the_start_banner =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.tasklane.retention..", "io.tasklane.metrics..", "io.tasklane.startup..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tasklane.retention..", "io.tasklane.metrics..", "io.tasklane.startup..");
}
