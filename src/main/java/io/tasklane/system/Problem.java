package io.tasklane.system;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document. */
public final class Problem {
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  public static Response response(int status, String title, String detail) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status);
    if (detail != null) {
      body.add("detail", detail);
    }
    Response.ResponseBuilder response =
        Response.status(status).type(MEDIA_TYPE).entity(body.build().toString());
    if (status == 401) {
      response.header("WWW-Authenticate", "Bearer");
    }
    return response.build();
  }
}
