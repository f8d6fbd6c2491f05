package io.meridian.boot;

import io.meridian.cluster.ClusterSettings;
import io.meridian.cluster.ClusteredVertx;
import io.meridian.config.ConfigException;
import io.meridian.config.ConfigKeys;
import io.meridian.config.MeridianConfig;
import io.meridian.crypto.ClusterCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point: {@code run} starts a node in the foreground until SIGTERM/SIGINT;
 * {@code check-config} validates the configuration and exits; {@code version} prints the version.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "run" : args[0];
        switch (command) {
            case "run" -> run(false);
            case "check-config" -> run(true);
            case "version" -> System.out.println("Meridian " + Version.current());
            case "cluster-init" -> clusterInit();
            case "cluster-add-node" -> clusterAddNode(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "backup" -> onRunningNode(args, "Backups", "backup", "Backup written: ");
            case "audit-verify" -> onRunningNode(args, "AuditTrail", "verify", "Audit trail ");
            case "rotate-master-key" -> onRunningNode(args, "MasterKey", "rotate", "");
            case "restore" -> restore(args);
            case "store-copy" -> storeCopy(args);
            case "keystore-password" -> changeKeyStorePassword(args);
            default -> {
                System.err.println("meridian: unknown command '" + command + "'; use run, check-config, version, "
                        + "cluster-init, cluster-add-node, backup, audit-verify, rotate-master-key, restore, store-copy or "
                        + "keystore-password");
                System.exit(64);
            }
        }
    }

    private static void run(boolean checkOnly) {
        Path home = Path.of(System.getProperty("meridian.home", ".")).toAbsolutePath().normalize();
        Path file = Path.of(System.getProperty("meridian.config", home.resolve("conf/meridian.yaml").toString()));
        MeridianConfig config;
        try {
            config = MeridianConfig.load(home, file);
        } catch (ConfigException e) {
            System.err.println("meridian: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (checkOnly) {
            System.out.println("Configuration is valid (" + file + "):\n" + config.describe());
            return;
        }
        LOG.info("Starting Meridian {} with configuration {}\n{}", Version.current(), file, config.describe());
        Vertx vertx;
        try {
            vertx = config.bool(ConfigKeys.CLUSTER_ENABLED)
                    ? ClusteredVertx.start(ClusterSettings.from(config), new VertxOptions(), MeridianNode.nodeName(config),
                            config.string(ConfigKeys.NODE_REGION), Version.current())
                            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES)
                    : Vertx.vertx();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("Meridian could not join its cluster: {}", cause.getMessage(), cause);
            System.err.println("meridian: could not join the cluster: " + cause.getMessage());
            System.exit(1);
            return;
        }
        MeridianNode node;
        try {
            node = MeridianNode.start(vertx, config).toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("Meridian could not start: {}", cause.getMessage(), cause);
            System.err.println("meridian: could not start: " + cause.getMessage());
            vertx.close();
            System.exit(cause instanceof ConfigException ? 2 : 1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping Meridian");
            try {
                node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.error("Unclean stop", e);
            }
        }, "meridian-shutdown"));
        System.out.println(banner(node));
    }

    /**
     * {@code backup PID} / {@code audit-verify PID} / {@code rotate-master-key PID}: the launcher found the running
     * node's process id.
     */
    private static void onRunningNode(String[] args, String type, String operation, String done) {
        if (args.length != 2) {
            System.err.println("meridian: usage: " + args[0] + " PID (bin/meridian finds the running node's PID)");
            System.exit(64);
            return;
        }
        try {
            System.out.println(done + NodeTools.invoke(args[1], type, operation));
        } catch (Exception e) {
            Throwable cause = e instanceof javax.management.MBeanException m && m.getCause() != null ? m.getCause() : e;
            System.err.println("meridian: " + args[0] + " failed: " + cause.getMessage());
            System.exit(1);
        }
    }

    /** The configuration the node would run with, for the commands that work on its files. */
    private static MeridianConfig toolConfig() {
        Path home = Path.of(System.getProperty("meridian.home", ".")).toAbsolutePath().normalize();
        return MeridianConfig.load(home, Path.of(System.getProperty("meridian.config",
                home.resolve("conf/meridian.yaml").toString())));
    }

    /** {@code keystore-password NEWFILE}: the key store's new password, read from the first line of the file. */
    private static void changeKeyStorePassword(String[] args) {
        if (args.length != 2) {
            System.err.println("meridian: usage: keystore-password NEWFILE (a file whose first line is the new "
                    + "password, at least 16 characters; readable by you only)");
            System.exit(64);
            return;
        }
        try {
            System.out.println(NodeTools.changeKeyStorePassword(toolConfig(), Path.of(args[1]).toAbsolutePath(),
                    System.getenv()));
        } catch (ConfigException | java.io.IOException | IllegalStateException | IllegalArgumentException e) {
            System.err.println("meridian: the key store password was not changed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code restore FILE} on a stopped node (the launcher checked that it is not running). */
    private static void restore(String[] args) {
        if (args.length != 2) {
            System.err.println("meridian: usage: restore FILE (a .backup archive this node, or one with its key "
                    + "store, made)");
            System.exit(64);
            return;
        }
        try {
            System.out.println(NodeTools.restore(toolConfig(), Path.of(args[1]).toAbsolutePath(), System.getenv()));
        } catch (ConfigException | java.io.IOException | IllegalStateException e) {
            System.err.println("meridian: restore failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code store-copy --to postgresql} on a stopped node (the launcher checked that it is not running). */
    private static void storeCopy(String[] args) {
        if (args.length != 3 || !args[1].equals("--to") || !args[2].equals("postgresql")) {
            System.err.println("meridian: usage: store-copy --to postgresql");
            System.exit(64);
            return;
        }
        try {
            System.out.println(NodeTools.storeCopy(toolConfig(), System.getenv()));
        } catch (ConfigException | java.io.IOException | IllegalStateException e) {
            System.err.println("meridian: store-copy failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The cluster's authority, made once, in {@code cluster-authority/} under the install directory. */
    private static void clusterInit() {
        Path dir = authorityDir();
        try {
            ClusterCertificates.initAuthority(dir, java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        } catch (IllegalStateException | java.io.IOException e) {
            System.err.println("meridian: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Cluster authority made in " + dir + ". Keep ca.key off the nodes, with your other "
                + "recovery secrets; next: bin/meridian cluster-add-node NAME HOST for each node.");
    }

    /** {@code cluster-add-node NAME HOST [HOST…]}: a node's key and certificate under the authority. */
    private static void clusterAddNode(String[] args) {
        if (args.length < 2) {
            System.err.println("meridian: usage: cluster-add-node NAME HOST [HOST...] (HOST: the name or address the "
                    + "other nodes reach it at)");
            System.exit(64);
            return;
        }
        try {
            Path out = ClusterCertificates.issueNode(authorityDir(), args[0],
                    java.util.List.of(args).subList(1, args.length));
            System.out.println("Node " + args[0] + ": copy " + out + " to that node's conf/cluster/ "
                    + "(cluster.tls-dir), keeping node.key readable by the node's user only.");
        } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
            System.err.println("meridian: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Path authorityDir() {
        return Path.of(System.getProperty("meridian.home", ".")).toAbsolutePath().normalize()
                .resolve("cluster-authority");
    }

    private static String banner(MeridianNode node) {
        String url = node.publicUrlValue();
        String login = java.nio.file.Files.exists(node.dataDir().resolve("initial-admin-password"))
                ? "Sign in as 'admin' with the one-time password in " + node.dataDir().resolve("initial-admin-password")
                        + "\n  (you will be asked to choose a new one)."
                : "Sign in with your console account.";
        return "\nMeridian " + Version.current() + " is running.\n"
                + "  Agent console: " + url + "/console\n"
                + "  Widget demo:   " + url + "/widget/demo\n"
                + "  " + login + "\n"
                + (url.startsWith("https://localhost") || url.startsWith("https://127.")
                        ? "  The certificate is self-signed: accept it in the browser, or install your own (docs/admin-guide.md).\n"
                        : "");
    }
}
