package io.orderhub.reload;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies an edited route file or connector file to the running hub (development).
 *
 * <p>Camel's route watcher reloads route files but not Kamelet templates, and it leaves a source
 * Kamelet's route (e.g. {@code from: kamelet:warehouse-confirmations-jms}) feeding the removed
 * route. A Kamelet's routes are made from its template once, when a calling route first creates
 * its {@code kamelet:} endpoint, and an endpoint is shared by every caller with the same URI. So an
 * edited connector replaces its template, drops its routes and endpoints, and rebuilds every route
 * file that calls it; an edited route file is rebuilt with fresh source connector routes, and the
 * routes made at start from its route templates (one per ERP connection) are made again. A file
 * that does not load leaves the running version as it was.
 */
@Component
public class LiveReload {

    private static final Logger log = LoggerFactory.getLogger(LiveReload.class);
    private static final String CONNECTOR_SUFFIX = ".kamelet.yaml";

    private final CamelContext camelContext;

    public LiveReload(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** The connector a file defines: {@code connectors/tax-http.kamelet.yaml} → {@code tax-http}. */
    public static String connectorName(String location) {
        String fileName = location.substring(location.lastIndexOf('/') + 1);
        if (!fileName.endsWith(CONNECTOR_SUFFIX)) {
            throw new IllegalArgumentException(location + " is not a connector file (*" + CONNECTOR_SUFFIX + ")");
        }
        return fileName.substring(0, fileName.length() - CONNECTOR_SUFFIX.length());
    }

    /**
     * Replaces the connector defined by {@code file} and rebuilds the routes that use connectors.
     *
     * @return the ids of the rebuilt routes
     */
    public synchronized Set<String> connector(Resource file) throws Exception {
        String name = connectorName(file.getLocation());
        ModelCamelContext model = (ModelCamelContext) camelContext;
        RouteTemplateDefinition previous = model.getRouteTemplateDefinition(name);
        if (previous != null) {
            model.removeRouteTemplateDefinition(previous);
        }
        try {
            PluginHelper.getRoutesLoader(camelContext).loadRoutes(file);
            if (model.getRouteTemplateDefinition(name) == null) {
                throw new IllegalArgumentException(file.getLocation() + " defines no Kamelet named " + name);
            }
        } catch (Exception e) {
            model.removeRouteTemplates(name);
            if (previous != null) {
                model.addRouteTemplateDefinition(previous);
            }
            log.warn("Connector {} not reloaded: {} does not load ({}); the running version stays", name,
                    file.getLocation(), e.getMessage());
            throw e;
        }
        Map<String, Resource> callers = callersOf(name);
        List<RouteDefinition> renewed = new ArrayList<>(instancesOf(name));
        Set<String> rebuilt = rebuild(callers, renewed, name);
        log.info("Connector {} reloaded from {}: rebuilt routes {}", name, file.getLocation(), rebuilt);
        return rebuilt;
    }

    /**
     * Reloads the routes of an edited route file, and with it every route that uses connectors.
     *
     * @return the ids of the rebuilt routes
     */
    public synchronized Set<String> routes(Resource file) throws Exception {
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camelContext).findRoutesBuilders(file)) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routeBuilder.configureRoutes(camelContext);
                }
            }
        } catch (Exception e) {
            log.warn("Route file {} not reloaded: it does not load ({}); the running routes stay", file.getLocation(),
                    e.getMessage());
            throw e;
        }
        Map<String, Resource> files = new LinkedHashMap<>();
        files.put(pathOf(file), file);
        Set<String> rebuilt = rebuild(files, new ArrayList<>(), null);
        log.info("Route file {} reloaded: rebuilt routes {}", file.getLocation(), rebuilt);
        return rebuilt;
    }

    /**
     * Route files that call the connector: those that name it in a {@code kamelet:} URI, and those
     * whose routes made a route of it (endpoint URIs built at run time, e.g. webhooks).
     */
    private Map<String, Resource> callersOf(String name) throws IOException {
        Pattern mention = Pattern.compile("kamelet:(//)?" + Pattern.quote(name) + "(?![\\w-])");
        Set<String> parentRouteIds = new LinkedHashSet<>();
        for (RouteDefinition instance : instancesOf(name)) {
            Object parent = instance.getTemplateParameters().get("parentRouteId");
            if (parent != null) {
                parentRouteIds.add(parent.toString());
            }
        }
        Map<String, Resource> files = new LinkedHashMap<>();
        for (Route route : camelContext.getRoutes()) {
            Resource source = route.getSourceResource();
            if (route.isCreatedByKamelet() || source == null || files.containsKey(pathOf(source))) {
                continue;
            }
            if (parentRouteIds.contains(route.getRouteId()) || mention.matcher(read(source)).find()) {
                files.put(pathOf(source), source);
            }
        }
        return files;
    }

    /**
     * Rebuilds the routes of {@code files}. The connector routes in {@code renewed} go with them, as
     * do the source connector routes feeding a rebuilt route: those would keep feeding the removed
     * route. Other connector routes stay and serve the rebuilt routes through their cached endpoints.
     */
    private Set<String> rebuild(Map<String, Resource> files, List<RouteDefinition> renewed, String editedConnector)
            throws Exception {
        // the files are read once: their templates are known before anything stops
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camelContext).findRoutesBuilders(files.values());
        Set<String> templateIds = templatesDefinedIn(builders);
        Map<String, Map<String, Object>> templated = routesMadeFrom(templateIds);
        List<Route> rebuiltRoutes = camelContext.getRoutes().stream()
                .filter(route -> templated.containsKey(route.getRouteId()) || !route.isCreatedByKamelet()
                        && route.getSourceResource() != null && files.containsKey(pathOf(route.getSourceResource())))
                .toList();
        List<Endpoint> stale = new ArrayList<>();
        List<RouteDefinition> feeding = new ArrayList<>();
        for (Route route : rebuiltRoutes) {
            if (route.getEndpoint() instanceof KameletEndpoint source) {
                stale.add(source);
                feeding.addAll(instancesWithId(source.getRouteId()));
            }
        }
        List<RouteDefinition> called = new ArrayList<>(renewed);
        called.removeAll(feeding);
        Set<String> renewedIds = new LinkedHashSet<>();
        feeding.forEach(instance -> renewedIds.add(instance.getId()));
        called.forEach(instance -> renewedIds.add(instance.getId()));
        // In this order, a message in flight always finishes: a source connector's route stops while
        // the route it feeds still runs, and a calling route while the connector it calls still runs.
        ModelCamelContext model = (ModelCamelContext) camelContext;
        model.removeRouteDefinitions(feeding);
        for (Route route : rebuiltRoutes) {
            camelContext.getRouteController().stopRoute(route.getRouteId());
        }
        model.removeRouteDefinitions(called);
        for (Endpoint endpoint : camelContext.getEndpoints()) {
            if (isEndpointOf(endpoint.getEndpointUri(), editedConnector, renewedIds)) {
                stale.add(endpoint);
            }
        }
        for (Endpoint endpoint : stale) {
            camelContext.removeEndpoint(endpoint);
        }

        Lock kamelets = kameletLock();
        kamelets.lock();
        try {
            return addAndStart(builders, templateIds, templated);
        } finally {
            kamelets.unlock();
        }
    }

    private Set<String> addAndStart(Collection<RoutesBuilder> builders, Set<String> templateIds,
            Map<String, Map<String, Object>> templated) throws Exception {
        // Routes are added stopped and started once all are in, so none runs half a file.
        ModelCamelContext model = (ModelCamelContext) camelContext;
        // the model keeps every template added, and a lookup finds the first: the old one must go
        for (String templateId : templateIds) {
            model.removeRouteTemplates(templateId);
        }
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteConfigurationsBuilder configurations) {
                configurations.updateRouteConfigurationsToCamelContext(camelContext);
            }
        }
        Set<String> rebuilt = new LinkedHashSet<>();
        Set<String> meantToStayStopped = new LinkedHashSet<>();
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routeBuilder) {
                for (RouteDefinition route : routeBuilder.configureRoutes(camelContext).getRoutes()) {
                    if ("false".equals(route.getAutoStartup())) {
                        meantToStayStopped.add(route.getRouteId());
                    }
                    route.setAutoStartup("false");
                }
            }
            rebuilt.addAll(builder.updateRoutesToCamelContext(camelContext));
        }
        // routes made from the file's templates at start (one per ERP connection) are made again
        for (var route : templated.entrySet()) {
            Map<String, Object> parameters = new HashMap<>(route.getValue());
            String templateId = parameters.remove(RouteTemplateParameterSource.TEMPLATE_ID).toString();
            RouteDefinition previous = model.getRouteDefinition(route.getKey());
            if (previous != null) {
                model.removeRouteDefinition(previous);
            }
            model.addRouteFromTemplate(route.getKey(), templateId, parameters);
            rebuilt.add(route.getKey());
        }
        for (String id : rebuilt) {
            if (!meantToStayStopped.contains(id)) {
                camelContext.getRouteController().startRoute(id);
            }
        }
        return rebuilt;
    }

    /**
     * The lock the Kamelet component holds while it makes a connector route. A running route that
     * creates a {@code kamelet:} endpoint at run time (webhooks: {@code toD kamelet:webhook-out})
     * takes it and then the model's monitor; adding routes takes the model's monitor and then, for
     * each new {@code kamelet:} endpoint, this lock. A reload takes this lock first, so both go in
     * the same order and a webhook's first delivery waits for the reload instead of deadlocking it.
     * Camel offers no public handle on it; without one the reload goes on unguarded.
     */
    private Lock kameletLock() {
        try {
            Field field = KameletComponent.class.getDeclaredField("lock");
            field.setAccessible(true);
            return (Lock) field.get(camelContext.getComponent("kamelet", KameletComponent.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Kamelet component lock not found ({}): a reload may race a connector created at run time", e.toString());
            return new ReentrantLock();
        }
    }

    /** The ids of the route templates the files define (routes/86-erp-export: erp-export). */
    private Set<String> templatesDefinedIn(Collection<RoutesBuilder> builders) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (RoutesBuilder builder : builders) {
            if (builder instanceof RouteBuilder routeBuilder) {
                routeBuilder.configureRoutes(camelContext);
                routeBuilder.getRouteTemplateCollection().getRouteTemplates().forEach(template -> ids.add(template.getId()));
            }
        }
        return ids;
    }

    /**
     * The routes made at start from these templates by a {@link RouteTemplateParameterSource} (e.g.
     * one export and one import route per ERP connection), each with its parameters and template id.
     */
    private Map<String, Map<String, Object>> routesMadeFrom(Set<String> templateIds) {
        Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
        if (templateIds.isEmpty()) {
            return routes;
        }
        for (RouteTemplateParameterSource source : camelContext.getRegistry().findByType(RouteTemplateParameterSource.class)) {
            for (String routeId : source.routeIds()) {
                Map<String, Object> parameters = source.parameters(routeId);
                Object templateId = parameters.get(RouteTemplateParameterSource.TEMPLATE_ID);
                if (templateId != null && templateIds.contains(templateId.toString())) {
                    routes.put(routeId, parameters);
                }
            }
        }
        return routes;
    }

    /** The routes Camel made from the connector's template, one per calling endpoint. */
    private List<RouteDefinition> instancesOf(String name) {
        return ((ModelCamelContext) camelContext).getRouteDefinitions().stream()
                .filter(definition -> Boolean.TRUE.equals(definition.isKamelet())
                        && name.equals(definition.getTemplateParameters().get("templateId")))
                .toList();
    }

    private List<RouteDefinition> instancesWithId(String routeId) {
        return ((ModelCamelContext) camelContext).getRouteDefinitions().stream()
                .filter(definition -> Boolean.TRUE.equals(definition.isKamelet()) && routeId.equals(definition.getId()))
                .toList();
    }

    /** {@code kamelet:<connector>?...} of the edited connector, or the source/sink of a renewed connector route. */
    private static boolean isEndpointOf(String uri, String connectorName, Set<String> renewedIds) {
        if (!uri.startsWith("kamelet:")) {
            return false;
        }
        String path = uri.substring("kamelet:".length()).replaceFirst("^//", "");
        if (connectorName != null && (path.equals(connectorName) || path.startsWith(connectorName + "?"))) {
            return true;
        }
        return renewedIds.stream().anyMatch(id -> path.matches("(source|sink)\\?(.*&)?routeId=" + Pattern.quote(id) + "(&.*)?"));
    }

    /** The same file may be known as {@code file:routes/x.camel.yaml} and by its absolute path. */
    private static String pathOf(Resource resource) {
        String location = resource.getLocation();
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
