package io.meridian.ticket;

import java.time.Instant;

/** Service-level targets as of {@code at}: running (of them {@code overdue}) and paused. */
public record SlaCounts(long running, long overdue, long paused, Instant at) {

    static final SlaCounts NONE = new SlaCounts(0, 0, 0, Instant.EPOCH);
}
