package io.tasklane.engines;

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
final class JsonDouble implements JsonNumber {
  private final double value;
  private BigDecimal decimal; // made when asked for

  private JsonDouble(double value) {
    this.value = value;
  }

  /** The number; a non-finite value has no JSON form, as with JSON-P's own. */
  static JsonDouble of(double value) {
    if (!Double.isFinite(value)) {
      throw new NumberFormatException("JSON has no form for " + value);
    }
    return new JsonDouble(value + 0.0); // -0.0 becomes 0.0, as in a BigDecimal
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
    String shortest = Double.toString(value);
    return shortest.indexOf('E') < 0 ? shortest : bigDecimalValue().toString();
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
