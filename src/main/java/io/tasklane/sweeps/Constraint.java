package io.tasklane.sweeps;

import io.tasklane.system.ProblemException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One comparison between parameters or numbers, such as {@code fast_period < slow_period}: a
 * combination runs only if all its sweep's constraints hold. Parsed by a pattern, never evaluated
 * by a scripting engine, so a constraint can name parameters and numbers and nothing else.
 */
record Constraint(Operand left, String operator, Operand right) {
  private static final String OPERAND = "([a-z_][a-z0-9_]*|-?\\d+(?:\\.\\d+)?)";
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*" + OPERAND + "\\s*(<=|>=|==|!=|<|>)\\s*" + OPERAND + "\\s*");

  /** A parameter's name or a number. */
  record Operand(String name, BigDecimal number) {
    BigDecimal value(Map<String, BigDecimal> combination) {
      return name == null ? number : combination.get(name);
    }

    @Override
    public String toString() {
      return name == null ? number.toPlainString() : name;
    }
  }

  /**
   * @param names the parameters a constraint may name
   * @throws ProblemException.InvalidInput for anything but a comparison of those and numbers
   */
  static Constraint parse(String text, Set<String> names, String path) {
    Matcher m = COMPARISON.matcher(text);
    if (!m.matches()) {
      throw new ProblemException.InvalidInput(
          path
              + ": must compare two parameters or numbers with <, <=, >, >=, == or != (like"
              + " 'fast_period < slow_period'), got '"
              + text
              + "'.");
    }
    return new Constraint(
        operand(m.group(1), names, path), m.group(2), operand(m.group(3), names, path));
  }

  private static Operand operand(String token, Set<String> names, String path) {
    if (Character.isDigit(token.charAt(token.length() - 1)) && !token.matches("[a-z_].*")) {
      return new Operand(null, new BigDecimal(token));
    }
    if (!names.contains(token)) {
      throw new ProblemException.InvalidInput(
          path + ": unknown parameter '" + token + "'; known: " + String.join(", ", names) + ".");
    }
    return new Operand(token, null);
  }

  boolean holds(Map<String, BigDecimal> combination) {
    int c = left.value(combination).compareTo(right.value(combination));
    return switch (operator) {
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      case "==" -> c == 0;
      default -> c != 0;
    };
  }

  @Override
  public String toString() {
    return left + " " + operator + " " + right;
  }
}
