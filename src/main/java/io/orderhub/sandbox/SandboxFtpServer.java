package io.orderhub.sandbox;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The sandbox ERP: a real FTP server (Apache FtpServer) on 127.0.0.1 whose root holds the ERP's
 * {@code inbox} (order files the hub writes) and {@code outbox} (stock, shipment and invoice
 * files the hub reads), under the data directory, so a user can watch order files appear and
 * drop files in. Its port is published as {@code local.sandbox.ftp.port}, so port 0 works.
 * Tests stop and start it to play an ERP outage.
 */
@Component
@Profile("sandbox")
public class SandboxFtpServer {

    private static final Logger log = LoggerFactory.getLogger(SandboxFtpServer.class);

    private final Path root;
    private final String user;
    private final String password;
    private final String passivePorts;
    private final ConfigurableEnvironment environment;
    private int port;
    private FtpServer server;

    public SandboxFtpServer(@Value("${orderhub.sandbox.ftp.root:${orderhub.data-dir}/sandbox-erp}") Path root,
                            @Value("${orderhub.sandbox.ftp.port:2121}") int port,
                            @Value("${orderhub.sandbox.ftp.user:erp}") String user,
                            @Value("${orderhub.sandbox.ftp.password:sandbox-erp-password}") String password,
                            @Value("${orderhub.sandbox.ftp.passive-ports:0}") String passivePorts,
                            ConfigurableEnvironment environment) throws IOException, FtpException {
        this.root = root.toAbsolutePath().normalize();
        this.port = port;
        this.user = user;
        this.password = password;
        this.passivePorts = passivePorts;
        this.environment = environment;
        for (String folder : List.of("inbox", "outbox")) {
            Files.createDirectories(this.root.resolve(folder));
        }
        start();
        environment.getPropertySources().addFirst(new MapPropertySource("sandboxFtp", Map.of("local.sandbox.ftp.port", this.port)));
        log.info("SANDBOX: ERP FTP server on 127.0.0.1:{} (user {}), folders {}/inbox (order files) and {}/outbox (drop stock, "
                + "shipment and invoice files here)", this.port, user, this.root, this.root);
    }

    /** Starts the server; after a {@link #stop()} it listens on the same port again. */
    public synchronized void start() throws FtpException {
        if (server != null && !server.isStopped()) {
            return;
        }
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassivePorts(passivePorts);
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        listener.setIdleTimeout(60);
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        factory.setConnectionConfig(connections.createConnectionConfig());
        BaseUser erp = new BaseUser();
        erp.setName(user);
        erp.setPassword(password);
        erp.setHomeDirectory(root.toString());
        erp.setAuthorities(List.<Authority>of(new WritePermission(), new ConcurrentLoginPermission(20, 20)));
        factory.getUserManager().save(erp);
        server = factory.createServer();
        server.start();
        port = ((org.apache.ftpserver.impl.DefaultFtpServer) server).getListener("default").getPort();
    }

    /** Stops the server: connections are refused until {@link #start()}. */
    @PreDestroy
    public synchronized void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public int port() {
        return port;
    }

    /** The server's root folder on disk: inbox/ and outbox/ below it. */
    public Path root() {
        return root;
    }
}
