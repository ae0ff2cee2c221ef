package io.tasklane.system;

import jakarta.json.JsonNumber;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A finite {@code double} as a JSON number that prints exactly as JSON-P's own {@code add(double)}
 * does ({@code BigDecimal.valueOf(value).toString()}) without making the {@code BigDecimal} when
 * the double's shortest decimal form has no exponent, which is nearly always. A backtest's result
 * holds some 2,000 numbers; made and printed through {@code BigDecimal}, they were the largest part
 * of a tiny task's CPU time (issue 25).
 */
public final class JsonDouble implements JsonNumber {
  /** 10^places for {@link #rounded}. */
  private static final double[] SCALES = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

  private static final long[] POWERS = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
  };

  /** Below 10^15 units, a rounded number has at most 15 digits, so its decimal is the shortest. */
  private static final long MAX_EXACT_UNITS = 1_000_000_000_000_000L;

  private final double value;
  private final long units; // value * 10^places, when made by rounded()
  private final int places; // -1: not made by rounded()
  private BigDecimal decimal; // made when asked for

  private JsonDouble(double value, long units, int places) {
    this.value = value;
    this.units = units;
    this.places = places;
  }

  /** The number; a non-finite value has no JSON form, as with JSON-P's own. */
  public static JsonDouble of(double value) {
    if (!Double.isFinite(value)) {
      throw new NumberFormatException("JSON has no form for " + value);
    }
    return new JsonDouble(value + 0.0, 0, -1); // -0.0 becomes 0.0, as in a BigDecimal
  }

  /**
   * The value rounded half up to {@code places} decimals (0 to 9), as {@code Math.round(value *
   * 10^places) / 10^places}; a value that is not finite becomes 0. Printing it needs no {@link
   * Double#toString}: the rounded decimal has at most 15 digits, so it is the shortest decimal of
   * that double, the one {@code Double.toString} finds at far greater cost (a backtest's result
   * prints some 2,000 of them, the largest part of a tiny task's CPU, issue 25).
   */
  public static JsonDouble rounded(double value, int places) {
    if (!Double.isFinite(value)) {
      return new JsonDouble(0.0, 0, places);
    }
    double scale = SCALES[places];
    long units = Math.round(value * scale);
    return new JsonDouble(units / scale + 0.0, units, places);
  }

  @Override
  public ValueType getValueType() {
    return ValueType.NUMBER;
  }

  @Override
  public boolean isIntegral() {
    return bigDecimalValue().scale() == 0;
  }

  @Override
  public int intValue() {
    return bigDecimalValue().intValue();
  }

  @Override
  public int intValueExact() {
    return bigDecimalValue().intValueExact();
  }

  @Override
  public long longValue() {
    return bigDecimalValue().longValue();
  }

  @Override
  public long longValueExact() {
    return bigDecimalValue().longValueExact();
  }

  @Override
  public BigInteger bigIntegerValue() {
    return bigDecimalValue().toBigInteger();
  }

  @Override
  public BigInteger bigIntegerValueExact() {
    return bigDecimalValue().toBigIntegerExact();
  }

  @Override
  public double doubleValue() {
    return value;
  }

  @Override
  public BigDecimal bigDecimalValue() {
    BigDecimal made = decimal;
    if (made == null) {
      made = BigDecimal.valueOf(value);
      decimal = made;
    }
    return made;
  }

  @Override
  public Number numberValue() {
    return bigDecimalValue();
  }

  /**
   * {@code BigDecimal.valueOf(value).toString()}: the same text as {@link Double#toString} then.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(24);
    appendTo(text);
    return text.toString();
  }

  /**
   * Appends {@link #toString()}'s text: {@link JsonText} writes a result's numbers straight into
   * its text, without a string each.
   */
  void appendTo(StringBuilder text) {
    if (places >= 0 && plainAsDoubleToString()) {
      appendUnits(text);
      return;
    }
    String shortest = Double.toString(value);
    text.append(shortest.indexOf('E') < 0 ? shortest : bigDecimalValue().toString());
  }

  /**
   * Whether {@code Double.toString} prints this value without an exponent (0, or 10^-3 to 10^7) and
   * its units are few enough for their decimal to be the shortest.
   */
  private boolean plainAsDoubleToString() {
    double magnitude = Math.abs(value);
    return Math.abs(units) < MAX_EXACT_UNITS
        && (magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7));
  }

  /** The units with the decimal point put back, trailing zeros dropped, one fraction digit kept. */
  private void appendUnits(StringBuilder text) {
    if (units == 0) {
      text.append("0.0");
      return;
    }
    long digits = Math.abs(units);
    int fractionDigits = places;
    while (fractionDigits > 1 && digits % 10 == 0) {
      digits /= 10;
      fractionDigits--;
    }
    if (units < 0) {
      text.append('-');
    }
    long scale = POWERS[fractionDigits];
    text.append(digits / scale).append('.');
    if (fractionDigits == 0) {
      text.append('0');
      return;
    }
    long fraction = digits % scale;
    for (long pad = scale / 10; pad > fraction && pad > 1; pad /= 10) {
      text.append('0');
    }
    text.append(fraction);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonNumber number && bigDecimalValue().equals(number.bigDecimalValue());
  }

  @Override
  public int hashCode() {
    return bigDecimalValue().hashCode();
  }
}
