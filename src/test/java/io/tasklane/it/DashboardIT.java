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
      waitFor(() -> statusOf(id).equals("cancelled"));
      assertEquals("cancelled", admin.task(id).getString("status"));
    }
    admin.post("api/tasks/" + second + "/cancel", "");
    waitFor(() -> statusOf(second).equals("cancelled"));
    waitFor(() -> browser.findElements(By.cssSelector("#node-list .node.busy")).isEmpty());
  }

  @Test
  @Order(4)
  void clear_completed_hides_finished_tasks_from_the_page_and_they_can_be_shown_again() {
    assertFalse(browser.findElements(By.cssSelector("#finished-list li")).isEmpty());
    click("#clear-finished");
    waitFor(() -> browser.findElements(By.cssSelector("#finished-list li")).isEmpty());
    assertTrue(visible("show-cleared"));
    click("#show-cleared");
    waitFor(() -> !browser.findElements(By.cssSelector("#finished-list li")).isEmpty());
  }

  @Test
  @Order(5)
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
  @Order(6)
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
    return wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
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
