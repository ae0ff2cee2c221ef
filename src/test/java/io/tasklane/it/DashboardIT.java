package io.tasklane.it;

import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import jakarta.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Status Center in Debian's headless Chromium against a real server: live updates without a
 * reload, the admin's and a user's views, the forms, and recovery after a server restart. The page
 * is the same whatever the database, so this runs in the H2 pass only. Screenshots of both views go
 * to {@code target/screenshots/}.
 */
@EnabledIfSystemProperty(named = "it.database", matches = "h2")
// Ordered on purpose: one browser session walks one journey. The admin's tests come first on the
// page they signed in to (the finished list to clear is theirs), the user's test signs the admin
// out, and the restart comes last because it replaces the server every later test would use.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  static final String ADMIN_PASSWORD = "dashboard-admin-secret";
  static final Duration PATIENCE = Duration.ofMinutes(3);
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** About 20 million one-minute bars: holds the single local slot for a few seconds. */
  static final String BLOCKER =
      q(
          "{'task_type':'backtest','parameters':{'data':'synthetic','strategy':'rsi_mean_reversion','symbol':'SOL_USDT','start_date':'1990-01-01','end_date':'2027-12-31','timeframe':'1m'}}");

  /** Daily bars over nine years: done in moments, with trades in most months. */
  static final String DAILY_BACKTEST =
      q(
          "{'task_type':'backtest','parameters':{'data':'synthetic','strategy':'sma_crossover','symbol':'SPY','start_date':'2016-01-01','end_date':'2024-12-31','timeframe':'1d'}}");

  static final String CLOUD_BACKTEST =
      q("{'task_type':'qc_backtest','parameters':{'project_id':4242,'backtest_name':'held'}}");

  static TestDatabase db;
  static Map<String, String> environment;
  static PayaraProcess server;
  static ChromeDriver browser;
  static WebDriverWait wait;
  static Api admin;
  static String userName;

  @BeforeAll
  static void startServerAndBrowser() throws Exception {
    db = TestDatabase.create("dashboard");
    environment = new HashMap<>(db.environment());
    environment.put("TASKLANE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    environment.put("TASKLANE_SCHEDULER_LOCAL_CONCURRENCY", "1");
    // Cloud backtests that hold both sandbox nodes long enough to queue behind them.
    environment.put("TASKLANE_QUANTCONNECT_SANDBOX_BACKTEST_MS", "30000");
    environment.put("TASKLANE_QUANTCONNECT_SANDBOX_COMPILE_MS", "100");
    server = PayaraProcess.start("dashboard-first", environment);
    admin = Api.anonymous(server.baseUrl()).as("admin", ADMIN_PASSWORD);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // the tests run as root in CI
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking", // this machine's network is closed
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,900",
        "--user-data-dir=" + Files.createTempDirectory("dashboard-chromium"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("chromedriver", "/usr/bin/chromedriver")))
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  @Order(1)
  void an_admin_watches_a_backtest_go_from_queued_to_running_to_completed_without_a_reload()
      throws Exception {
    signIn("admin", ADMIN_PASSWORD);
    assertTrue(visible("resources-card"), "an admin sees the machine's figures");
    assertEquals("All tasks", text(By.id("counts-title")));
    waitFor(() -> browser.findElements(By.cssSelector("#resource-bars [role=meter]")).size() == 2);
    recordStatuses();

    // The single local slot is taken, so the form's backtest has to wait its turn.
    String blocker = admin.submit(BLOCKER);
    admin.awaitStatus(blocker, "running", PATIENCE);
    String backtest =
        submitForm(
            "backtest",
            Map.of(
                "bt-symbol", "SPY",
                "bt-start", "2016-01-01",
                "bt-end", "2024-12-31"),
            Map.of("bt-timeframe", "1m", "bt-data", "synthetic"));

    assertTrue(
        browser
            .findElement(By.id("submitted-link"))
            .getAttribute("href")
            .endsWith("#/tasks/" + backtest),
        "the message links the new task");
    WebElement row = waitFor(() -> statusOf(backtest).equals("completed") ? row(backtest) : null);
    assertEquals(
        List.of("queued", "running", "completed"),
        seenStatuses(backtest),
        "the page showed each step of the task, live");
    assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "never reloaded");
    String summary = row.getText();
    assertTrue(summary.contains("Return") && summary.contains("Sharpe"), summary);
    assertTrue(summary.contains("synthetic data"), "the row says which bars it ran on: " + summary);
    assertEquals(
        "completed", admin.task(backtest).getString("status"), "the page agrees with the API");
    assertTrue(
        seenStatuses(blocker).contains("running"), "the blocker was shown running before it ended");

    press(backtest, "Equity curve");
    waitFor(() -> !row(backtest).findElements(By.cssSelector("svg polyline")).isEmpty());
    screenshot("admin.png");
    assertEquals(List.of(), consoleErrors(), "no console errors");
  }

  @Test
  @Order(2)
  void the_forms_check_input_before_sending_and_show_the_apis_refusal_in_its_own_words() {
    int before = admin.get("api/tasks?size=1").json().getInt("total");

    // Caught in the page: nothing is sent.
    selectTab("backtest");
    fill(Map.of("bt-fast", "40", "bt-slow", "30"));
    click("#form-backtest button[type=submit]");
    assertEquals("Fast period must be less than the slow period.", text(By.id("submit-message")));
    assertEquals("true", browser.findElement(By.id("bt-fast")).getAttribute("aria-invalid"));
    fill(Map.of("bt-fast", "10"));

    selectTab("prediction");
    click("#form-prediction button[type=submit]");
    assertTrue(text(By.id("submit-message")).contains("Choose a trained model"));

    selectTab("qc_backtest");
    fill(Map.of("qc-project", "0"));
    click("#form-qc_backtest button[type=submit]");
    assertTrue(text(By.id("submit-message")).contains("Project id must be between 1"));
    assertEquals(before, admin.get("api/tasks?size=1").json().getInt("total"), "nothing sent");

    // Only the API knows this one: too many bars for the range. Its detail is shown as it is.
    selectTab("backtest");
    fill(Map.of("bt-start", "1960-01-01", "bt-end", "2024-12-31"));
    new Select(browser.findElement(By.id("bt-timeframe"))).selectByValue("1m");
    click("#form-backtest button[type=submit]");
    waitFor(() -> text(By.id("submit-message")).contains("bars; at most"));
    assertEquals("error", browser.findElement(By.id("submit-message")).getAttribute("data-kind"));
    assertEquals(before, admin.get("api/tasks?size=1").json().getInt("total"), "nothing stored");
    fill(Map.of("bt-start", "2024-01-01", "bt-end", "2024-06-30"));
    new Select(browser.findElement(By.id("bt-timeframe"))).selectByValue("1d");
  }

  @Test
  @Order(3)
  void cloud_backtests_fill_the_nodes_card_and_a_queued_one_can_be_reprioritised_and_cancelled() {
    String first = admin.submit(CLOUD_BACKTEST);
    String second = admin.submit(CLOUD_BACKTEST);
    admin.awaitStatus(first, "running", PATIENCE);
    admin.awaitStatus(second, "running", PATIENCE);
    String third = admin.submit(CLOUD_BACKTEST);
    String fourth =
        submitForm("qc_backtest", Map.of("qc-project", "4242", "qc-params", "fast=10"), Map.of());

    waitFor(() -> browser.findElements(By.cssSelector("#node-list .node.busy")).size() == 2);
    String nodes = text(By.id("node-list"));
    assertTrue(
        nodes.contains(first.substring(0, 8)) && nodes.contains(second.substring(0, 8)), nodes);
    waitFor(() -> text(row(fourth)).contains("#2 in queue"));
    assertTrue(text(row(third)).contains("#1 in queue"));

    waitFor(
        () -> {
          WebElement priority = row(fourth).findElement(By.cssSelector(".priority-input"));
          priority.clear();
          priority.sendKeys("10");
          return true;
        });
    press(fourth, "Set priority");
    waitFor(() -> text(row(fourth)).contains("#1 in queue"));
    waitFor(() -> text(row(third)).contains("#2 in queue"));
    assertEquals(10, admin.task(fourth).getInt("priority"));

    for (String id : List.of(fourth, third, first)) {
      press(id, "Cancel");
      if (id.equals(first)) {
        // Running: the page asks first, and says a cloud backtest is deleted.
        assertTrue(acceptConfirm().contains("deletes it on QuantConnect"));
      }
      waitFor(() -> statusOf(id).equals("cancelled"));
      assertEquals("cancelled", admin.task(id).getString("status"));
    }
    admin.post("api/tasks/" + second + "/cancel", "");
    waitFor(() -> statusOf(second).equals("cancelled"));
    waitFor(() -> browser.findElements(By.cssSelector("#node-list .node.busy")).isEmpty());
  }

  @Test
  @Order(4)
  void hide_completed_hides_only_completed_tasks_says_so_and_they_can_be_shown_again() {
    By completed = By.cssSelector("#finished-list li[data-status=completed]");
    By cancelled = By.cssSelector("#finished-list li[data-status=cancelled]");
    String done = admin.submit(DAILY_BACKTEST);
    waitFor(() -> statusOf(done).equals("completed"));
    click("#clear-finished");
    waitFor(() -> browser.findElements(completed).isEmpty());
    assertFalse(browser.findElements(cancelled).isEmpty(), "cancelled tasks stay in view");
    assertTrue(text(By.id("cleared-note")).contains("failed, timed-out and cancelled ones stay"));
    assertTrue(visible("show-cleared"));
    click("#show-cleared");
    waitFor(() -> !browser.findElements(completed).isEmpty());
  }

  @Test
  @Order(5)
  void on_a_phone_running_and_queued_come_before_the_form() {
    org.openqa.selenium.Dimension size = browser.manage().window().getSize();
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      waitFor(
          () ->
              browser.findElement(By.id("queued-title")).getLocation().getY()
                  < browser.findElement(By.id("submit-title")).getLocation().getY());
      assertTrue(
          browser.findElement(By.id("submit-title")).getLocation().getY()
              < browser.findElement(By.id("finished-title")).getLocation().getY(),
          "what finished comes after the form");
    } finally {
      browser.manage().window().setSize(size);
    }
  }

  @Test
  @Order(6)
  void a_task_page_shows_what_was_asked_every_figure_the_charts_and_runs_again_with_changes()
      throws Exception {
    String backtest = admin.submit(DAILY_BACKTEST);
    waitFor(() -> statusOf(backtest).equals("completed"));
    row(backtest).findElement(By.cssSelector("a.task-link")).click();
    waitFor(() -> visible("page-task") && !browser.findElements(By.id("task-metrics")).isEmpty());
    assertTrue(browser.getCurrentUrl().endsWith("#/tasks/" + backtest));
    String metrics = text(By.id("task-metrics"));
    for (String figure :
        List.of("cagr", "annualised volatility", "sharpe ratio", "win rate", "exposure")) {
      assertTrue(metrics.contains(figure), figure + " in " + metrics);
    }
    assertTrue(metrics.contains("benchmark.total return"), "buy and hold's figures too");
    assertTrue(text(By.id("task-parameters")).contains("SPY"));
    assertTrue(text(By.cssSelector(".data-line")).startsWith("Synthetic (generated) bars"));
    String timeline = text(By.id("task-timeline"));
    assertTrue(
        timeline.contains("Queued")
            && timeline.contains("Started")
            && timeline.contains("Completed"),
        timeline);
    // The equity (with buy and hold) and the drawdown, each a uPlot on a time axis.
    waitFor(() -> browser.findElements(By.cssSelector("#task-body .plot canvas")).size() == 2);
    assertTrue(text(By.cssSelector("#task-body .plot")).contains("Buy and hold"));
    assertFalse(browser.findElements(By.cssSelector("#monthly-returns tbody tr")).isEmpty());
    assertFalse(browser.findElements(By.cssSelector("#trade-list tbody tr")).isEmpty());
    click("#log-scale");
    waitFor(() -> browser.findElements(By.cssSelector("#task-body .plot canvas")).size() == 2);
    assertTrue(
        ((String) js("return document.getElementById('task-raw').textContent")).contains(backtest));
    screenshot("task.png");

    click("[data-action=run-again]");
    waitFor(() -> visible("page-home") && visible("form-backtest"));
    assertEquals("SPY", browser.findElement(By.id("bt-symbol")).getAttribute("value"));
    assertEquals("2016-01-01", browser.findElement(By.id("bt-start")).getAttribute("value"));
    assertEquals("1d", browser.findElement(By.id("bt-timeframe")).getAttribute("value"));
    assertEquals("synthetic", browser.findElement(By.id("bt-data")).getAttribute("value"));
    assertTrue(text(By.id("submit-message")).contains("parameters of task"));

    browser.navigate().back();
    waitFor(() -> visible("page-task") && !browser.findElements(By.id("task-metrics")).isEmpty());
    browser.navigate().back();
    waitFor(() -> visible("page-home"));
    assertEquals(List.of(), consoleErrors(), "no console errors");
  }

  @Test
  @Order(7)
  void history_filters_sorts_and_pages_on_the_server_and_cancels_in_bulk() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String strategy = i < 4 ? "momentum" : "sma_crossover";
      ids.add(
          admin.submit(
              q(
                  "{'task_type':'backtest','parameters':{'data':'synthetic','symbol':'HIST_X',"
                      + "'strategy':'"
                      + strategy
                      + "','start_date':'2023-01-01','end_date':'2023-12-31'}}")));
    }
    for (String id : ids) {
      admin.awaitStatus(id, "completed", PATIENCE);
    }
    // The server side on its own: filters, a whitelisted sort, a refusal naming the parameter.
    assertEquals(
        4, admin.get("api/tasks?symbol=hist_x&strategy=momentum&size=1").json().getInt("total"));
    Api.Reply badSort = admin.get("api/tasks?sort=parameters_json");
    assertEquals(400, badSort.status());
    assertTrue(badSort.json().getString("detail").startsWith("sort: must be one of"));
    JsonObject oldestFirst =
        admin.get("api/tasks?symbol=HIST_X&sort=queued_at&order=asc&size=1").json();
    assertEquals(
        ids.get(0), oldestFirst.getJsonArray("items").getJsonObject(0).getString("task_id"));

    click("[data-nav=history]");
    waitFor(() -> visible("page-history"));
    fill(Map.of("hf-symbol", "HIST_X"));
    new Select(browser.findElement(By.id("hf-size"))).selectByValue("10");
    click("#history-filters button[type=submit]");
    waitFor(() -> text(By.id("history-position")).equals("Page 1 of 2 · 12 tasks"));
    assertEquals(10, historyRows().size());
    click("[data-page=next]");
    waitFor(() -> text(By.id("history-position")).startsWith("Page 2 of 2"));
    assertEquals(2, historyRows().size());
    browser.navigate().back();
    waitFor(() -> text(By.id("history-position")).startsWith("Page 1 of 2"));
    // Newest first by default; oldest first after a click on the column.
    click("[data-sort=queued_at]");
    waitFor(() -> ids.get(0).equals(historyRows().get(0).getAttribute("data-task-id")));
    new Select(browser.findElement(By.id("hf-strategy"))).selectByValue("momentum");
    click("#history-filters button[type=submit]");
    waitFor(() -> text(By.id("history-position")).equals("Page 1 of 1 · 4 tasks"));
    screenshot("history.png");

    // Two cloud backtests hold both nodes, two more wait: all four are cancelled at once.
    List<String> cloud = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cloud.add(admin.submit(CLOUD_BACKTEST));
    }
    admin.awaitStatus(cloud.get(1), "running", PATIENCE);
    browser.get(server.baseUrl() + "#/history?task_type=qc_backtest&size=50");
    waitFor(() -> historyRows().size() >= 4);
    for (String id : cloud) {
      waitFor(
          () -> {
            browser
                .findElement(By.cssSelector("tr[data-task-id='" + id + "'] input[type=checkbox]"))
                .click();
            return true;
          });
    }
    waitFor(() -> browser.findElement(By.id("bulk-cancel")).isEnabled());
    click("#bulk-cancel");
    assertTrue(acceptConfirm().startsWith("Cancel 4 tasks?"));
    waitFor(() -> text(By.id("history-message")).equals("4 cancelled."));
    for (String id : cloud) {
      assertEquals("cancelled", admin.task(id).getString("status"));
    }
  }

  @Test
  @Order(8)
  void two_backtests_compare_with_curves_overlaid_and_metrics_side_by_side() throws Exception {
    browser.get(server.baseUrl() + "#/history?symbol=HIST_X&status=completed&size=10");
    waitFor(() -> historyRows().size() == 10);
    List<String> chosen = new java.util.ArrayList<>();
    for (WebElement row : historyRows().subList(0, 2)) {
      chosen.add(row.getAttribute("data-task-id"));
      row.findElement(By.cssSelector("input[type=checkbox]")).click();
    }
    click("#bulk-compare");
    waitFor(
        () -> visible("page-compare") && !browser.findElements(By.id("compare-table")).isEmpty());
    assertTrue(browser.getCurrentUrl().contains("#/compare?ids="));
    waitFor(() -> browser.findElements(By.cssSelector("#compare-body .plot canvas")).size() == 1);
    String table = text(By.id("compare-table"));
    for (String id : chosen) {
      assertTrue(table.contains(id.substring(0, 8)), table);
    }
    assertEquals(
        3,
        browser
            .findElements(By.cssSelector("#compare-table tr[data-metric=total_return] > *"))
            .size(),
        "a label and one figure per backtest");
    screenshot("compare.png");
  }

  @Test
  @Order(9)
  void an_upload_with_a_bad_line_names_the_line_and_a_good_one_lists_a_series_an_admin_deletes()
      throws Exception {
    click("[data-nav=data]");
    waitFor(() -> visible("page-data") && visible("upload-card"));
    String header = "timestamp,open,high,low,close,volume\n";
    String good =
        header
            + "2024-01-01,10,11,9,10.5,100\n2024-01-02,10.5,12,10,11,100\n"
            + "2024-01-03,11,12,10,11.5,100\n2024-01-04,11.5,12,11,11.8,100\n";
    String bad = good.replace("2024-01-03,11,12,10,11.5", "2024-01-03,11,12,10,oops");
    fill(Map.of("up-symbol", "UPL_TEST"));
    drop(bad, "bad.csv");
    waitFor(() -> browser.findElements(By.cssSelector("#upload-preview tbody tr")).size() == 4);
    click("#upload-button");
    waitFor(
        () ->
            "error".equals(browser.findElement(By.id("upload-message")).getAttribute("data-kind")));
    assertTrue(
        text(By.id("upload-message")).startsWith("Line 4 of bad.csv:"),
        text(By.id("upload-message")));
    assertEquals("oops", text(By.cssSelector("#upload-preview tr.bad-line td:nth-child(6)")));
    screenshot("data.png");

    drop(good, "good.csv");
    click("#upload-button");
    waitFor(
        () -> "ok".equals(browser.findElement(By.id("upload-message")).getAttribute("data-kind")));
    By series = By.cssSelector("#series-table tr[data-series='UPL_TEST/1d']");
    waitFor(() -> text(browser.findElement(series)).contains("2024-01-04"));
    browser
        .findElement(series)
        .findElement(By.xpath(".//button[normalize-space()='Delete']"))
        .click();
    assertTrue(acceptConfirm().startsWith("Delete every 1d bar of UPL_TEST (4 bars)?"));
    waitFor(() -> browser.findElements(series).isEmpty());
    assertEquals(404, admin.get("api/market-data/UPL_TEST").status());
  }

  @Test
  @Order(10)
  void an_admin_creates_resets_and_disables_a_user_and_sees_the_machines_last_hour()
      throws Exception {
    click("[data-nav=admin]");
    waitFor(() -> visible("page-admin"));
    waitFor(() -> browser.findElements(By.cssSelector("#resource-history canvas")).size() == 1);
    waitFor(() -> browser.findElements(By.cssSelector("#node-history canvas")).size() == 1);
    assertFalse(
        admin.get("api/system/resources/history").json().getJsonArray("points").isEmpty(),
        "the server kept readings");

    String name = "managed-" + System.nanoTime() % 100000;
    fill(Map.of("nu-name", name, "nu-password", "first-password-1"));
    click("#user-form button[type=submit]");
    By row = By.cssSelector("#user-table tr[data-user='" + name + "']");
    waitFor(() -> "true".equals(browser.findElement(row).getAttribute("data-enabled")));
    Api managed = Api.anonymous(server.baseUrl()).as(name, "first-password-1");
    assertEquals(403, managed.get("api/system/resources/history").status(), "admins only");

    WebElement password =
        browser.findElement(row).findElement(By.cssSelector("input[type=password]"));
    password.sendKeys("second-password-2");
    browser
        .findElement(row)
        .findElement(By.xpath(".//button[normalize-space()='Reset password']"))
        .click();
    waitFor(() -> text(By.id("users-message")).startsWith("New password set for " + name));
    Api.anonymous(server.baseUrl()).as(name, "second-password-2");
    screenshot("admin-page.png");

    browser
        .findElement(row)
        .findElement(By.xpath(".//button[normalize-space()='Disable']"))
        .click();
    assertTrue(acceptConfirm().startsWith("Disable " + name + "?"));
    waitFor(() -> "false".equals(browser.findElement(row).getAttribute("data-enabled")));
    assertFalse(
        Api.anonymous(server.baseUrl())
                .post("api/auth/token", Api.json("username", name, "password", "second-password-2"))
                .status()
            == 200,
        "a disabled user cannot sign in");
    click("[data-nav=home]");
    waitFor(() -> visible("page-home"));
    assertEquals(List.of(), consoleErrors(), "no console errors");
  }

  @Test
  @Order(11)
  void a_sweep_started_in_the_editor_fills_its_leaderboard_and_heatmap_whose_cell_opens_a_backtest()
      throws Exception {
    click("[data-nav=sweeps]");
    waitFor(() -> visible("page-sweeps") && visible("sw-fast_period-values"));
    new Select(browser.findElement(By.id("sw-data"))).selectByValue("synthetic");
    fill(
        Map.of(
            "sw-symbols", "SWEEP_X",
            "sw-start", "2023-01-01",
            "sw-end", "2023-12-31",
            "sw-fast_period-values", "5, 10, 15",
            "sw-slow_period-from", "30",
            "sw-slow_period-to", "50",
            "sw-slow_period-step", "10"));
    waitFor(() -> text(By.id("sw-estimate")).startsWith("9 combinations"));
    click("#sweep-form button[type=submit]");
    waitFor(
        () ->
            "ok"
                .equals(
                    browser.findElement(By.id("sweep-form-message")).getAttribute("data-kind")));
    String id = (String) js("return window.__lastSweep");
    click("#sweep-link");
    waitFor(
        () ->
            visible("page-sweep")
                && "completed"
                    .equals(browser.findElement(By.id("sweep-head")).getAttribute("data-status")));
    assertTrue(browser.getCurrentUrl().endsWith("#/sweeps/" + id));
    waitFor(() -> browser.findElements(By.cssSelector("#leaderboard tbody tr")).size() == 9);
    List<WebElement> cells =
        browser.findElements(By.cssSelector("#heatmap g.cell[data-combination]"));
    assertEquals(9, cells.size(), "a 3 × 3 heatmap, every cell run");
    assertEquals(
        List.of("5", "10", "15"),
        browser.findElements(By.cssSelector("#heatmap g.cell[data-y='30']")).stream()
            .map(e -> e.getAttribute("data-x"))
            .toList(),
        "fast periods across");

    // Sorted by the server: total return, best first.
    click("#leaderboard button[data-sort=total_return]");
    waitFor(() -> text(By.id("leaderboard-position")).contains("Total return desc"));
    JsonObject best =
        admin
            .get("api/sweeps/" + id + "/results?sort=total_return&size=1")
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertEquals(
        String.valueOf(best.getInt("combination")),
        browser
            .findElement(By.cssSelector("#leaderboard tbody tr"))
            .getAttribute("data-combination"));

    WebElement cell =
        browser.findElement(By.cssSelector("#heatmap g.cell[data-x='10'][data-y='40']"));
    String combination = cell.getAttribute("data-combination");
    cell.click();
    waitFor(
        () ->
            combination.equals(
                browser.findElement(By.id("combination")).getAttribute("data-combination")));
    assertTrue(text(By.cssSelector("#combination h3")).contains("fast_period=10"));
    screenshot("sweep.png");

    click("#combination-run");
    waitFor(() -> visible("page-home") && visible("form-backtest"));
    assertEquals("10", browser.findElement(By.id("bt-fast")).getAttribute("value"));
    assertEquals("40", browser.findElement(By.id("bt-slow")).getAttribute("value"));
    assertEquals("SWEEP_X", browser.findElement(By.id("bt-symbol")).getAttribute("value"));
    assertEquals("2023-12-31", browser.findElement(By.id("bt-end")).getAttribute("value"));
    assertTrue(text(By.id("submit-message")).contains("combination " + combination + " of sweep"));
    assertEquals(List.of(), consoleErrors(), "no console errors");
  }

  @Test
  @Order(12)
  void a_pipelines_graph_shows_its_steps_arrows_and_final_states_and_links_the_task_steps()
      throws Exception {
    click("[data-nav=pipelines]");
    waitFor(() -> visible("page-pipelines"));
    Api.Reply accepted =
        admin.post(
            "api/pipelines",
            q(
                "{'name':'dash-gate','steps':[{'id':'train','task_type':'model_training','parameters':"
                    + "{'symbol':'PIPE_D','data':'synthetic','start_date':'2018-01-01','end_date':'2021-12-31','params':{'rounds':5}}},"
                    + "{'id':'gate','gate':{'step':'train','metric':'metrics.test.accuracy','op':'>=','value':2}},"
                    + "{'id':'predict','task_type':'prediction','depends_on':['gate'],'parameters':"
                    + "{'symbol':'PIPE_D','data':'synthetic','start_date':'2022-01-01','end_date':'2022-03-31','model_id':'${train.model_id}'}}]}"));
    assertEquals(202, accepted.status(), accepted::body);
    String id = accepted.json().getString("pipeline_id");
    browser.get(server.baseUrl() + "#/pipelines/" + id);
    waitFor(
        () ->
            visible("page-pipeline")
                && "stopped_at_gate"
                    .equals(
                        browser.findElement(By.id("pipeline-head")).getAttribute("data-status")));
    Map<String, String> states =
        browser.findElements(By.cssSelector("#pipeline-graph g.step")).stream()
            .collect(
                Collectors.toMap(
                    e -> e.getAttribute("data-step"), e -> e.getAttribute("data-status")));
    assertEquals(Map.of("train", "completed", "gate", "stopped", "predict", "skipped"), states);
    assertEquals(2, browser.findElements(By.cssSelector("#pipeline-graph path.edge")).size());
    assertTrue(
        text(By.cssSelector("#step-table tr[data-step=gate]")).contains("is not >= 2"),
        "the gate's comparison");
    String trainTask =
        admin.get("api/pipelines/" + id).json().getJsonArray("steps").stream()
            .map(v -> v.asJsonObject())
            .filter(s -> s.getString("id").equals("train"))
            .findFirst()
            .orElseThrow()
            .getString("task_id");
    WebElement link =
        browser.findElement(By.cssSelector("#pipeline-graph g.step[data-step=train] a"));
    // An SVG link's href property is an SVGAnimatedString: the attribute is what to compare.
    assertEquals("#/tasks/" + trainTask, link.getDomAttribute("href"));
    screenshot("pipeline.png");
    link.click();
    waitFor(() -> visible("page-task") && browser.getCurrentUrl().endsWith("#/tasks/" + trainTask));
    click("[data-nav=pipelines]");
    waitFor(
        () ->
            !browser
                .findElements(By.cssSelector("#pipeline-table tr[data-pipeline-id='" + id + "']"))
                .isEmpty());
    click("[data-nav=home]");
    waitFor(() -> visible("page-home"));
    assertEquals(List.of(), consoleErrors(), "no console errors");
  }

  @Test
  @Order(13)
  void a_user_sees_their_own_tasks_only_and_no_resource_figures() throws Exception {
    userName = "dash-user-" + System.nanoTime() % 100000;
    Api.Reply created =
        admin.post(
            "api/admin/users",
            q("{'username':'" + userName + "','password':'user-secret-pass','roles':['user']}"));
    assertEquals(201, created.status(), created::body);
    String adminsTask =
        admin.submit(
            q(
                "{'task_type':'backtest','parameters':{'symbol':'SPY',"
                    + "'start_date':'2024-01-01','end_date':'2024-03-31'}}"));

    click("#sign-out");
    signIn(userName, "user-secret-pass");
    assertFalse(visible("resources-card"), "no resource figures for a user");
    assertEquals("My tasks", text(By.id("counts-title")));
    String own =
        submitForm("backtest", Map.of("bt-symbol", "ETH_USDT", "bt-start", "2023-01-01"), Map.of());
    waitFor(() -> statusOf(own).equals("completed"));

    assertTrue(browser.findElements(taskSelector(adminsTask)).isEmpty(), "admin's task hidden");
    List<String> shown =
        browser.findElements(By.cssSelector("li[data-task-id]")).stream()
            .map(e -> e.getAttribute("data-task-id"))
            .toList();
    assertEquals(List.of(own), shown, "only the user's own task");
    waitFor(() -> text(By.cssSelector("[data-count=completed]")).equals("1"));
    assertTrue(browser.findElements(By.cssSelector("#resource-bars [role=meter]")).isEmpty());
    screenshot("user.png");
    assertEquals(List.of(), consoleErrors(), "no console errors");
  }

  @Test
  @Order(14)
  void the_page_recovers_by_itself_after_the_server_restarts() throws Exception {
    js("window.__sameDocument = true");
    int port = server.port();
    server.close();
    waitFor(() -> !"live".equals(liveState()));

    server = PayaraProcess.start("dashboard-restarted", environment, port);
    waitFor(() -> "live".equals(liveState()));

    Api user = Api.anonymous(server.baseUrl()).as(userName, "user-secret-pass");
    String afterRestart =
        user.submit(
            q(
                "{'task_type':'backtest','parameters':{'symbol':'BTC_USDT','start_date':'2024-02-01','end_date':'2024-06-30'}}"));
    waitFor(() -> statusOf(afterRestart).equals("completed"));
    assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "never reloaded");
    JsonObject task = user.task(afterRestart);
    assertEquals("completed", task.getString("status"));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Accepts the page's confirm() dialog and returns its question. */
  static String acceptConfirm() {
    org.openqa.selenium.Alert alert =
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    String question = alert.getText();
    alert.accept();
    return question;
  }

  static List<WebElement> historyRows() {
    return browser.findElements(By.cssSelector("#history-table tbody tr"));
  }

  /** Drops a file on the upload's drop zone, as a user dragging it from their desktop would. */
  static void drop(String content, String name) {
    js(
        "const data = new DataTransfer();"
            + " data.items.add(new File([arguments[0]], arguments[1], {type: 'text/csv'}));"
            + " document.getElementById('drop-zone').dispatchEvent("
            + "   new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));",
        content,
        name);
  }

  static void signIn(String username, String password) {
    if (!browser.getCurrentUrl().startsWith(server.baseUrl())) {
      browser.get(server.baseUrl());
    }
    waitFor(() -> visible("signin-view"));
    fill(Map.of("username", username, "password", password));
    click("#signin-form button[type=submit]");
    waitFor(() -> "live".equals(liveState()));
  }

  /** Fills the form of {@code type}, submits it, and returns the new task's id. */
  static String submitForm(String type, Map<String, String> fields, Map<String, String> selects) {
    selectTab(type);
    fill(fields);
    selects.forEach((id, value) -> new Select(browser.findElement(By.id(id))).selectByValue(value));
    click("#form-" + type + " button[type=submit]");
    waitFor(
        () -> "ok".equals(browser.findElement(By.id("submit-message")).getAttribute("data-kind")));
    assertTrue(text(By.id("submit-message")).startsWith("Task queued"));
    return (String) js("return window.__lastSubmitted");
  }

  static void selectTab(String type) {
    click("#tab-" + type);
    waitFor(() -> visible("form-" + type));
  }

  static void fill(Map<String, String> fields) {
    fields.forEach(
        (id, value) -> {
          WebElement input = browser.findElement(By.id(id));
          if ("date".equals(input.getAttribute("type"))) {
            // Typing into a date input depends on the locale; set it as a user's picker would.
            js(
                "arguments[0].value = arguments[1];"
                    + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                input,
                value);
          } else {
            input.clear();
            input.sendKeys(value);
          }
        });
  }

  /** Notes every status each task's item shows, as the page changes (a MutationObserver). */
  static void recordStatuses() {
    js(
        "window.__sameDocument = true; window.__statuses = {};"
            + "const record = () => document.querySelectorAll('li[data-task-id]').forEach(li => {"
            + "  const seen = (window.__statuses[li.dataset.taskId] ||= []);"
            + "  if (seen[seen.length - 1] !== li.dataset.status) seen.push(li.dataset.status); });"
            + "record();"
            + "new MutationObserver(record).observe(document.getElementById('app-view'),"
            + "  {subtree: true, childList: true, attributes: true, attributeFilter: ['data-status']});");
  }

  @SuppressWarnings("unchecked")
  static List<String> seenStatuses(String id) {
    Object seen = js("return (window.__statuses || {})[arguments[0]] || []", id);
    return (List<String>) seen;
  }

  /** Clicks a button of a task's item (again, if a live update replaced the item meanwhile). */
  static void press(String id, String button) {
    waitFor(
        () -> {
          row(id).findElement(By.xpath(".//button[normalize-space()='" + button + "']")).click();
          return true;
        });
  }

  static String statusOf(String id) {
    List<WebElement> found = browser.findElements(taskSelector(id));
    return found.isEmpty() ? "" : found.get(0).getAttribute("data-status");
  }

  static WebElement row(String id) {
    return browser.findElement(taskSelector(id));
  }

  static By taskSelector(String id) {
    return By.cssSelector("li[data-task-id='" + id + "']");
  }

  static String liveState() {
    return browser.findElement(By.id("live-status")).getAttribute("data-state");
  }

  static boolean visible(String id) {
    return browser.findElement(By.id(id)).isDisplayed();
  }

  static String text(By by) {
    return browser.findElement(by).getText();
  }

  static String text(WebElement element) {
    return element.getText();
  }

  static void click(String css) {
    browser.findElement(By.cssSelector(css)).click();
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  static <T> T waitFor(java.util.function.Supplier<T> condition) {
    // A live update may re-render a row between finding an element and using it: try again.
    return wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.ElementNotInteractableException.class)
        .until(
            driver -> {
              T value = condition.get();
              return value instanceof Boolean b && !b ? null : value;
            });
  }

  static List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        // Refusals the tests provoke on purpose (the 400 of the forms test) are logged by Chrome
        // as failed resource loads; anything else is a fault of the page.
        .filter(e -> !e.getMessage().contains("status of 400"))
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  /** The whole page: the window is made as tall as the document for the shot. */
  static void screenshot(String name) throws Exception {
    org.openqa.selenium.Dimension size = browser.manage().window().getSize();
    long height = (Long) js("window.scrollTo(0, 0); return document.documentElement.scrollHeight");
    browser
        .manage()
        .window()
        .setSize(new org.openqa.selenium.Dimension(size.width, (int) height + 120));
    try {
      Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.manage().window().setSize(size);
    }
  }
}
