package io.tasklane.bench;

import io.tasklane.engines.BacktestResult;
import io.tasklane.engines.BacktestSettings;
import io.tasklane.engines.Momentum;
import io.tasklane.engines.PriceSeries;
import io.tasklane.engines.RsiMeanReversion;
import io.tasklane.engines.SmaCrossover;
import io.tasklane.engines.SyntheticMarket;
import io.tasklane.engines.Timeframe;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole backtests over 1,000,000 one-minute bars in memory, single thread: signals, fills, equity
 * curve, Sharpe and drawdown. Bars per second = 1,000,000 / (seconds per operation).
 *
 * <p>Run (BENCHMARKS.md): {@code mvn -q test-compile exec:exec -Dexec.classpathScope=test
 * -Dexec.executable=java -Dexec.args="-cp %classpath org.openjdk.jmh.Main BacktestBenchmark"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class BacktestBenchmark {
  static final int BARS = 1_000_000;

  PriceSeries series;
  BacktestSettings settings;

  @Setup
  public void generate() {
    PriceSeries generated =
        SyntheticMarket.generate(
            "BENCH_USDT", LocalDate.of(2020, 1, 1), LocalDate.of(2021, 12, 31), Timeframe.M1);
    series =
        new PriceSeries(
            generated.symbol(),
            generated.timeframe(),
            Arrays.copyOf(generated.epochSeconds(), BARS),
            Arrays.copyOf(generated.open(), BARS),
            Arrays.copyOf(generated.high(), BARS),
            Arrays.copyOf(generated.low(), BARS),
            Arrays.copyOf(generated.close(), BARS),
            Arrays.copyOf(generated.volume(), BARS));
    settings = new BacktestSettings(10_000, 0.001, 0.0005);
  }

  @Benchmark
  public BacktestResult smaCrossover() {
    return new SmaCrossover(10, 30).run(series, settings, null);
  }

  @Benchmark
  public BacktestResult rsiMeanReversion() {
    return new RsiMeanReversion(14, 30, 70).run(series, settings, null);
  }

  @Benchmark
  public BacktestResult momentum() {
    return new Momentum(20, 0).run(series, settings, null);
  }
}
