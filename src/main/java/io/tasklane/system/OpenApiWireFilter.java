package io.tasklane.system;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Makes {@code /openapi} describe the wire as it is. The generator reads Java names ({@code
 * createdAt}) while JSON-B writes snake_case ({@code created_at}, see {@link JsonSettings}), and it
 * knows nothing of the problem documents every error is answered with; a client generated from the
 * document must match what the server sends.
 */
public class OpenApiWireFilter implements OASFilter {
  static final String PROBLEM = "Problem";
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Override
  public Schema filterSchema(Schema schema) {
    dropAnnotationDefaults(schema);
    if (schema.getExample() instanceof String example && example.startsWith("{")) {
      // An annotation can only give the example as text; the document shows it as the JSON it is.
      schema.setExample(JSONB.fromJson(example, Map.class));
    }
    Map<String, Schema> properties = schema.getProperties();
    if (properties != null && !properties.isEmpty()) {
      Map<String, Schema> renamed = new LinkedHashMap<>();
      properties.forEach((name, property) -> renamed.put(JsonSettings.wireName(name), property));
      schema.setProperties(renamed);
    }
    List<String> required = schema.getRequired();
    if (required != null && !required.isEmpty()) {
      schema.setRequired(required.stream().map(JsonSettings::wireName).toList());
    }
    return schema;
  }

  /**
   * Payara copies every attribute of a {@code @Schema} annotation, unset ones included, so a named
   * record would claim {@code maxProperties: 0} (no field allowed) and {@code minLength: 0}.
   */
  private static void dropAnnotationDefaults(Schema schema) {
    if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
      schema.setMaxProperties(null);
    }
    if (Integer.valueOf(0).equals(schema.getMinProperties())) {
      schema.setMinProperties(null);
    }
    if (Integer.valueOf(0).equals(schema.getMinLength())) {
      schema.setMinLength(null);
    }
    if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
      schema.setExclusiveMaximum(null);
    }
    if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
      schema.setExclusiveMinimum(null);
    }
    if (Boolean.FALSE.equals(schema.getUniqueItems())) {
      schema.setUniqueItems(null);
    }
    if (Boolean.FALSE.equals(schema.getNullable())) {
      schema.setNullable(null);
    }
    if (Boolean.FALSE.equals(schema.getReadOnly())) {
      schema.setReadOnly(null);
    }
    if (Boolean.FALSE.equals(schema.getWriteOnly())) {
      schema.setWriteOnly(null);
    }
    if (Boolean.FALSE.equals(schema.getDeprecated())) {
      schema.setDeprecated(null);
    }
  }

  /** Every operation may answer a client error as an RFC 9457 problem. */
  @Override
  public Operation filterOperation(Operation operation) {
    if (operation.getResponses() != null && !operation.getResponses().hasAPIResponse("4XX")) {
      operation.getResponses().addAPIResponse("4XX", problemResponse());
    }
    return operation;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    openAPI.getComponents().addSchema(PROBLEM, problemSchema());
  }

  private static org.eclipse.microprofile.openapi.models.responses.APIResponse problemResponse() {
    return OASFactory.createAPIResponse()
        .description("A problem: the request was refused (status, title and detail say why)")
        .content(
            OASFactory.createContent()
                .addMediaType(
                    Problem.MEDIA_TYPE,
                    OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM))));
  }

  private static Schema problemSchema() {
    return OASFactory.createSchema()
        .type(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details")
        .addProperty("type", OASFactory.createSchema().type(Schema.SchemaType.STRING))
        .addProperty("title", OASFactory.createSchema().type(Schema.SchemaType.STRING))
        .addProperty("status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER))
        .addProperty("detail", OASFactory.createSchema().type(Schema.SchemaType.STRING))
        .required(List.of("type", "title", "status", "detail"));
  }
}
