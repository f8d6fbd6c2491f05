package io.meridian.lifecycle;

import io.vertx.core.Future;

/**
 * What every long-lived part of a node shares: it starts and it stops, each answering with a future. The composition
 * root ({@code boot.Capabilities}) starts the parts one after the other in a fixed order and stops them in reverse,
 * each stop after the previous one completed, so a part never loses what it depends on while it finishes.
 * <p>
 * {@link #stop()} is called once for every part whose {@link #start()} was called, also when that start failed, and
 * must then release whatever the start took. Neither method may block the calling thread.
 */
public interface Lifecycle {

    /** Starts the part; completes once it does its work (a failed future stops the node's start). */
    Future<Void> start();

    /** Stops the part; completes once its work in flight is finished or abandoned. Never fails the caller's stop. */
    Future<Void> stop();
}
