package io.meridian.plugin;

/**
 * A connector instance was not deleted because replies still wait in its outbox; deleting it anyway (the admin
 * confirms) marks them failed. {@link #pending()} says how many.
 */
public final class PendingOutboxException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int pending;

    PendingOutboxException(String instanceId, int pending) {
        super("connector instance '" + instanceId + "' has " + pending + " repl" + (pending == 1 ? "y" : "ies")
                + " waiting to be sent; deleting it marks " + (pending == 1 ? "it" : "them") + " failed");
        this.pending = pending;
    }

    public int pending() {
        return pending;
    }
}
