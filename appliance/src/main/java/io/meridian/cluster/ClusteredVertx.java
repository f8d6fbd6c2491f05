package io.meridian.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A Vert.x that is one node of the cluster: Hazelcast membership by TCP-IP join with the configured members only
 * (multicast, auto-detection and Hazelcast's phone-home off), and the event bus between nodes over mutual TLS with the
 * cluster's certificates, so a node without a certificate of this cluster's authority can neither send events to the
 * others nor receive theirs. Hazelcast's own port carries no TLS (its community edition has none): it holds
 * membership and the bus's subscriptions (addresses and node ids), never an event (docs/cluster.md).
 */
public final class ClusteredVertx {

    /** Hazelcast's name for the group; nodes of another cluster on the same network keep apart. */
    static final String CLUSTER_NAME = "meridian";

    private ClusteredVertx() {
    }

    /**
     * Starts the clustered Vert.x; completes once this node has joined (or formed) the cluster. Every node announces
     * its {@code name}, {@code region} and {@code version} to the others ({@link ClusterMembers}).
     */
    public static Future<Vertx> start(ClusterSettings settings, VertxOptions options, String name, String region,
            String version) {
        Config hazelcast = new Config().setClusterName(CLUSTER_NAME);
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        hazelcast.setProperty("hazelcast.logging.type", "slf4j");
        hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Listen on cluster.host only, not on every interface of the machine.
        hazelcast.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = hazelcast.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(false)
                .setPublicAddress((settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host()) + ":"
                        + settings.port());
        network.getInterfaces().setEnabled(true).addInterface(settings.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        EventBusOptions bus = new EventBusOptions()
                .setHost(settings.host()).setPort(settings.busPort())
                .setClusterPublicHost(settings.host()).setClusterPublicPort(settings.busPort())
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(settings.nodeKey().toString())
                        .setCertPath(settings.nodeCertificate().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(settings.authority().toString()))
                .setClientAuth(ClientAuth.REQUIRED)
                .setClusterNodeMetadata(new JsonObject().put("name", name).put("region", region)
                        .put("version", version));
        return Vertx.builder().with(new VertxOptions(options).setEventBusOptions(bus))
                .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
    }
}
