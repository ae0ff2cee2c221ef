package io.tasklane.it;

import static io.tasklane.it.TaskApiIT.assertProblem;
import static io.tasklane.support.Api.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tasklane.support.Api;
import io.tasklane.support.Deployments;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The built-in identity store and token issuer, on a real Payara Micro. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UsersIT {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.tasklane();
  }

  @ArquillianResource URL deployed;

  Api anonymous;
  Api admin;

  @BeforeEach
  void signIn() {
    anonymous = Api.anonymous(Deployments.loopback(deployed));
    admin = anonymous.as("admin", Deployments.ADMIN_PASSWORD);
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

    Api carol = anonymous.as(name, "carol-password");
    assertEquals(200, carol.get("api/tasks").status());
    assertTrue(
        admin.get("api/admin/users").array().stream()
            .map(JsonValue::asJsonObject)
            .anyMatch(u -> u.getString("username").equals(name) && u.getBoolean("enabled")));

    Api.Reply disabled = admin.delete("api/admin/users/" + name);
    assertEquals(200, disabled.status(), disabled::body);
    assertFalse(disabled.json().getBoolean("enabled"));
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
}
