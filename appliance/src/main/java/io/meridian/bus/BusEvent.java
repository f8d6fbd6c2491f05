package io.meridian.bus;

/**
 * An event the node puts on the Vert.x event bus. Every implementation is a record whose codec ({@link RecordCodec})
 * is registered once at node start, so the event can cross to another node of a cluster: nothing on the bus is
 * passed as a plain Java object that only one JVM understands. A test fails the build when an implementation has no
 * registered codec.
 */
public interface BusEvent {
}
