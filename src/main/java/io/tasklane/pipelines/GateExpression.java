package io.tasklane.pipelines;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The right-hand side of a gate: a number, or a tiny arithmetic expression over numbers and names
 * of the step's result ({@code majority_baseline + 0.01}). Only {@code + - * /}, parentheses, unary
 * minus, decimal numbers and dotted names: a recursive-descent parser with nothing to execute, so a
 * pipeline definition can never run code.
 */
final class GateExpression {
  static final int MAX_LENGTH = 200;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

  /** A parsed expression: evaluates against a way of looking names up. */
  interface Node {
    double value(Function<String, Optional<Double>> names);

    /** Every name it uses, in order. */
    void names(java.util.List<String> into);
  }

  private final String text;
  private int at;

  private GateExpression(String text) {
    this.text = text;
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
  static Node parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
    }
    GateExpression parser = new GateExpression(text);
    Node node = parser.sum();
    parser.skipSpaces();
    if (parser.at < text.length()) {
      throw new IllegalArgumentException(
          "has '" + text.substring(parser.at) + "' after a complete expression");
    }
    return node;
  }

  private Node sum() {
    Node left = product();
    while (true) {
      char op = peek();
      if (op != '+' && op != '-') {
        return left;
      }
      at++;
      Node l = left;
      Node r = product();
      left = binary(l, r, op);
    }
  }

  private Node product() {
    Node left = unary();
    while (true) {
      char op = peek();
      if (op != '*' && op != '/') {
        return left;
      }
      at++;
      Node l = left;
      Node r = unary();
      left = binary(l, r, op);
    }
  }

  private Node unary() {
    if (peek() == '-') {
      at++;
      Node inner = unary();
      return new Node() {
        @Override
        public double value(Function<String, Optional<Double>> names) {
          return -inner.value(names);
        }

        @Override
        public void names(java.util.List<String> into) {
          inner.names(into);
        }
      };
    }
    if (peek() == '(') {
      at++;
      Node inner = sum();
      if (peek() != ')') {
        throw new IllegalArgumentException("misses a ')'");
      }
      at++;
      return inner;
    }
    return atom();
  }

  private Node atom() {
    skipSpaces();
    int start = at;
    while (at < text.length()
        && (Character.isLetterOrDigit(text.charAt(at))
            || text.charAt(at) == '_'
            || text.charAt(at) == '.')) {
      at++;
    }
    String token = text.substring(start, at);
    if (token.isEmpty()) {
      throw new IllegalArgumentException(
          at < text.length()
              ? "has an unexpected '" + text.charAt(at) + "'"
              : "ends where a number or name was expected");
    }
    if (Character.isDigit(token.charAt(0)) || token.charAt(0) == '.') {
      double number;
      try {
        number = Double.parseDouble(token);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("has '" + token + "', which is not a number");
      }
      return new Node() {
        @Override
        public double value(Function<String, Optional<Double>> names) {
          return number;
        }

        @Override
        public void names(java.util.List<String> into) {}
      };
    }
    if (!NAME.matcher(token).matches()) {
      throw new IllegalArgumentException("has '" + token + "', which is not a name");
    }
    return new Node() {
      @Override
      public double value(Function<String, Optional<Double>> names) {
        return names
            .apply(token)
            .orElseThrow(() -> new IllegalArgumentException("the result has no number " + token));
      }

      @Override
      public void names(java.util.List<String> into) {
        into.add(token);
      }
    };
  }

  private static Node binary(Node l, Node r, char op) {
    return new Node() {
      @Override
      public double value(Function<String, Optional<Double>> names) {
        double a = l.value(names);
        double b = r.value(names);
        return switch (op) {
          case '+' -> a + b;
          case '-' -> a - b;
          case '*' -> a * b;
          default -> a / b;
        };
      }

      @Override
      public void names(java.util.List<String> into) {
        l.names(into);
        r.names(into);
      }
    };
  }

  private char peek() {
    skipSpaces();
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void skipSpaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
