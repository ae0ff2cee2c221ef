package io.tasklane.quantconnect;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * QuantConnect API v2 as the endpoints Tasklane calls (QUANTCONNECT.md): every call a POST with a
 * JSON body, every answer the {@code {success, errors, ...}} envelope, returned unread so one place
 * ({@link QuantConnectClient}) interprets it. A MicroProfile Rest Client proxy implements it
 * against the real API; the built-in sandbox implements it in process.
 */
// No class-level @Path: Jersey would scan the interface as a root resource of the application.
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface QuantConnectApi {
  @POST
  @Path("authenticate")
  JsonObject authenticate(JsonObject body);

  @POST
  @Path("compile/create")
  JsonObject createCompile(JsonObject body);

  @POST
  @Path("compile/read")
  JsonObject readCompile(JsonObject body);

  @POST
  @Path("backtests/create")
  JsonObject createBacktest(JsonObject body);

  @POST
  @Path("backtests/read")
  JsonObject readBacktest(JsonObject body);

  @POST
  @Path("backtests/list")
  JsonObject listBacktests(JsonObject body);

  @POST
  @Path("backtests/delete")
  JsonObject deleteBacktest(JsonObject body);

  @POST
  @Path("projects/nodes/read")
  JsonObject readNodes(JsonObject body);
}
