package io.meridian.cluster;

import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.crypto.ClusterCertificates;
import java.nio.file.Path;
import java.util.List;

/**
 * Where this node meets the others: its address, the membership and event bus ports, the other nodes' membership
 * addresses, and the folder of its certificates (docs/cluster.md).
 */
public record ClusterSettings(String host, int port, int busPort, List<String> members, Path tlsDir) {

    public ClusterSettings {
        members = List.copyOf(members);
    }

    public static ClusterSettings from(MeridianConfig config) {
        return new ClusterSettings(config.string(ConfigKeys.CLUSTER_HOST).strip(), config.integer(ConfigKeys.CLUSTER_PORT),
                config.integer(ConfigKeys.CLUSTER_BUS_PORT), config.list(ConfigKeys.CLUSTER_MEMBERS),
                config.path(ConfigKeys.CLUSTER_TLS_DIR));
    }

    public Path nodeKey() {
        return tlsDir.resolve(ClusterCertificates.NODE_KEY);
    }

    public Path nodeCertificate() {
        return tlsDir.resolve(ClusterCertificates.NODE_CERT);
    }

    public Path authority() {
        return tlsDir.resolve(ClusterCertificates.CA_CERT);
    }
}
