package io.meridian.ticket;

/**
 * One line of the service-level report: for tickets of {@code teamId} (null: none) under {@code policy}, one target's
 * warnings, breaches and meetings in the period, and how many of the meetings were in time.
 */
public record SlaReportRow(String teamId, String policy, String target, long warnings, long breaches, long met,
        long metInTime) {

    /** Share of the targets met in time among those met or missed in the period, in percent; -1 when none. */
    public int inTimePercent() {
        long decided = metInTime + breaches;
        return decided == 0 ? -1 : (int) Math.round(100.0 * metInTime / decided);
    }
}
