package io.meridian.routing;

/** The queued conversation was taken or changed (by another agent or node) since it was read. */
final class ClaimLost extends RuntimeException {

    ClaimLost() {
        super("conversation no longer queued", null, false, false);
    }
}
