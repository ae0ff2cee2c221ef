package io.tasklane.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link TaskStore} is the only class in the main sources with a statement on the task table. */
class TaskTableOwnershipTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path STORE = MAIN.resolve("io/tasklane/tasks/TaskStore.java");

  /** In string literals: JPQL on the entity ({@code from Task t}) or SQL on the table. */
  private static final List<Pattern> IN_LITERALS =
      List.of(
          Pattern.compile("\\b(from|update|into|join|table)\\s+task\\b", Pattern.CASE_INSENSITIVE),
          Pattern.compile("\\bTask\\s+t\\b"));

  /** In code: the entity class handed to JPA ({@code em.find(Task.class, ..)}) or criteria. */
  private static final List<Pattern> IN_CODE =
      List.of(
          Pattern.compile("\\bTask\\.class\\b"),
          Pattern.compile("\\bTask_\\."),
          Pattern.compile(
              "\\b(Root|CriteriaQuery|CriteriaUpdate|CriteriaDelete)\\s*<\\s*Task\\s*>"));

  @Test
  void no_class_but_the_task_store_has_a_statement_on_the_task_table() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        if (!file.equals(STORE)) {
          statementsOnTaskTable(Files.readString(file))
              .forEach(found -> offenders.add(MAIN.relativize(file) + ": " + found));
        }
      }
    }
    assertEquals(List.of(), offenders, "Move these statements into TaskStore");
  }

  @Test
  void the_store_itself_is_found_and_holds_statements() throws IOException {
    assertTrue(Files.exists(STORE), STORE + " moved: update this test");
    assertTrue(statementsOnTaskTable(Files.readString(STORE)).size() > 10);
  }

  @Test
  void every_kind_of_statement_on_the_task_table_is_detected() {
    List<String> sources =
        List.of(
            "q = em.createQuery(\"select t.id from Task t where t.status = :s\");",
            "em.createQuery(\"update Task set progress = 1\");",
            "Task task = em.find(Task.class, id);",
            "em.createNativeQuery(\"select count(*) from task where status = 'queued'\");",
            "em.createNativeQuery(\"update TASK set lease_owner = null\");",
            "em.createNativeQuery(\"insert into task (id) values (?)\");",
            "\"select s from NodeSlot s where not exists (\"\n + \" select t.id from Task t\"",
            "CriteriaQuery<Task> query = cb.createQuery(Task.class);",
            "Root<Task> root = query.from(Task.class);");
    for (String source : sources) {
      assertTrue(!statementsOnTaskTable(source).isEmpty(), "missed: " + source);
    }
  }

  @Test
  void other_tables_and_prose_about_tasks_are_not_statements_on_the_task_table() {
    List<String> sources =
        List.of(
            "em.createNativeQuery(\"select max(id) from task_event\");",
            "c.prepareStatement(\"delete from prediction where task_id = ?\");",
            "// select t from Task t, in a comment",
            "/** update task rows */ int x;",
            "for (Task t : tasks) { log(t); }",
            "LOG.info(\"Claim of \" + id + \" lost\");",
            "Optional<ClaimedTask> claimed = tryClaim(QueuedTask.class);");
    for (String source : sources) {
      assertEquals(List.of(), statementsOnTaskTable(source), source);
    }
  }

  /** What in {@code source} reads or writes the task table; comments are ignored. */
  static List<String> statementsOnTaskTable(String source) {
    Split split = Split.of(source);
    List<String> found = new ArrayList<>();
    for (Pattern pattern : IN_LITERALS) {
      Matcher m = pattern.matcher(split.literals());
      while (m.find()) {
        found.add("\"" + m.group() + "\"");
      }
    }
    for (Pattern pattern : IN_CODE) {
      Matcher m = pattern.matcher(split.code());
      while (m.find()) {
        found.add(m.group());
      }
    }
    return found;
  }

  /**
   * A Java source as its code (literals blanked) and its string literals joined as {@code +} would
   * join them, so a statement split over several literals reads whole.
   */
  record Split(String code, String literals) {
    static Split of(String source) {
      StringBuilder code = new StringBuilder();
      StringBuilder literals = new StringBuilder();
      int i = 0;
      int n = source.length();
      while (i < n) {
        char c = source.charAt(i);
        if (source.startsWith("//", i)) {
          int end = source.indexOf('\n', i);
          i = end < 0 ? n : end;
        } else if (source.startsWith("/*", i)) {
          int end = source.indexOf("*/", i + 2);
          i = end < 0 ? n : end + 2;
        } else if (source.startsWith("\"\"\"", i)) {
          int end = source.indexOf("\"\"\"", i + 3);
          end = end < 0 ? n : end;
          literals.append(source, i + 3, end).append(' ');
          code.append("\"\"");
          i = Math.min(n, end + 3);
        } else if (c == '"') {
          int j = i + 1;
          while (j < n && source.charAt(j) != '"' && source.charAt(j) != '\n') {
            j += source.charAt(j) == '\\' ? 2 : 1;
          }
          literals.append(source, i + 1, Math.min(j, n));
          code.append("\"\"");
          i = j + 1;
        } else if (c == '\'') {
          int j = i + 1;
          while (j < n && source.charAt(j) != '\'') {
            j += source.charAt(j) == '\\' ? 2 : 1;
          }
          code.append("''");
          i = j + 1;
        } else {
          code.append(c);
          i++;
        }
      }
      return new Split(code.toString(), literals.toString());
    }
  }
}
