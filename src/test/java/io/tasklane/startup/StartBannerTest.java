package io.tasklane.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class StartBannerTest {

  @Test
  void the_database_is_named_without_credentials_or_options() {
    assertEquals(
        "H2 (embedded) ./data/tasklane",
        StartBanner.describe("jdbc:h2:file:./data/tasklane;DB_CLOSE_ON_EXIT=FALSE"));
    assertEquals(
        "PostgreSQL postgresql://db:5432/tasklane",
        StartBanner.describe("jdbc:postgresql://db:5432/tasklane?password=secret"));
  }

  @Test
  void payara_micros_ready_line_fires_once_with_the_url_it_announced() {
    List<Optional<String>> told = new ArrayList<>();
    ServerReadiness readiness = ServerReadiness.watch(told::add);
    try {
      readiness.publish(new LogRecord(Level.INFO, "Loading application [tasklane] at [/]"));
      readiness.publish(
          new LogRecord(Level.INFO, "\nPayara Micro URLs:\nhttp://localhost:8080/\n\nREST"));
      assertEquals(List.of(), told, "not ready yet");
      readiness.publish(
          new LogRecord(Level.INFO, "Payara Micro 6.2025.10 (build 42) ready in 14,007 (ms)"));
      readiness.publish(
          new LogRecord(Level.INFO, "Payara Micro 6.2025.10 (build 42) ready in 14,007 (ms)"));
      readiness.fire(Optional.empty());
      assertEquals(List.of(Optional.of("http://localhost:8080/")), told);
    } finally {
      readiness.close();
    }
  }
}
