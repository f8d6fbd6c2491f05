package io.meridian.plugin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replies kept in the outbox for a connector instance that no longer exists (deleted by the admin, or its
 * conf/connectors file removed): {@code pending} ones go out if an instance with this id comes back, {@code failed}
 * ones when the admin then sends them again.
 */
public record DeletedInstanceOutbox(String instanceId, long pending, long failed) {

    /** From the outbox's counts per instance and status: those of instances that do not exist, with entries left. */
    static List<DeletedInstanceOutbox> of(Map<String, Map<String, Long>> counts, Predicate<String> exists) {
        return counts.entrySet().stream()
                .filter(e -> !exists.test(e.getKey()))
                .map(e -> new DeletedInstanceOutbox(e.getKey(),
                        e.getValue().getOrDefault(OutboxRecords.PENDING, 0L),
                        e.getValue().getOrDefault(OutboxRecords.FAILED, 0L)))
                .filter(d -> d.pending() + d.failed() > 0)
                .sorted(Comparator.comparing(DeletedInstanceOutbox::instanceId))
                .toList();
    }
}
