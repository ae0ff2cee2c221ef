package io.tasklane.models;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbTransient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored model: what it learnt from (symbol, timeframe, features, the train and test ranges), how
 * it was trained and how well it did on the held-out test range. It belongs to {@code createdBy};
 * {@code shared} (set by an admin) lets every user see and use it.
 */
public record TrainedModel(
    UUID id,
    String name,
    int version,
    String symbol,
    String timeframe,
    String algorithm,
    List<String> features,
    JsonObject hyperparameters,
    JsonObject metrics,
    Instant trainStart,
    Instant trainEnd,
    Instant testStart,
    Instant testEnd,
    int trainRows,
    int testRows,
    UUID taskId,
    String createdBy,
    Instant createdAt,
    boolean shared,
    // Payara's OpenAPI generator does not read @JsonbTransient.
    @JsonbTransient @Schema(hidden = true) byte[] modelBytes) {}
