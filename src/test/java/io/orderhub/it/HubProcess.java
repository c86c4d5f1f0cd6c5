package io.orderhub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged hub ({@code target/orderhub-*.jar}) run as a separate JVM on a fixed port and data
 * directory, so a test can SIGKILL it and start it again on the same state. Each start writes its
 * own log file next to the data directory; {@link #logTails()} is what a failing test prints.
 */
final class HubProcess implements AutoCloseable {

    /** Killed on JVM exit too, so an aborted test run leaves no hub behind. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    /**
     * JVM options of the hub. Only start-up speed: C1 alone roughly halves the start time on two
     * cores, and the test starts the hub seven times. Override with -Dorderhub.it.hub-jvm-args.
     */
    private static final String DEFAULT_JVM_ARGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private final Path basedir;
    private final Path jar;
    private final Path workDir;
    private final Path dataDir;
    private final int port;
    /** PostgreSQL only: this hub's own schema (integration tests run side by side); null on H2. */
    private final String schema;
    private final HttpClient http;
    private final List<Path> logs = new ArrayList<>();
    private final List<Duration> startDurations = new ArrayList<>();
    private Process process;
    private Instant startedAt;
    private String jvmArgs = System.getProperty("orderhub.it.hub-jvm-args", DEFAULT_JVM_ARGS);

    HubProcess(String name, HttpClient http) {
        this.basedir = basedir();
        this.jar = packagedJar(basedir);
        this.workDir = buildDirectory(basedir).resolve("crash-it").resolve(name).toAbsolutePath();
        // absolute: H2 refuses a database path that is implicitly relative to the working directory
        this.dataDir = workDir.resolve("data");
        this.port = freePort();
        this.schema = ownSchema(System.getenv("SPRING_DATASOURCE_URL"), name);
        this.http = http;
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path basedir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }

    static Path buildDirectory(Path basedir) {
        String target = System.getProperty("project.build.directory");
        return target != null ? Path.of(target) : basedir.resolve("target");
    }

    /** The Spring Boot fat jar that {@code mvn package} made (never the repackager's *.original). */
    static Path packagedJar(Path basedir) {
        Path target = buildDirectory(basedir);
        try (var files = Files.list(target)) {
            List<Path> jars = files
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("orderhub-") && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-plain.jar") && !name.endsWith("-tests.jar");
                    })
                    .sorted(Comparator.comparing(HubProcess::lastModified).reversed())
                    .toList();
            assertThat(jars).as("packaged hub jar in %s: run 'mvn package' (mvn verify does)", target).isNotEmpty();
            return jars.get(0).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + ": run 'mvn package' first", e);
        }
    }

    private static long lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** JVM options for the next start instead of the default (or -Dorderhub.it.hub-jvm-args), e.g. a small heap. */
    HubProcess jvmArgs(String args) {
        this.jvmArgs = args;
        return this;
    }

    /** This hub's own folder under target/crash-it (its logs, and the data directory inside). */
    Path workDir() {
        return workDir;
    }

    Path dataDir() {
        return dataDir;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    List<Duration> startDurations() {
        return startDurations;
    }

    /** The running hub's process id (for jcmd). */
    long pid() {
        assertThat(isAlive()).as("hub running").isTrue();
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the hub on this instance's port and data directory; {@code extraArgs} are Spring arguments. */
    void start(String... extraArgs) throws IOException {
        assertThat(isAlive()).as("a hub is already running on port %d", port).isFalse();
        Path log = workDir.resolve("hub-" + (logs.size() + 1) + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--orderhub.data-dir=" + dataDir);
        // the sandbox's SMTP and ERP FTP servers on free ports: never collide with another hub on this machine
        command.add("--orderhub.sandbox.smtp.port=0");
        command.add("--orderhub.sandbox.ftp.port=0");
        command.addAll(Arrays.asList(extraArgs));
        Files.writeString(log, "# " + String.join(" ", command) + System.lineSeparator());
        // working directory = project basedir, so routes/ and mappings/ resolve as in a real run;
        // the environment is inherited (SPRING_DATASOURCE_URL etc. choose the database)
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(basedir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        if (schema != null) {
            builder.environment().put("SPRING_DATASOURCE_URL", databaseUrl());
            builder.environment().put("SPRING_FLYWAY_SCHEMAS", schema);
        }
        startedAt = Instant.now();
        process = builder.start();
        LIVE.add(process);
    }

    /** Waits until /actuator/health says UP (Camel's readiness checks included); fails fast if the hub exits. */
    void awaitReady() {
        Process starting = process;
        try {
            await("hub on port " + port + " ready (log " + logs.get(logs.size() - 1) + ")")
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ofMillis(500))
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("hub process exited during start", () -> !starting.isAlive())
                    .until(this::healthUp);
        } catch (TerminalFailureException exited) {
            throw new AssertionError("hub exited during start with code " + exitDescription(), exited);
        }
        startDurations.add(Duration.between(startedAt, Instant.now()));
    }

    /** For a hub that died without the test killing it: 143 means someone else sent SIGTERM. */
    String exitDescription() {
        if (process == null || process.isAlive()) {
            return "(running)";
        }
        int exit = process.exitValue();
        return exit + (exit > 128 ? " (signal " + (exit - 128) + ")" : "");
    }

    private boolean healthUp() throws InterruptedException {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux); returns the exit code, which must be 128 + 9. */
    int sigkill() throws InterruptedException {
        assertThat(isAlive()).as("hub on port %d running before the kill", port).isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("hub pid %d gone after SIGKILL", process.pid()).isTrue();
        LIVE.remove(process);
        int exit = process.exitValue();
        assertThat(exit).as("exit code of the SIGKILLed hub (128 + SIGKILL)").isEqualTo(137);
        return exit;
    }

    /**
     * A JDBC connection to the hub's database, only while the hub is down (H2 holds a file lock).
     * The same database the hub uses: SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) when set,
     * else the H2 file under the data directory.
     */
    Connection openDatabase() throws SQLException {
        assertThat(isAlive()).as("hub stopped before its database is opened from the test").isFalse();
        String url = System.getenv("SPRING_DATASOURCE_URL");
        if (url == null || url.isBlank()) {
            return DriverManager.getConnection(
                    "jdbc:h2:file:" + dataDir.resolve("db").resolve("orderhub") + ";IFEXISTS=TRUE", "sa", "");
        }
        return DriverManager.getConnection(databaseUrl(), System.getenv("SPRING_DATASOURCE_USERNAME"),
                System.getenv("SPRING_DATASOURCE_PASSWORD"));
    }

    /** The database URL this hub runs on: the environment's, with this hub's own schema on PostgreSQL. */
    String databaseUrl() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        if (schema == null) {
            return url;
        }
        String withoutSchema = url.replaceAll("([?&])currentSchema=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return withoutSchema + (withoutSchema.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * A schema of its own for a hub on PostgreSQL, named after the environment's schema (CI drops
     * every schema with that prefix before a run), so hubs of tests running at the same time never
     * take each other's outbox events or files. Flyway creates it at the hub's first start.
     */
    static String ownSchema(String url, String hubName) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            return null;
        }
        Matcher current = Pattern.compile("[?&]currentSchema=([^&]+)").matcher(url);
        String base = current.find() ? current.group(1) : "orderhub";
        String name = (base + "_it_" + hubName + "_" + Long.toHexString(System.nanoTime() & 0xFFFFFF))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        // PostgreSQL truncates identifiers beyond 63 bytes: keep the unique end
        return name.length() <= 63 ? name : base + "_it_" + name.substring(name.length() - (58 - base.length()));
    }

    /** Lines containing {@code fragment} in all logs this hub wrote. */
    long logLinesContaining(String fragment) {
        long count = 0;
        for (Path log : logs) {
            try (var lines = Files.lines(log)) {
                count += lines.filter(line -> line.contains(fragment)).count();
            } catch (IOException | UncheckedIOException e) {
                // a log that cannot be read counts nothing; logTails() shows why
            }
        }
        return count;
    }

    /** The end of every log this hub wrote (the last one longer), for a failing test's output. */
    String logTails() {
        StringBuilder out = new StringBuilder("\n----- hub on port " + port + ": " + exitDescription() + " -----");
        for (int i = 0; i < logs.size(); i++) {
            Path log = logs.get(i);
            int lines = i == logs.size() - 1 ? 120 : 25;
            out.append("\n----- last ").append(lines).append(" lines of ").append(log).append(" -----\n");
            try {
                List<String> all = Files.readAllLines(log);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(line -> out.append(line).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                out.append("(cannot read: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        if (process != null) {
            LIVE.remove(process);
        }
    }
}
