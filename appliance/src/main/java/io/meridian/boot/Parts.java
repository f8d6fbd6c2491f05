package io.meridian.boot;

import io.meridian.lifecycle.Lifecycle;
import io.meridian.audit.AuditFacts;
import io.meridian.backup.BackupFacts;
import io.meridian.keys.MasterKeyFacts;
import io.meridian.retention.RetentionFacts;
import io.meridian.ops.ClusterFacts;
import io.meridian.ops.NodeFacts;
import io.meridian.ops.ServiceLevelFacts;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lifecycles for the node's parts that are resources rather than capabilities: the store, a verticle, the MBean. */
final class Parts {

    private static final Logger LOG = LoggerFactory.getLogger(Parts.class);

    private Parts() {
    }

    /** A part that is ready once built and only needs stopping. */
    static Lifecycle stopOnly(Supplier<Future<?>> stop) {
        return of(Future::succeededFuture, stop);
    }

    /** A part that starts work and has nothing to release. */
    static Lifecycle startOnly(Supplier<Future<?>> start) {
        return of(start, Future::succeededFuture);
    }

    /** The verticle deployed at start and undeployed at stop. */
    static Lifecycle deployed(Vertx vertx, Deployable verticle) {
        AtomicReference<String> deployment = new AtomicReference<>();
        return of(() -> vertx.deployVerticle(verticle).onSuccess(deployment::set), () -> {
            String id = deployment.getAndSet(null);
            return id == null ? Future.succeededFuture() : vertx.undeploy(id);
        });
    }

    /** The node's MBean; a platform that refuses it leaves the node running without JMX, with a warning. */
    static Lifecycle jmx(NodeFacts facts, ClusterFacts cluster, ServiceLevelFacts serviceLevels, AuditFacts audit,
            BackupFacts backups, MasterKeyFacts masterKey, RetentionFacts retention) {
        return of(() -> {
            try {
                facts.register();
                cluster.register();
                serviceLevels.register();
                audit.register();
                backups.register();
                masterKey.register();
                retention.register();
            } catch (Exception e) {
                LOG.warn("JMX MBean not registered: {}", e.toString());
            }
            return Future.succeededFuture();
        }, () -> {
            try {
                facts.unregister();
                cluster.unregister();
                serviceLevels.unregister();
                audit.unregister();
                backups.unregister();
                masterKey.unregister();
                retention.unregister();
                return Future.succeededFuture();
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        });
    }

    private static Lifecycle of(Supplier<Future<?>> start, Supplier<Future<?>> stop) {
        return new Lifecycle() {
            @Override
            public Future<Void> start() {
                return start.get().mapEmpty();
            }

            @Override
            public Future<Void> stop() {
                return stop.get().mapEmpty();
            }
        };
    }
}
