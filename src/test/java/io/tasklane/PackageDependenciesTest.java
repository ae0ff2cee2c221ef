package io.tasklane;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of DESIGN.md that the compiler does not check: the domain fires typed events and knows
 * nothing of their delivery, lanes do not know each other, engines are pure computation, and the
 * feature packages form no cycle. Each exception below is one that exists today, named so it is
 * removed on purpose rather than grown.
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
          // Known exception: the backtest series' HTTP resource sits in engines today; it belongs
          // beside the other resources (issue 19), which this rule then enforces for it too.
          .and()
          .doNotHaveFullyQualifiedName("io.tasklane.engines.BacktestSeriesResource")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.persistence..", "jakarta.ws.rs..");

  @ArchTest
  static final ArchRule the_feature_packages_form_no_cycle =
      slices()
          .matching("io.tasklane.(*)..")
          .should()
          .beFreeOfCycles()
          // Known exception: resources -> tasks only because ResourcesResource adds the queue
          // summary to /api/system/resources, while tasks uses resources' estimates and admission
          // rule at submission. Removing it means moving that resource or the estimate types.
          .ignoreDependency(
              describe(
                  "ResourcesResource",
                  (JavaClass c) -> c.getName().equals("io.tasklane.resources.ResourcesResource")),
              describe(
                  "classes in io.tasklane.tasks",
                  (JavaClass c) -> c.getPackageName().startsWith("io.tasklane.tasks")));
}
