package io.tasklane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ejb.DependsOn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The start-up singletons' {@code @DependsOn} graph in the shape Payara starts reliably: no cycle,
 * and no singleton naming a dependency it already reaches through another, when that dependency has
 * dependencies of its own. Payara's start-up order takes such a diamond for a cycle when it meets
 * the singletons in some orders ("Cyclic dependency: SchedulerStartup => AdminBootstrap?") and
 * fails the deployment, so the graph is checked here rather than found by a flaky start.
 */
class StartupOrderTest {
  static final Map<String, List<String>> GRAPH = graph();

  static Map<String, List<String>> graph() {
    Map<String, List<String>> graph = new TreeMap<>();
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tasklane")) {
      if (c.isAnnotatedWith(DependsOn.class)) {
        graph.put(c.getSimpleName(), List.of(c.reflect().getAnnotation(DependsOn.class).value()));
      }
    }
    return graph;
  }

  static Set<String> reachable(String from) {
    Set<String> seen = new HashSet<>();
    Deque<String> next = new ArrayDeque<>(GRAPH.getOrDefault(from, List.of()));
    while (!next.isEmpty()) {
      String d = next.pop();
      if (seen.add(d)) {
        next.addAll(GRAPH.getOrDefault(d, List.of()));
      }
    }
    return seen;
  }

  @Test
  void the_start_up_singletons_depend_on_each_other_without_a_cycle() {
    assertTrue(GRAPH.containsKey("SchedulerStartup"), GRAPH::toString);
    GRAPH.keySet().forEach(s -> assertTrue(!reachable(s).contains(s), () -> s + " in " + GRAPH));
  }

  @Test
  void no_singleton_names_a_dependency_it_reaches_through_another_unless_that_one_is_a_leaf() {
    List<String> diamonds = new ArrayList<>();
    GRAPH.forEach(
        (singleton, dependencies) -> {
          for (String direct : dependencies) {
            boolean leaf = GRAPH.getOrDefault(direct, List.of()).isEmpty();
            for (String other : dependencies) {
              if (!other.equals(direct) && !leaf && reachable(other).contains(direct)) {
                diamonds.add(singleton + " names " + direct + ", reached through " + other);
              }
            }
          }
        });
    assertEquals(List.of(), diamonds);
  }
}
