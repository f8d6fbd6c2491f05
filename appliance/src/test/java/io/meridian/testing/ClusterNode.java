package io.meridian.testing;

import io.meridian.cluster.ClusterSettings;
import io.meridian.cluster.ClusteredVertx;
import io.meridian.crypto.ClusterCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.List;

/** A clustered Vert.x on loopback for an in-process node of a test cluster, with a certificate of the authority. */
public final class ClusterNode {

    private ClusterNode() {
    }

    /** Two clustered Vert.x of regions eu and us ({@code eu-1}, {@code us-1}), certificates of one new authority. */
    public record EuAndUs(Vertx eu, Vertx us) {
    }

    /** Makes an authority in {@code dir}/cluster and starts {@link EuAndUs} with it on loopback. */
    public static EuAndUs euAndUs(Path dir) throws java.io.IOException {
        Path authority = dir.resolve("cluster");
        ClusterCertificates.initAuthority(authority, "test");
        int[] ports = {ClusterPorts.next(), ClusterPorts.next()};
        List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
        return new EuAndUs(start(authority, "eu-1", "eu", ports[0], members),
                start(authority, "us-1", "us", ports[1], members));
    }

    /**
     * Joins {@code members} as {@code name} of {@code region}, listening for membership on {@code port} and for the
     * event bus on a port of its own, with a certificate the authority in {@code authority} issues now.
     */
    public static Vertx start(Path authority, String name, String region, int port, List<String> members)
            throws java.io.IOException {
        ClusterSettings settings = new ClusterSettings("127.0.0.1", port, ClusterPorts.next(), members,
                ClusterCertificates.issueNode(authority, name, List.of("127.0.0.1")));
        return Await.result(ClusteredVertx.start(settings, new VertxOptions(), name, region, "test-version"), name);
    }
}
