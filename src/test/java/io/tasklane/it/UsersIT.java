package io.tasklane.it;

import static io.tasklane.it.TaskApiIT.assertProblem;
import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.client.TasklaneClient;
import io.tasklane.client.UsersApi;
import io.tasklane.support.Api;
import io.tasklane.support.Clients;
import io.tasklane.support.Deployments;
import io.tasklane.support.RawHttp;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built-in identity store and token issuer, on a real Payara Micro: accounts, revocation of
 * their tokens, password changes, and the throttling of sign-ins (from other loopback addresses
 * than the rest of the tests, whose sign-ins must not be slowed). Accounts are created, listed,
 * disabled and signed in to through Tasklane's Java client; raw HTTP for the tokens' form, exact
 * problems, headers and what the wire must not carry.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UsersIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.tasklane();
  }

  @ArquillianResource URL deployed;

  Clients clients;

  /** The admin through Tasklane's Java client. */
  TasklaneClient users;

  Api anonymous;
  Api admin;

  @BeforeEach
  void signIn() {
    clients = new Clients(Deployments.loopback(deployed), Deployments.ADMIN_PASSWORD);
    users = clients.admin();
    anonymous = Api.anonymous(Deployments.loopback(deployed));
    admin = anonymous.as("admin", Deployments.ADMIN_PASSWORD);
  }

  @AfterEach
  void signOut() throws Exception {
    clients.close();
  }

  /** Signs in through the Java client (failing if refused) and lists the caller's tasks. */
  long signsInAndLists(String name, String password) {
    return clients
        .signIn(name, password)
        .tasks()
        .list(null, null, null, null, null, null, null, null, null, 0, 50)
        .total();
  }

  @Test
  void the_token_is_an_rs256_jwt_carrying_the_users_roles() {
    Api.Reply reply =
        anonymous.post(
            "api/auth/token",
            q("{'username':'admin','password':'" + Deployments.ADMIN_PASSWORD + "'}"));
    assertEquals(200, reply.status(), reply::body);
    JsonObject token = reply.json();
    assertEquals("Bearer", token.getString("token_type"));
    assertEquals(3600, token.getInt("expires_in"));
    assertTrue(token.getJsonArray("roles").contains(jakarta.json.Json.createValue("admin")));
    String[] parts = token.getString("access_token").split("\\.");
    assertEquals(3, parts.length);
    String header = new String(Base64.getUrlDecoder().decode(parts[0]));
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]));
    assertTrue(header.contains("\"RS256\""), header);
    assertTrue(
        claims.contains("\"upn\":\"admin\"") && claims.contains("\"iss\":\"tasklane\""), claims);
  }

  @Test
  void an_admin_creates_lists_and_disables_users() {
    String name = Deployments.unique("carol");
    Api.Reply created =
        admin.post(
            "api/admin/users",
            q("{'username':'" + name + "','password':'carol-password','roles':['user']}"));
    assertEquals(201, created.status(), created::body);
    assertTrue(created.location().endsWith("/api/admin/users/" + name));
    assertFalse(created.body().contains("password"), "the hash never leaves the server");

    assertEquals(0, signsInAndLists(name, "carol-password"));
    assertTrue(
        users.users().list().stream().anyMatch(u -> u.username().equals(name) && u.enabled()));

    UsersApi.User disabled = users.users().disable(name);
    assertFalse(disabled.enabled());
    assertProblem(
        401,
        anonymous.post(
            "api/auth/token", q("{'username':'" + name + "','password':'carol-password'}")),
        "disabled");
  }

  @Test
  void user_management_refuses_bad_input_with_400_or_409() {
    assertProblem(
        400,
        admin.post(
            "api/admin/users", q("{'username':'x','password':'long-enough','roles':['user']}")),
        "username");
    assertProblem(
        400,
        admin.post(
            "api/admin/users", q("{'username':'dave-ok','password':'short','roles':['user']}")),
        "password");
    assertProblem(
        400,
        admin.post(
            "api/admin/users",
            q("{'username':'dave-ok','password':'long-enough','roles':['root']}")),
        "roles");
    assertProblem(
        400,
        admin.post(
            "api/admin/users", q("{'username':'dave-ok','password':'long-enough','roles':[]}")),
        "roles");
    assertProblem(
        409,
        admin.post(
            "api/admin/users", q("{'username':'admin','password':'long-enough','roles':['user']}")),
        "already exists");
    assertProblem(409, admin.delete("api/admin/users/admin"), "your own account");
    assertProblem(404, admin.delete("api/admin/users/no-such-user"), "No user");
    assertProblem(
        400, anonymous.post("api/auth/token", q("{'username':'admin'}")), "password: is required");
  }

  @Test
  void a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    Api.Reply wrong =
        anonymous.post("api/auth/token", q("{'username':'admin','password':'not-the-password'}"));
    Api.Reply unknown =
        anonymous.post(
            "api/auth/token", q("{'username':'nobody-at-all','password':'not-the-password'}"));
    assertEquals(401, wrong.status());
    assertEquals(wrong.body(), unknown.body());
  }

  // --- revocation

  /**
   * A new account of {@code roles}, created through the Java client, and a raw client signed in as
   * it (whose token the tests then see refused).
   */
  Api newAccount(String prefix, String password, Set<String> roles) {
    String name = Deployments.unique(prefix);
    users.users().create(new UsersApi.NewUser(name, password, roles));
    return anonymous.as(name, password);
  }

  static String nameOf(Api who) {
    String claims = new String(Base64.getUrlDecoder().decode(who.token().split("\\.")[1]));
    return jakarta.json.Json.createReader(new java.io.StringReader(claims))
        .readObject()
        .getString("upn");
  }

  boolean accountExists(String name) {
    return users.users().list().stream().anyMatch(u -> u.username().equals(name));
  }

  @Test
  void a_disabled_admins_token_is_refused_at_once_and_creates_nothing() {
    Api second = newAccount("second-admin", "second-password", Set.of("admin", "user"));
    assertEquals(200, second.get("api/admin/users").status());

    assertFalse(users.users().disable(nameOf(second)).enabled());

    String intruder = Deployments.unique("intruder");
    assertProblem(
        401,
        second.post(
            "api/admin/users",
            q("{'username':'" + intruder + "','password':'intruder-pw','roles':['admin']}")),
        "Sign in again");
    assertProblem(401, second.get("api/tasks"), "no longer counts");
    assertFalse(accountExists(intruder), "the disabled admin created nothing");
  }

  @Test
  void changing_ones_own_password_ends_every_other_token_and_answers_a_fresh_one() {
    Api laptop = newAccount("erin", "erin-old-password", Set.of("user"));
    String name = nameOf(laptop);
    Api phone = anonymous.as(name, "erin-old-password");

    Api.Reply changed =
        laptop.post(
            "api/auth/password",
            q("{'current_password':'erin-old-password','new_password':'erin-new-password'}"));
    assertEquals(200, changed.status(), changed::body);
    Api fresh = anonymous.withToken(changed.json().getString("access_token"));
    assertEquals("Bearer", changed.json().getString("token_type"));

    assertEquals(200, fresh.get("api/tasks").status(), "the answer's token carries on");
    assertProblem(401, laptop.get("api/tasks"), "Sign in again");
    assertProblem(401, phone.get("api/tasks"), "Sign in again");
    assertEquals(
        401,
        anonymous
            .post("api/auth/token", Api.json("username", name, "password", "erin-old-password"))
            .status());
    assertEquals(0, signsInAndLists(name, "erin-new-password"));
  }

  @Test
  void a_password_change_with_bad_input_is_refused_and_changes_nothing() {
    Api frank = newAccount("frank", "frank-password", Set.of("user"));
    assertProblem(
        403,
        frank.post(
            "api/auth/password",
            q("{'current_password':'not-franks-password','new_password':'frank-new-password'}")),
        "current_password");
    assertProblem(
        400,
        frank.post(
            "api/auth/password", q("{'current_password':'frank-password','new_password':'short'}")),
        "new_password");
    assertProblem(
        400,
        frank.post(
            "api/auth/password",
            q("{'current_password':'frank-password','new_password':'frank-password'}")),
        "must differ");
    assertProblem(
        400,
        frank.post("api/auth/password", q("{'new_password':'frank-new-password'}")),
        "current_password");
    assertEquals(400, frank.post("api/auth/password", "not json").status());
    assertProblem(
        401,
        anonymous.post(
            "api/auth/password",
            q("{'current_password':'frank-password','new_password':'frank-new-password'}")),
        "token");

    assertEquals(200, frank.get("api/tasks").status(), "the token still counts");
    assertEquals(0, signsInAndLists(nameOf(frank), "frank-password"));
  }

  @Test
  void an_admin_resets_a_password_or_signs_a_user_out_everywhere_and_old_tokens_stop_counting() {
    Api gina = newAccount("gina", "gina-password", Set.of("user"));
    String name = nameOf(gina);

    assertTrue(users.users().signOut(name).enabled());
    assertProblem(401, gina.get("api/tasks"), "Sign in again");
    Api again = anonymous.as(name, "gina-password");
    assertEquals(200, again.get("api/tasks").status(), "the password stayed");

    Api.Reply reset =
        admin.put("api/admin/users/" + name + "/password", q("{'password':'gina-reset-pw'}"));
    assertEquals(200, reset.status(), reset::body);
    assertFalse(reset.body().contains("gina-reset-pw"));
    assertProblem(401, again.get("api/tasks"), "Sign in again");
    assertEquals(
        401,
        anonymous
            .post("api/auth/token", Api.json("username", name, "password", "gina-password"))
            .status());
    assertEquals(0, signsInAndLists(name, "gina-reset-pw"));
  }

  @Test
  void admin_password_reset_and_sign_out_refuse_bad_input_and_change_nothing() {
    Api hank = newAccount("hank", "hank-password", Set.of("user"));
    String name = nameOf(hank);
    assertProblem(
        400, admin.put("api/admin/users/" + name + "/password", q("{'password':'short'}")), "8");
    assertProblem(
        400, admin.put("api/admin/users/" + name + "/password", q("{}")), "password: is required");
    assertEquals(400, admin.put("api/admin/users/" + name + "/password", "[1").status());
    assertProblem(
        404,
        admin.put("api/admin/users/no-such-user/password", q("{'password':'long-enough'}")),
        "No user");
    assertProblem(
        409,
        admin.put("api/admin/users/admin/password", q("{'password':'long-enough'}")),
        "POST /api/auth/password");
    assertProblem(404, admin.post("api/admin/users/no-such-user/sign-out", ""), "No user");
    assertEquals(
        403,
        hank.put("api/admin/users/" + name + "/password", q("{'password':'long-enough'}"))
            .status());
    assertEquals(403, hank.post("api/admin/users/admin/sign-out", "").status());

    assertEquals(200, hank.get("api/tasks").status(), "nothing changed: the token counts");
    assertEquals(0, signsInAndLists(name, "hank-password"));
  }

  // --- throttling (from 127.0.0.2 and up: the other tests sign in from 127.0.0.1)

  RawHttp.Answer signInFrom(String address, String username, String password) {
    return RawHttp.postJson(
        anonymous.base(),
        "api/auth/token",
        Api.json("username", username, "password", password),
        address);
  }

  /** Nine wrong passwords in a row for {@code username} from {@code address}. */
  List<RawHttp.Answer> nineFailures(String address, String username) {
    List<RawHttp.Answer> answers = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      answers.add(signInFrom(address, username, "wrong-password-" + i));
    }
    return answers;
  }

  @Test
  void failed_sign_ins_of_a_name_are_delayed_more_and_more_then_refused_with_429_known_or_not() {
    Api ida = newAccount("ida", "ida-password", Set.of("user"));
    String known = nameOf(ida);
    String unknown = Deployments.unique("nobody");
    CompletableFuture<List<RawHttp.Answer>> unknowns =
        CompletableFuture.supplyAsync(() -> nineFailures("127.0.0.3", unknown));
    List<RawHttp.Answer> knowns = nineFailures("127.0.0.2", known);
    List<RawHttp.Answer> strangers = unknowns.join();

    for (List<RawHttp.Answer> answers : List.of(knowns, strangers)) {
      for (int i = 0; i < 8; i++) {
        assertEquals(401, answers.get(i).status(), answers.get(i)::body);
      }
      // After five free failures, the answers come 1 s, 2 s, then 4 s late.
      assertTrue(answers.get(5).took().toMillis() >= 900, () -> "held: " + answers.get(5).took());
      assertTrue(answers.get(6).took().toMillis() >= 1900, () -> "held: " + answers.get(6).took());
      assertTrue(answers.get(7).took().toMillis() >= 3900, () -> "held: " + answers.get(7).took());
      RawHttp.Answer refused = answers.get(8);
      assertEquals(429, refused.status(), refused::body);
      assertEquals("application/problem+json", refused.header("Content-Type"));
      assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 7, refused::toString);
    }
    for (int i = 0; i < 9; i++) {
      assertEquals(knowns.get(i).body(), strangers.get(i).body(), "the same answers");
    }
    // Unknown names cost a hash too: their free failures are not answered faster.
    assertTrue(
        median(strangers.subList(0, 5)) * 3 >= median(knowns.subList(0, 5)),
        () -> "unknown " + median(strangers.subList(0, 5)) + " ms, known " + median(knowns));

    // The name stays throttled from any address, the right password included.
    assertEquals(429, signInFrom("127.0.0.5", known, "ida-password").status());
    assertEquals(200, ida.get("api/tasks").status(), "tokens already issued are not affected");
  }

  static long median(List<RawHttp.Answer> answers) {
    List<Long> millis = answers.stream().map(a -> a.took().toMillis()).sorted().toList();
    return millis.get(millis.size() / 2);
  }

  @Test
  void an_address_guessing_many_names_is_delayed_then_refused_with_429() {
    String address = "127.0.0.4";
    for (int i = 0; i < 20; i++) {
      RawHttp.Answer answer = signInFrom(address, Deployments.unique("guess"), "password-" + i);
      assertEquals(401, answer.status(), answer::body);
    }
    RawHttp.Answer held = signInFrom(address, Deployments.unique("guess"), "password");
    assertEquals(401, held.status());
    assertTrue(held.took().toMillis() >= 900, () -> "held: " + held.took());
    signInFrom(address, Deployments.unique("guess"), "password");
    signInFrom(address, Deployments.unique("guess"), "password");
    RawHttp.Answer refused = signInFrom(address, "admin", Deployments.ADMIN_PASSWORD);
    assertEquals(429, refused.status(), "even the right password waits its turn");
    assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);

    assertEquals(200, admin.get("api/tasks").status(), "other addresses are not affected");
    signsInAndLists("admin", Deployments.ADMIN_PASSWORD);
  }

  // ---- hardening: WADL and OPTIONS, browser headers, the data directory ----

  static final HttpClient HTTP = HttpClient.newHttpClient();

  HttpResponse<String> raw(String method, String path, String token) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(anonymous.base() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  Api plainUser() {
    String name = Deployments.unique("dave");
    users.users().create(new UsersApi.NewUser(name, Clients.PASSWORD, Set.of("user")));
    return anonymous.as(name, Clients.PASSWORD);
  }

  @Test
  void the_wadl_is_off_and_options_tell_nothing_without_a_token() throws Exception {
    assertEquals(401, raw("GET", "api/application.wadl", null).statusCode());
    assertEquals(404, raw("GET", "api/application.wadl", admin.token()).statusCode());

    var anonymousOptions = raw("OPTIONS", "api/tasks", null);
    assertEquals(401, anonymousOptions.statusCode());
    assertTrue(anonymousOptions.headers().firstValue("Allow").isEmpty());
    var signedIn = raw("OPTIONS", "api/tasks", plainUser().token());
    assertEquals(200, signedIn.statusCode());
    assertFalse(signedIn.body().contains("wadl"), signedIn::body);
  }

  @Test
  void every_answer_carries_the_browser_security_headers() throws Exception {
    String[][] requests = {
      {"GET", "api/tasks", admin.token()}, // API
      {"GET", "api/tasks", null}, // 401 from the API
      {"GET", "", null}, // the dashboard
      {"GET", "js/app.js", null}, // its script
      {"GET", "no-such-page", null}, // the container's 404 error page
      {"GET", "api/application.wadl", null}, // refused by the operations filter
    };
    for (String[] request : requests) {
      var response = raw(request[0], request[1], request[2]);
      String what = request[1] + " (" + response.statusCode() + ")";
      String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(policy.contains("default-src 'self'"), what + ": " + policy);
      assertTrue(policy.contains("script-src 'self'"), what + ": " + policy);
      assertTrue(policy.contains("frame-ancestors 'none'"), what + ": " + policy);
      assertEquals(
          "nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), what);
      assertEquals(
          "no-referrer", response.headers().firstValue("Referrer-Policy").orElse(""), what);
    }
  }

  @Test
  void the_data_directory_and_its_files_are_readable_by_their_owner_only() throws Exception {
    Path dir = Path.of(System.getProperty("it.dataDir"));
    List<String> expected = new ArrayList<>(List.of("jwt-private.pem", "jwt-public.pem"));
    if ("h2".equals(System.getProperty("it.database"))) {
      expected.add("tasklane.mv.db");
    }

    assertEquals("rwx------", mode(dir));
    for (String name : expected) {
      assertEquals("rw-------", mode(dir.resolve(name)), name);
    }
  }

  static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
