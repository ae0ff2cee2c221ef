package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.ConfigDefaults;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * README's configuration table and the code name the same {@code tasklane.*} keys: those of the
 * {@code @ConfigProperties} classes, those the properties file sets for readers outside CDI, and
 * the few the code names elsewhere.
 */
class ConfigurationDocumentedTest {
  /** A key literal, except a {@code @ConfigProperties} prefix (its keys come from the class). */
  private static final Pattern KEY_LITERAL =
      Pattern.compile("(?<!prefix = )\"(tasklane\\.[a-z0-9.<>-]+)\"");

  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

  /** Every key of every {@code @ConfigProperties} class in the main sources. */
  static Set<String> keysOfConfigClasses() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (Class<?> type : configClasses()) {
      keys.addAll(ConfigDefaults.keys(type).keySet());
    }
    return keys;
  }

  static List<Class<?>> configClasses() throws IOException {
    Path root = Path.of("src/main/java");
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (Files.readString(file).contains("@ConfigProperties(prefix")) {
          String name = root.relativize(file).toString().replace(".java", "");
          try {
            classes.add(Class.forName(name.replace(java.io.File.separatorChar, '.')));
          } catch (ClassNotFoundException e) {
            throw new AssertionError("no class for " + file, e);
          }
        }
      }
    }
    assertTrue(classes.size() > 5, "found the @ConfigProperties classes: " + classes);
    return classes;
  }

  /** Every other {@code "tasklane.…"} string literal in the main sources: keys read one by one. */
  static Set<String> keysReadElsewhere() throws IOException {
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

  static Set<String> keysInCode() throws IOException {
    Set<String> keys = new TreeSet<>(keysOfConfigClasses());
    keys.addAll(keysReadElsewhere());
    keys.addAll(keysInProperties());
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

  /** The keys the code knows that README's table does not list. */
  static Set<String> undocumented(Set<String> code, Set<String> readme) {
    Set<String> missing = new TreeSet<>();
    for (String key : code) {
      if (!documented(key, readme)) {
        missing.add(key);
      }
    }
    return missing;
  }

  @Test
  void every_key_the_code_reads_or_defaults_is_in_readmes_configuration_table() throws IOException {
    assertEquals(
        Set.of(),
        undocumented(keysInCode(), keysInReadme()),
        "keys the code knows that README's table does not list");
  }

  @Test
  void every_key_in_readmes_configuration_table_is_read_by_the_code() throws IOException {
    Set<String> known = keysInCode();
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

  /** As a class of the main sources would add a key. */
  @ConfigProperties(prefix = "tasklane.scheduler")
  static class WithAnUndocumentedKey {
    @ConfigProperty(name = "interval-ms", defaultValue = "1000")
    long intervalMs;

    @ConfigProperty(name = "not-in-readme", defaultValue = "1")
    long notInReadme;
  }

  @Test
  void a_key_added_to_a_config_class_without_a_readme_row_is_caught() throws IOException {
    Set<String> code = new TreeSet<>(keysInCode());
    code.addAll(ConfigDefaults.keys(WithAnUndocumentedKey.class).keySet());
    assertEquals(Set.of("tasklane.scheduler.not-in-readme"), undocumented(code, keysInReadme()));
  }
}
