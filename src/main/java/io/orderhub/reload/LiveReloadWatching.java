package io.orderhub.reload;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Development only ({@code orderhub.dev.live-reload=true}, set by the {@code dev} profile): watches
 * the routes and connectors folders and applies each saved file to the running hub.
 */
@Configuration
@ConditionalOnProperty(name = "orderhub.dev.live-reload", havingValue = "true")
public class LiveReloadWatching {

    private static final Logger log = LoggerFactory.getLogger(LiveReloadWatching.class);

    @Bean
    CamelContextConfiguration liveReloadWatchers(LiveReload reload,
            @Value("${orderhub.routes-dir}") Path routesDir,
            @Value("${orderhub.connectors-dir}") Path connectorsDir) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                watch(camelContext, routesDir, ".camel.yaml", reload::routes);
                watch(camelContext, connectorsDir, ".kamelet.yaml", reload::connector);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                log.info("Live reload: saved files in {} and {} take effect without a restart", routesDir, connectorsDir);
            }
        };
    }

    private interface Reload {
        void apply(org.apache.camel.spi.Resource file) throws Exception;
    }

    private static void watch(CamelContext camelContext, Path dir, String suffix, Reload reload) {
        FileWatcherResourceReloadStrategy watcher = new FileWatcherResourceReloadStrategy(dir.toAbsolutePath().toString());
        watcher.setFileFilter(file -> file.getName().endsWith(suffix));
        // a deleted file is reported too: there is nothing to load, the running version stays
        ResourceReload onSaved = (name, file) -> {
            if (Files.exists(Path.of(name))) {
                reload.apply(file);
            }
        };
        watcher.setResourceReload(onSaved);
        try {
            camelContext.addService(watcher, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot watch " + dir, e);
        }
    }
}
