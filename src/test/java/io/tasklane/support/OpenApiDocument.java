package io.tasklane.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server's {@code /openapi} document, and checks that real answers have exactly the fields and
 * types it describes: a client generated from it must read what the server sends.
 */
public final class OpenApiDocument {
  private final JsonObject document;

  private OpenApiDocument(JsonObject document) {
    this.document = document;
  }

  /**
   * Fetched as JSON with an admin's token (the document is not public by default) from the server's
   * root, where Payara serves it whatever the application's context root.
   */
  public static OpenApiDocument fetch(Api admin) {
    String base = admin.base();
    String root = base.substring(0, base.indexOf('/', "http://".length()) + 1);
    Api.Reply reply = admin.withBase(root).get("openapi", "application/json");
    assertEquals(200, reply.status(), reply::body);
    return new OpenApiDocument(reply.json());
  }

  public JsonObject json() {
    return document;
  }

  /** The schema of the JSON answer of {@code method path} with {@code status} (or the default). */
  public JsonObject answerSchema(String method, String path, int status) {
    // Deployed at a context root other than "/", Payara prefixes the paths with it.
    JsonObject pathItem =
        document.getJsonObject("paths").entrySet().stream()
            .filter(entry -> entry.getKey().equals(path) || entry.getKey().endsWith(path))
            .map(entry -> entry.getValue().asJsonObject())
            .findFirst()
            .orElse(null);
    assertNotNull(pathItem, () -> "no path " + path + " in /openapi");
    JsonObject operation = pathItem.getJsonObject(method.toLowerCase());
    assertNotNull(operation, () -> "no " + method + " " + path + " in /openapi");
    JsonObject responses = operation.getJsonObject("responses");
    JsonObject response =
        responses.containsKey(String.valueOf(status))
            ? responses.getJsonObject(String.valueOf(status))
            : responses.getJsonObject("default");
    assertNotNull(response, () -> method + " " + path + " documents no answer " + status);
    JsonObject schema =
        response.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
    return resolve(schema);
  }

  /** Asserts {@code answer} has the documented fields, no others, of the documented types. */
  public void assertDescribes(String method, String path, int status, JsonValue answer) {
    List<String> mismatches = new ArrayList<>();
    compare(answerSchema(method, path, status), answer, method + " " + path, mismatches);
    assertTrue(mismatches.isEmpty(), () -> String.join("\n", mismatches));
  }

  /** Every property name of every component schema, where it is not snake_case. */
  public Set<String> propertiesNotInSnakeCase() {
    Set<String> found = new TreeSet<>();
    document
        .getJsonObject("components")
        .getJsonObject("schemas")
        .forEach(
            (name, schema) -> {
              JsonObject properties = schema.asJsonObject().getJsonObject("properties");
              if (properties != null) {
                properties.keySet().stream()
                    .filter(property -> !property.matches("[a-z0-9_]+"))
                    .forEach(property -> found.add(name + "." + property));
              }
            });
    return found;
  }

  /** The operation {@code method path}, or null when the document has none. */
  public JsonObject operation(String method, String path) {
    return document.getJsonObject("paths").entrySet().stream()
        .filter(entry -> entry.getKey().equals(path) || entry.getKey().endsWith(path))
        .map(entry -> entry.getValue().asJsonObject().getJsonObject(method.toLowerCase()))
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** Every operation of the document as "METHOD /path", the context root (if any) left out. */
  public Set<String> operations(String contextRoot) {
    Set<String> found = new TreeSet<>();
    document
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                item.asJsonObject().keySet().stream()
                    .filter(
                        key ->
                            Set.of("get", "put", "post", "delete", "patch", "head", "options")
                                .contains(key))
                    .forEach(
                        method ->
                            found.add(
                                method.toUpperCase()
                                    + " "
                                    + (path.startsWith(contextRoot)
                                        ? path.substring(contextRoot.length())
                                        : path))));
    return found;
  }

  /** A schema with its {@code $ref}s followed. */
  public JsonObject resolve(JsonObject schema) {
    JsonObject resolved = schema;
    while (resolved.containsKey("$ref")) {
      String ref = resolved.getString("$ref");
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      JsonObject target =
          document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
      if (target == null) {
        fail("/openapi refers to a schema it does not define: " + ref);
      }
      resolved = target;
    }
    return resolved;
  }

  private void compare(JsonObject schema, JsonValue value, String where, List<String> mismatches) {
    if (value.getValueType() == JsonValue.ValueType.NULL) {
      return;
    }
    String type = schema.getString("type", null);
    switch (value.getValueType()) {
      case OBJECT -> {
        JsonObject properties = schema.getJsonObject("properties");
        if (properties == null) {
          if (type != null && !"object".equals(type)) {
            mismatches.add(where + ": an object where the document says " + type);
          }
          return; // a free-form object (parameters, result)
        }
        JsonObject object = value.asJsonObject();
        Set<String> extra = new TreeSet<>(object.keySet());
        extra.removeAll(properties.keySet());
        Set<String> missing = new TreeSet<>(properties.keySet());
        missing.removeAll(object.keySet());
        if (!extra.isEmpty()) {
          mismatches.add(where + ": fields the document does not name: " + extra);
        }
        if (!missing.isEmpty()) {
          mismatches.add(where + ": documented fields the answer lacks: " + missing);
        }
        object.forEach(
            (key, field) -> {
              if (properties.containsKey(key)) {
                compare(
                    resolve(properties.getJsonObject(key)), field, where + "." + key, mismatches);
              }
            });
      }
      case ARRAY -> {
        if (!"array".equals(type)) {
          mismatches.add(where + ": an array where the document says " + type);
          return;
        }
        JsonArray array = value.asJsonArray();
        JsonObject items = resolve(schema.getJsonObject("items"));
        for (int i = 0; i < Math.min(array.size(), 5); i++) {
          compare(items, array.get(i), where + "[" + i + "]", mismatches);
        }
      }
      case STRING -> expect(type, Set.of("string"), "a string", where, mismatches);
      case NUMBER -> expect(type, Set.of("number", "integer"), "a number", where, mismatches);
      case TRUE, FALSE -> expect(type, Set.of("boolean"), "a boolean", where, mismatches);
      default -> {}
    }
  }

  private static void expect(
      String type, Set<String> allowed, String what, String where, List<String> mismatches) {
    if (type != null && !allowed.contains(type)) {
      mismatches.add(where + ": " + what + " where the document says " + type);
    }
  }
}
