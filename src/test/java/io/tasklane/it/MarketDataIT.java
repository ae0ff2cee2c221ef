package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.json;
import static io.tasklane.support.Clients.refusal;
import static io.tasklane.support.Clients.smallTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.MarketDataApi;
import io.tasklane.client.TasklaneClient;
import io.tasklane.client.TasklaneProblemException;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Market data on a real server: seeded symbols, CSV import, and backtests over stored bars, through
 * Tasklane's Java client; raw HTTP ({@code raw}) for bad files (the problem's content type, a large
 * body refused early) and bad requests, whose exact answers are the point.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MarketDataIT {
  static final Duration PATIENCE = Duration.ofMinutes(5);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.tasklane();
  }

  @ArquillianResource URL deployed;

  Api raw;
  Clients clients;
  TasklaneClient admin;

  @BeforeEach
  void signIn() {
    raw = Api.anonymous(Deployments.loopback(deployed)).as("admin", Deployments.ADMIN_PASSWORD);
    clients = new Clients(Deployments.loopback(deployed), Deployments.ADMIN_PASSWORD);
    admin = clients.admin();
  }

  @AfterEach
  void signOut() throws Exception {
    clients.close();
  }

  static String symbol() {
    return Deployments.unique("CSV").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * {@code days} daily bars from 2024-01-01 on a gentle zig-zag; {@code bump} shifts all prices.
   */
  static String csv(int days, double bump) {
    StringBuilder csv = new StringBuilder("date,open,high,low,close,volume\n");
    LocalDate day = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < days; i++) {
      double close = 100 + bump + 10 * Math.sin(i / 5.0) + i * 0.1;
      double open = close - 0.5;
      csv.append(day.plusDays(i))
          .append(',')
          .append(open)
          .append(',')
          .append(close + 1)
          .append(',')
          .append(open - 1)
          .append(',')
          .append(close)
          .append(",1000\n");
    }
    return csv.toString();
  }

  /** Raw, for bad files: the answer exactly as sent. */
  Api.Reply importRaw(String symbol, String query, String body) {
    return raw.postRaw(
        "api/market-data/" + symbol + query, "text/csv", HttpRequest.BodyPublishers.ofString(body));
  }

  /** Through the client: the server's defaults for what is null. */
  static MarketDataApi.ImportSummary importCsv(
      TasklaneClient who,
      String symbol,
      String timeframe,
      Boolean replace,
      Boolean allowGap,
      String body) {
    return who.marketData().importCsv(symbol, timeframe, null, replace, allowGap, body);
  }

  static MarketDataApi.ImportSummary importCsv(TasklaneClient who, String symbol, String body) {
    return importCsv(who, symbol, null, null, null, body);
  }

  MarketDataApi.Series series(String symbol) {
    return admin.marketData().ofSymbol(symbol).series().get(0);
  }

  @Test
  void a_fresh_server_has_the_synthetic_symbols_ready() {
    MarketDataApi.SeriesList listed = admin.marketData().list();
    for (String symbol : new String[] {"BTC_USDT", "ETH_USDT", "SPY"}) {
      MarketDataApi.Series series =
          listed.series().stream()
              .filter(s -> s.symbol().equals(symbol))
              .findFirst()
              .orElseThrow(() -> new AssertionError(symbol + " missing: " + listed));
      assertEquals("1d", series.timeframe());
      assertEquals("synthetic", series.source());
      // SPY trades on weekdays only: 2,870 of the 4,018 days of 2015-2025.
      assertEquals(symbol.equals("SPY") ? 2870 : 4018, series.barCount());
      assertEquals(Instant.parse("2015-01-01T00:00:00Z"), series.firstBar());
      assertEquals(Instant.parse("2025-12-31T00:00:00Z"), series.lastBar());
    }
  }

  @Test
  void a_good_file_is_stored_and_importing_it_again_changes_nothing() {
    String symbol = symbol();
    String body = csv(120, 0);

    MarketDataApi.ImportSummary first = importCsv(admin, symbol, body);
    assertEquals(120, first.inserted());
    assertEquals(120, series(symbol).barCount());

    MarketDataApi.ImportSummary again = importCsv(admin, symbol, body);
    assertEquals(0, again.inserted());
    assertEquals(120, again.unchanged());
    assertEquals(120, series(symbol).barCount());

    // More bars extend the series; the overlap is recognised as the same.
    MarketDataApi.ImportSummary longer = importCsv(admin, symbol, csv(150, 0));
    assertEquals(30, longer.inserted());
    assertEquals(150, series(symbol).barCount());
    assertEquals(Instant.parse("2024-05-29T00:00:00Z"), series(symbol).lastBar());
  }

  @Test
  void different_values_for_stored_bars_are_a_conflict_unless_replacing() {
    String symbol = symbol();
    importCsv(admin, symbol, csv(60, 0));

    // 20 new bars and 60 changed ones: nothing at all is stored.
    TasklaneProblemException conflict =
        assertThrows(TasklaneProblemException.class, () -> importCsv(admin, symbol, csv(80, 5)));
    assertEquals(409, conflict.status(), conflict::toString);
    assertTrue(
        conflict.detail().contains("already stored with different values"), conflict::detail);
    assertEquals(60, series(symbol).barCount());

    MarketDataApi.ImportSummary replaced = importCsv(admin, symbol, null, true, null, csv(80, 5));
    assertEquals(60, replaced.replaced());
    assertEquals(20, replaced.inserted());
    assertEquals(80, series(symbol).barCount());
  }

  @Test
  void a_backtest_after_a_replacing_import_runs_on_the_new_bars_not_on_ones_read_before() {
    String symbol = symbol();
    importCsv(admin, symbol, csv(120, 0));
    JsonObject parameters =
        json(
            ("{'strategy':'momentum','symbol':'"
                    + symbol
                    + "','start_date':'2024-01-01','end_date':'2024-04-29','params':{'lookback':5}}")
                .replace('\'', '"'));
    double before = benchmarkReturn(parameters);
    assertEquals(before, benchmarkReturn(parameters), "the same bars give the same figures");

    // Same dates and count, other prices: only the series' version tells the bars apart.
    importCsv(admin, symbol, null, true, null, csv(120, 50));
    double after = benchmarkReturn(parameters);

    assertTrue(after != before, () -> "still the old bars: " + before + " then " + after);
    assertEquals(after, benchmarkReturn(parameters));
  }

  private double benchmarkReturn(JsonObject parameters) {
    UUID id = admin.tasks().submit(smallTask("backtest", parameters)).taskId();
    JsonObject result = Clients.awaitStatus(admin, id, "completed", PATIENCE).result();
    assertEquals("stored", result.getString("data_source"));
    return result.getJsonObject("benchmark").getJsonNumber("total_return").doubleValue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "out of order|2024-01-02,1,1,1,1,1;2024-01-01,1,1,1,1,1|line 3:",
        "gap|2024-01-01,1,1,1,1,1;2024-02-01,1,1,1,1,1|line 3: gap of 30",
        "non-positive price|2024-01-01,1,1,1,1,1;2024-01-02,1,1,1,0,1|line 3: close must be a positive",
        "malformed row|2024-01-01,1,1,1,1,1;2024-01-02,1,1,1|line 3: expected 6 fields",
        "before the earliest date|1899-12-31,1,1,1,1,1|line 2: '1899-12-31' is outside the accepted range",
        "far in the future|2024-01-01,1,1,1,1,1;2999-01-01,1,1,1,1,1|line 3: '2999-01-01' is outside",
        // Epoch milliseconds are read as such now; a digit too many is still a date far away.
        "a digit too many in milliseconds|17040672000000,1,1,1,1,1|line 2: '17040672000000' is outside",
      })
  void a_bad_file_is_refused_with_its_line_and_nothing_is_stored(String example) {
    String[] parts = example.split("\\|");
    String symbol = symbol();
    String body = "date,open,high,low,close,volume\n" + parts[1].replace(';', '\n') + "\n";

    Api.Reply refused = importRaw(symbol, "", body);

    assertEquals(400, refused.status(), refused::body);
    assertTrue(refused.contentType().startsWith("application/problem+json"));
    assertTrue(refused.json().getString("detail").startsWith(parts[2]), refused::body);
    assertEquals(404, raw.get("api/market-data/" + symbol).status());
  }

  @Test
  void a_yahoo_file_with_a_split_is_stored_adjusted_without_a_crash_at_the_split()
      throws Exception {
    String symbol = symbol();
    String yahoo;
    try (var in = MarketDataIT.class.getResourceAsStream("/marketdata/yahoo-split.csv")) {
      yahoo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    MarketDataApi.ImportSummary imported = importCsv(admin, symbol, yahoo);
    assertEquals(10, imported.inserted());

    // The stored bars are exactly these adjusted ones: importing them again changes nothing.
    double[][] adjusted = {
      {99.00, 101.20, 98.55, 100.60}, {100.50, 101.90, 99.75, 101.30},
      {101.40, 103.00, 101.00, 102.70}, {102.50, 102.95, 100.80, 101.50},
      {101.60, 102.20, 100.40, 101.10}, {101.40, 103.20, 100.90, 102.80},
      {102.90, 104.10, 101.70, 103.60}, {103.50, 105.30, 103.00, 104.90},
      {104.70, 105.00, 102.90, 103.40}, {103.30, 104.60, 102.80, 104.20}
    };
    String[] lines = yahoo.strip().split("\n");
    StringBuilder same = new StringBuilder("date,open,high,low,close,volume\n");
    for (int i = 0; i < adjusted.length; i++) {
      String[] raw = lines[i + 1].split(",");
      double[] bar = adjusted[i];
      same.append(raw[0]).append(',').append(bar[0]).append(',').append(bar[1]).append(',');
      same.append(bar[2]).append(',').append(bar[3]).append(',').append(raw[6]).append('\n');
      if (i > 0) {
        assertTrue(bar[2] > 0.6 * adjusted[i - 1][3], "a drop of 40 % or more at " + raw[0]);
      }
    }
    MarketDataApi.ImportSummary again = importCsv(admin, symbol, same.toString());
    assertEquals(10, again.unchanged(), again::toString);

    // The unadjusted prices are not what is stored.
    String unadjusted = yahoo.replace(",Adj Close", ",Ignored");
    assertEquals(409, refusal(() -> importCsv(admin, symbol, unadjusted)));
  }

  @Test
  void a_bad_row_late_in_a_file_for_a_stored_symbol_keeps_nothing_of_that_file() {
    String symbol = symbol();
    importCsv(admin, symbol, csv(30, 0));
    String body = csv(60, 0) + "2024-03-01,1,1,1,-1,1\n";

    TasklaneProblemException refused =
        assertThrows(TasklaneProblemException.class, () -> importCsv(admin, symbol, body));

    assertEquals(400, refused.status(), refused::toString);
    assertTrue(refused.detail().startsWith("line 62:"), refused::detail);
    assertEquals(30, series(symbol).barCount());
  }

  @Test
  void bars_that_would_leave_a_gap_after_a_stored_series_are_refused_unless_allowed() {
    String symbol = symbol();
    importCsv(admin, symbol, csv(30, 0));
    // The stored series ends 2024-01-30; March leaves 30 daily bars missing.
    String march =
        "date,open,high,low,close,volume\n"
            + "2024-03-01,100,101,99,100,1\n"
            + "2024-03-04,100,101,99,100,1\n";

    TasklaneProblemException refused =
        assertThrows(TasklaneProblemException.class, () -> importCsv(admin, symbol, march));

    assertEquals(409, refused.status(), refused::toString);
    assertTrue(refused.detail().contains("would leave 30 missing"), refused::detail);
    assertEquals(30, series(symbol).barCount());

    importCsv(admin, symbol, null, null, true, march);

    assertEquals(32, series(symbol).barCount());
    assertEquals(Instant.parse("2024-03-04T00:00:00Z"), series(symbol).lastBar());
  }

  @Test
  void a_large_file_refused_at_an_early_line_gets_its_400() {
    StringBuilder body = new StringBuilder(csv(3, 0)).append("2024-01-04,1,1,1,-1,1\n");
    // About 2 MiB after the bad line: the answer must not wait for a client still sending.
    String filler = "2024-01-05,1,1,1,1,1\n";
    while (body.length() < 2 * 1024 * 1024) {
      body.append(filler);
    }

    Api.Reply refused = importRaw(symbol(), "", body.toString());

    assertEquals(400, refused.status(), refused::body);
    assertTrue(refused.json().getString("detail").startsWith("line 5:"), refused::body);
  }

  @Test
  void a_bar_a_few_days_ahead_is_accepted() {
    String symbol = symbol();
    LocalDate soon = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3);

    MarketDataApi.ImportSummary imported =
        importCsv(admin, symbol, "date,open,high,low,close,volume\n" + soon + ",1,1,1,1,1\n");

    assertEquals(1, imported.inserted(), imported::toString);
  }

  @Test
  void only_admins_import_but_every_user_reads() {
    TasklaneClient user = clients.newUser(Deployments.unique("reader"));

    assertEquals(403, refusal(() -> importCsv(user, symbol(), csv(10, 0))));
    assertTrue(user.marketData().list().series().size() >= 3);
    // No token at all: raw.
    assertEquals(401, Api.anonymous(raw.base()).get("api/market-data").status());
  }

  @Test
  void a_backtest_of_an_imported_symbol_runs_on_the_stored_bars() {
    String symbol = symbol();
    importCsv(admin, symbol, csv(200, 0));
    String backtest =
        "{'task_type':'backtest','estimated_cpu_cores':0.1,'parameters':{'strategy':'momentum','symbol':'"
            + symbol
            + "','start_date':'2024-01-01','end_date':'2024-12-31','params':{'lookback':5}%s}}";

    // The stored bars end in July: the whole year is not there, and nothing is invented for it.
    // Refusals raw: their exact status and problem.
    Api.Reply refused = raw.post("api/tasks", q(String.format(backtest, "")));
    TaskApiIT.assertProblem(400, refused, "cover 2024-01-01 to 2024-07-18, not all of");
    Api.Reply typo =
        raw.post("api/tasks", q(String.format(backtest, "").replace(symbol, symbol + "X")));
    TaskApiIT.assertProblem(400, typo, "closest stored: " + symbol + " 1d");

    JsonObject parameters =
        json(String.format(backtest, ",'allow_partial':true")).getJsonObject("parameters");
    UUID id = admin.tasks().submit(smallTask("backtest", parameters)).taskId();
    JsonObject result = Clients.awaitStatus(admin, id, "completed", PATIENCE).result();

    assertEquals("stored", result.getString("data_source"));
    assertTrue(result.getBoolean("partial_range"), result::toString);
    assertEquals(200, result.getInt("bars"));
    assertEquals("2024-07-18T00:00:00Z", result.getString("last_bar"));
    assertTrue(result.getInt("trade_count") > 0, result::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sma_crossover", "rsi_mean_reversion", "momentum"})
  void every_rule_based_strategy_reports_the_full_set_of_figures(String strategy) {
    UUID id =
        admin
            .tasks()
            .submit(
                smallTask(
                    "backtest",
                    json(
                        "{'strategy':'"
                            + strategy
                            + "','symbol':'SPY','start_date':'2016-01-01','end_date':'2025-12-31'}")))
            .taskId();
    JsonObject result = Clients.awaitStatus(admin, id, "completed", PATIENCE).result();

    assertEquals(strategy, result.getString("strategy"));
    assertEquals("stored", result.getString("data_source"));
    for (String key :
        new String[] {
          "total_return",
          "cagr",
          "annualised_volatility",
          "sharpe_ratio",
          "sortino_ratio",
          "max_drawdown",
          "win_rate",
          "trade_count",
          "exposure"
        }) {
      assertTrue(result.containsKey(key), key + " missing: " + result);
    }
    assertTrue(result.getJsonArray("equity_curve").size() <= 500);
    assertTrue(result.getInt("trade_count") > 0, result::toString);
  }

  @Test
  void an_import_may_exceed_the_one_mebibyte_limit_of_other_requests() {
    String symbol = symbol();
    StringBuilder csv = new StringBuilder("timestamp,open,high,low,close,volume\n");
    // 2020-01-01: 30,000 hourly bars end in 2023, well before tasklane.market-data.max-days-ahead.
    long hour = 1_577_836_800L;
    int bars = 30_000;
    for (int i = 0; i < bars; i++) {
      double close = 1_000 + 50 * Math.sin(i / 100.0) + i * 0.001;
      csv.append(hour + i * 3_600L)
          .append(',')
          .append(close - 0.25)
          .append(',')
          .append(close + 1)
          .append(',')
          .append(close - 1)
          .append(',')
          .append(close)
          .append(",12.5\n");
    }
    assertTrue(csv.length() > 1_048_576, "body of " + csv.length() + " bytes");

    MarketDataApi.ImportSummary imported =
        importCsv(admin, symbol, "1h", null, null, csv.toString());

    assertEquals(bars, imported.inserted());
    MarketDataApi.Series series = series(symbol);
    assertEquals("1h", series.timeframe());
    assertEquals(bars, series.barCount());
  }
}
