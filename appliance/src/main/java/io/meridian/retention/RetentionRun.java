package io.meridian.retention;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One run of the retention job as recorded (table {@code retention_runs}): ids, times, counts; nothing personal.
 * {@code startedBy} is an agent id or {@value RetentionJob#SCHEDULE}; {@code finishedAt} and {@code detail} may be null.
 */
public record RetentionRun(String id, Instant startedAt, Instant finishedAt, boolean dryRun, String startedBy,
        Outcome outcome, long heldSkipped, String detail, List<RetentionCounts> regions) {

    /** How a run ended; RUNNING while it runs (or if the node stopped in the middle of it). */
    public enum Outcome { RUNNING, DONE, FAILED }

    public RetentionRun {
        regions = List.copyOf(regions);
    }

    /** The sum over regions. */
    public RetentionCounts total() {
        return regions.stream().reduce(new RetentionCounts("", 0, 0, 0, 0), RetentionCounts::plus);
    }

    public JsonObject toJson() {
        JsonArray byRegion = new JsonArray();
        regions.forEach(r -> byRegion.add(r.toJson()));
        JsonObject total = total().toJson();
        total.remove("region");
        return new JsonObject().put("id", id).put("startedAt", startedAt.toString())
                .put("finishedAt", finishedAt == null ? null : finishedAt.toString()).put("dryRun", dryRun)
                .put("startedBy", startedBy).put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .put("heldSkipped", heldSkipped).put("detail", detail).put("regions", byRegion).put("total", total);
    }
}
