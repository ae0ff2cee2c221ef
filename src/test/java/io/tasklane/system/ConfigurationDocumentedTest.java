package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README's configuration table and the code name the same {@code tasklane.*} keys. */
class ConfigurationDocumentedTest {
  private static final Pattern KEY_LITERAL = Pattern.compile("\"(tasklane\\.[a-z0-9.<>-]+)\"");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

  /** Every {@code "tasklane.…"} string literal in the main sources: the keys the code reads. */
  static Set<String> keysInCode() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = KEY_LITERAL.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).endsWith(".")) {
            keys.add(m.group(1));
          }
        }
      }
    }
    return keys;
  }

  static Set<String> keysInProperties() throws IOException {
    Properties properties = new Properties();
    properties.load(
        new StringReader(
            Files.readString(
                Path.of("src/main/resources/META-INF/microprofile-config.properties"))));
    Set<String> keys = new TreeSet<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("tasklane.")) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * The first column of the tables in README's Configuration section; {@code `.suffix`} after a
   * full key stands for the full key with its last part replaced.
   */
  static Set<String> keysInReadme() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("## Configuration");
    assertTrue(start >= 0, "README has a Configuration section");
    Set<String> keys = new TreeSet<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (!line.startsWith("|")) {
        continue;
      }
      String firstColumn = line.split("\\|")[1];
      Matcher m = CODE_SPAN.matcher(firstColumn);
      String previous = null;
      while (m.find()) {
        String key = m.group(1);
        if (key.startsWith(".") && previous != null) {
          key = previous.substring(0, previous.lastIndexOf('.')) + key;
        }
        if (key.startsWith("tasklane.")) {
          keys.add(key);
          previous = key;
        }
      }
    }
    return keys;
  }

  /** README's {@code <type>} rows stand for every task type. */
  static boolean documented(String key, Set<String> readme) {
    return readme.contains(key)
        || readme.stream()
            .filter(k -> k.contains("<"))
            .anyMatch(k -> key.matches(k.replaceAll("<[a-z]+>", "[a-z_]+").replace(".", "\\.")));
  }

  @Test
  void every_key_the_code_reads_or_defaults_is_in_readmes_configuration_table() throws IOException {
    Set<String> readme = keysInReadme();
    Set<String> missing = new TreeSet<>();
    for (String key : keysInCode()) {
      if (!documented(key, readme)) {
        missing.add(key);
      }
    }
    for (String key : keysInProperties()) {
      if (!documented(key, readme)) {
        missing.add(key);
      }
    }
    assertEquals(Set.of(), missing, "keys the code knows that README's table does not list");
  }

  @Test
  void every_key_in_readmes_configuration_table_is_read_by_the_code() throws IOException {
    Set<String> known = new TreeSet<>(keysInCode());
    known.addAll(keysInProperties());
    Set<String> unknown = new TreeSet<>();
    for (String key : keysInReadme()) {
      if (key.contains("<")) {
        continue; // a pattern: its keys are built from the task type
      }
      if (!known.contains(key)) {
        unknown.add(key);
      }
    }
    assertEquals(Set.of(), unknown, "keys README documents that nothing reads");
  }
}
