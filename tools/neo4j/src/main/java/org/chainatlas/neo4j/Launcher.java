package org.chainatlas.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs a local Neo4j Community DBMS (embedded) with a Bolt connector on 127.0.0.1, for chainatlas.
 *
 * <p>Usage: {@code Launcher DATA_DIR PORT [--no-stdin-watch] [--config FILE] [--host HOST]
 * [--pagecache SIZE_MB] [--tx-max SIZE_MB]}
 *
 * <p>Prints {@code chainatlas-neo4j ready bolt://HOST:PORT} on stdout once the default database is
 * available. Shuts down cleanly on SIGTERM/SIGINT (shutdown hook) and, unless
 * {@code --no-stdin-watch} is given, when its standard input reaches end-of-file (so a parent
 * process that dies takes the server with it).
 */
public final class Launcher {
    static final String READY_PREFIX = "chainatlas-neo4j ready ";

    private Launcher() {}

    private static void usage(String message) {
        System.err.println("chainatlas-neo4j: " + message);
        System.err.println(
                "usage: Launcher DATA_DIR PORT [--no-stdin-watch] [--config FILE] [--host HOST]"
                        + " [--pagecache MB] [--tx-max MB]");
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage("expected DATA_DIR and PORT");
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = 0;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            usage("PORT must be a number, got " + args[1]);
        }
        boolean watchStdin = true;
        Path configFile = null;
        String host = "127.0.0.1";
        long pageCacheMb = 512;
        long txMaxMb = 1024;
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--no-stdin-watch":
                    watchStdin = false;
                    break;
                case "--config":
                    if (++i >= args.length) usage("--config needs a file");
                    configFile = Path.of(args[i]);
                    break;
                case "--host":
                    if (++i >= args.length) usage("--host needs a value");
                    host = args[i];
                    break;
                case "--pagecache":
                    if (++i >= args.length) usage("--pagecache needs megabytes");
                    pageCacheMb = Long.parseLong(args[i]);
                    break;
                case "--tx-max":
                    if (++i >= args.length) usage("--tx-max needs megabytes");
                    txMaxMb = Long.parseLong(args[i]);
                    break;
                default:
                    usage("unknown argument " + a);
            }
        }

        Path logsDir = dataDir.resolve("logs");
        Files.createDirectories(logsDir);

        long t0 = System.nanoTime();
        DatabaseManagementServiceBuilder builder =
                new DatabaseManagementServiceBuilder(dataDir)
                        .setConfig(BoltConnector.enabled, true)
                        .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                        .setConfig(
                                BoltConnector.encryption_level,
                                BoltConnector.EncryptionLevel.DISABLED)
                        .setConfig(HttpConnector.enabled, false)
                        .setConfig(HttpsConnector.enabled, false)
                        .setConfig(GraphDatabaseSettings.auth_enabled, false)
                        .setConfig(GraphDatabaseSettings.logs_directory, logsDir)
                        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                        .setConfig(
                                GraphDatabaseSettings.memory_transaction_global_max_size,
                                ByteUnit.mebiBytes(txMaxMb))
                        .setConfig(GraphDatabaseSettings.udc_enabled, false);
        if (configFile != null) {
            builder = builder.loadPropertiesFromFile(configFile);
        }

        final DatabaseManagementService dbms = builder.build();
        final AtomicBoolean stopped = new AtomicBoolean(false);
        final CountDownLatch done = new CountDownLatch(1);
        Runnable shutdown =
                () -> {
                    if (stopped.compareAndSet(false, true)) {
                        System.err.println("chainatlas-neo4j: shutting down");
                        try {
                            dbms.shutdown();
                        } catch (RuntimeException e) {
                            System.err.println("chainatlas-neo4j: shutdown failed: " + e);
                        }
                        System.err.println("chainatlas-neo4j: stopped");
                    }
                    done.countDown();
                };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "chainatlas-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        while (!db.isAvailable(1000)) {
            System.err.println("chainatlas-neo4j: waiting for the database to become available");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("chainatlas-neo4j: database available after %.1f s%n", seconds);
        System.out.println(READY_PREFIX + "bolt://" + host + ":" + port);
        System.out.flush();

        if (watchStdin) {
            Thread watcher =
                    new Thread(
                            () -> {
                                byte[] buf = new byte[256];
                                try {
                                    InputStream in = System.in;
                                    while (in.read(buf) >= 0) {
                                        // ignore input; wait for end-of-file
                                    }
                                } catch (IOException e) {
                                    // treat a broken stdin like end-of-file
                                }
                                System.err.println("chainatlas-neo4j: stdin closed");
                                System.exit(0); // runs the shutdown hook
                            },
                            "chainatlas-neo4j-stdin");
            watcher.setDaemon(true);
            watcher.start();
        } else {
            try {
                System.in.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        done.await();
    }
}
