package io.tasklane.tasks;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/tasks} body. Fields are public for JSON-B; limits are the API's contract. */
@Schema(
    name = "SubmitTaskRequest",
    example =
        "{\"task_type\":\"backtest\",\"parameters\":{\"strategy\":\"sma_crossover\",\"symbol\":\"BTC_USDT\","
            + "\"timeframe\":\"1d\",\"start_date\":\"2020-01-01\",\"end_date\":\"2023-12-31\"},\"priority\":5}")
public class SubmitTaskRequest {
  @NotBlank(message = "is required")
  @Size(max = 64)
  public String taskType;

  /** A JSON object, validated by the task type's handler (any JSON value is read, to say so). */
  public JsonValue parameters;

  @Min(-1000)
  @Max(1000)
  public Integer priority;

  @Min(1)
  @Max(86_400)
  public Long timeoutSeconds;

  @Min(1)
  @Max(10)
  public Integer maxAttempts;

  @DecimalMin("0.0")
  @DecimalMax("256.0")
  public Double estimatedCpuCores;

  @DecimalMin("0.0")
  @DecimalMax("1024.0")
  public Double estimatedRamGb;

  /** Tasks (the caller's own) that must complete before this one starts. */
  @Size(max = 100)
  public List<@NotNull(message = "must be a task id") UUID> dependsOn;
}
