package io.meridian.ops;

import io.vertx.core.Future;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registering the node's MBeans on the platform server: a name left by an earlier node in the JVM is replaced. */
public final class MBeans {

    private MBeans() {
    }

    public static ObjectName register(Object bean, String objectName) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(objectName);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(bean, name);
        return name;
    }

    /**
     * Waits for an MBean operation's work (up to {@code limit}) on the JMX client's thread, never an event loop. A
     * failure travels as a plain {@link IllegalStateException} whose message starts with {@code what} ("The backup"),
     * as JMX clients may not have the node's exception classes.
     */
    public static <T> T await(Future<T> work, Duration limit, String what) {
        try {
            return work.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted");
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " still runs after " + limit);
        }
    }

    public static void unregister(ObjectName name) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (name != null && server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
