package io.tasklane.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README quotes {@link ReadmeExample}, which TaskApiIT runs: the two must not drift apart. */
class ReadmeExampleTest {
  @Test
  void readme_quotes_the_example_that_the_integration_test_runs() throws Exception {
    String source =
        Files.readString(Path.of("src/test/java/io/tasklane/client/ReadmeExample.java"));
    String example =
        source.substring(
            source.indexOf("  // README: from here\n") + "  // README: from here\n".length(),
            source.indexOf("  // README: to here"));
    StringBuilder quoted = new StringBuilder();
    for (String line : example.stripTrailing().split("\n")) {
      quoted.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
    }
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(
        readme.contains("```java\n" + quoted + "```"),
        "README's Java client example differs from ReadmeExample.run:\n" + quoted);
  }
}
