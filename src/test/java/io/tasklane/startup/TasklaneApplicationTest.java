package io.tasklane.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The application names its resources and providers, so a new one must be added to the list. */
class TasklaneApplicationTest {
  @Test
  void every_resource_and_provider_class_of_the_server_is_registered() {
    Set<String> annotated = new TreeSet<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tasklane")) {
      boolean client = c.getPackageName().startsWith("io.tasklane.client");
      if (!client
          && !c.isInterface()
          && (c.isAnnotatedWith(Path.class) || c.isAnnotatedWith(Provider.class))) {
        annotated.add(c.getName());
      }
    }
    Set<String> registered =
        new TasklaneApplication()
            .getClasses().stream()
                .map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(annotated, registered);
  }
}
