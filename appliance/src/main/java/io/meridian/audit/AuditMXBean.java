package io.meridian.audit;

/** The audit trail for JMX consoles ({@code io.meridian:type=AuditTrail,name=<node id>}). */
public interface AuditMXBean {

    /** The latest entry's place in the trail (0 before any). */
    long getLatestEntry();

    /** The latest entry's hash: record it elsewhere, and a later verification proves nothing before it changed. */
    String getLatestHash();

    /** Lines logged but not yet written to the trail (normally 0: they are written every second). */
    int getWaiting();

    /** Reads the whole trail and checks every link: "intact: N entries, latest hash H" or "broken at entry N". */
    String verify();
}
