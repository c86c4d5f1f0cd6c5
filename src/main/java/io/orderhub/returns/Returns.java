package io.orderhub.returns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.agent.AgentActions;
import io.orderhub.api.RequestBodies;
import io.orderhub.inventory.Location;
import io.orderhub.inventory.Locations;
import io.orderhub.notify.NotificationRequests;
import io.orderhub.order.Actor;
import io.orderhub.order.IdempotencyKeyReusedException;
import io.orderhub.order.IdempotencyStore;
import io.orderhub.order.IllegalTransitionException;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.order.Money;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.order.RequestHash;
import io.orderhub.order.Outbox;
import io.orderhub.order.Violation;
import io.orderhub.security.Caller;
import io.orderhub.sourcing.LocationType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Returns of shipped units: asking for one (an RMA number, a carrier label or a store to drop it
 * at), and its receipt by the warehouse or store, which hands it to the refund stage
 * (routes/92-returns.camel.yaml). Callable for any {@link Actor}: the API passes the storefront,
 * agent or admin; a channel scope limits a storefront to its own channel's orders.
 *
 * <p>Returns open once every unit the order will ship has shipped (SHIPPED; the order's status
 * cannot be a partial shipment and a return at once). Only units within the return window
 * ({@code orderhub.returns.window}, from the parcel's shipped time or, if later, the time returns
 * opened) and that no earlier return of the order asks for can be returned.
 */
@Service("returns")
public class Returns {

    private static final Logger log = LoggerFactory.getLogger(Returns.class);

    /** Statuses from which an order can take a (further) return: every unit it will ship has shipped. */
    static final Set<OrderStatus> RETURNABLE = EnumSet.of(OrderStatus.SHIPPED, OrderStatus.DELIVERED,
            OrderStatus.RETURN_REQUESTED, OrderStatus.RETURN_RECEIVED, OrderStatus.REFUNDED);

    /** Crockford's base32: no I, L, O or U, so an RMA read out on the phone is not misheard. */
    private static final char[] RMA_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int MAX_QUANTITY = 100_000;

    /**
     * A validated return request, not yet stored: the route may buy its label before {@link #create}.
     * A request repeated with its Idempotency-Key comes back {@code answered} (the first answer):
     * nothing is bought or stored again.
     */
    public record PreparedReturn(String id, String orderId, ReturnMethod method, String locationId, String reason,
                                 Actor actor, List<OrderReturn.Line> lines, Money amount, OrderReturn.Label label,
                                 KeyedRequest keyed, String answered) {

        public PreparedReturn withLabel(OrderReturn.Label bought) {
            return new PreparedReturn(id, orderId, method, locationId, reason, actor, lines, amount, bought, keyed, answered);
        }

        /** A mailed return gets a carrier label first; a repeated request (answered) buys nothing. */
        public boolean needsLabel() {
            return method == ReturnMethod.MAIL && answered == null;
        }

        static PreparedReturn answered(String id, String orderId, String firstAnswer) {
            return new PreparedReturn(id, orderId, null, null, null, null, List.of(), null, null, null, firstAnswer);
        }
    }

    /** A request sent with an Idempotency-Key: its answer is kept under (scope, key) for the request's hash. */
    public record KeyedRequest(String scope, String key, String requestHash) {
    }

    private final OrderRepository orders;
    private final ReturnRepository returns;
    private final OrderLifecycle lifecycle;
    private final Locations locations;
    private final ReturnProperties properties;
    private final AgentActions agentActions;
    private final Outbox outbox;
    private final NotificationRequests notifications;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final IdempotencyStore idempotency;
    private final RequestHash requestHash;
    private final TransactionTemplate transaction;
    private final SecureRandom random = new SecureRandom();

    public Returns(OrderRepository orders, ReturnRepository returns, OrderLifecycle lifecycle, Locations locations,
                   ReturnProperties properties, AgentActions agentActions, Outbox outbox, JdbcTemplate jdbc,
                   ObjectMapper mapper, Clock clock, IdempotencyStore idempotency, RequestHash requestHash,
                   TransactionTemplate transaction, NotificationRequests notifications) {
        this.notifications = notifications;
        this.orders = orders;
        this.returns = returns;
        this.lifecycle = lifecycle;
        this.locations = locations;
        this.properties = properties;
        this.agentActions = agentActions;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
        this.idempotency = idempotency;
        this.requestHash = requestHash;
        this.transaction = transaction;
        // a return label needs a street to go to: a configuration mistake stops the hub at start, not a customer's return
        ReturnProperties.Address mailTo = properties.addresses().get(properties.mailTo());
        if (locations.find(properties.mailTo()).isEmpty() || mailTo == null || mailTo.line1() == null || mailTo.city() == null) {
            throw new IllegalStateException("orderhub.returns.mail-to '" + properties.mailTo() + "' must be a location of "
                    + "config/locations.yaml with a street address (line1, city) in orderhub.returns.addresses");
        }
    }

    // --- asking for a return

    /**
     * The API's form: the caller is the actor, a storefront sees only its own channel. With an
     * Idempotency-Key, a repeat of the same request gets the first answer, and the RMA number (so
     * also the label's effect key) follows from the key: a retry after a crash buys no second label.
     */
    public PreparedReturn prepare(String orderId, String body, Caller caller, String idempotencyKey) {
        JsonNode request = RequestBodies.object(mapper, body);
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return prepareFor(orderId, request, caller.actor(), caller.restrictedChannel());
        }
        KeyedRequest keyed = new KeyedRequest(caller.keyName() + ":returns:" + orderId, idempotencyKey.trim(),
                requestHash.of(request));
        String rma = rmaNumberFor(keyed);
        String firstAnswer = firstAnswer(keyed);
        if (firstAnswer != null) {
            return PreparedReturn.answered(rma, orderId, firstAnswer);
        }
        PreparedReturn prepared = prepareFor(orderId, request, caller.actor(), caller.restrictedChannel());
        return new PreparedReturn(rma, prepared.orderId(), prepared.method(), prepared.locationId(), prepared.reason(),
                prepared.actor(), prepared.lines(), prepared.amount(), null, keyed, null);
    }

    /**
     * Validates a return request against the order and prices it; stores nothing.
     * Body: {"lines": [{"lineNumber", "quantity"}], "method": "mail" | "store", "storeId" (for store), "reason"}.
     *
     * @param channelScope the only channel whose orders the actor may return, or null for any
     */
    public PreparedReturn prepareFor(String orderId, JsonNode request, Actor actor, String channelScope) {
        Order order = orders.findById(orderId)
                .filter(found -> channelScope == null || channelScope.equals(found.channel()))
                .orElseThrow(() -> new OrderNotFoundException(orderId));
        List<Violation> problems = new ArrayList<>();
        String reason = RequestBodies.reason(request, problems);
        ReturnMethod method = null;
        String methodName = request.path("method").asText("");
        try {
            method = ReturnMethod.valueOf(methodName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Violation("/method", "must be 'mail' (a prepaid carrier label) or 'store' (drop-off at a store)"));
        }
        String locationId = null;
        if (method == ReturnMethod.STORE) {
            String storeId = request.path("storeId").asText("");
            Location store = locations.find(storeId).orElse(null);
            if (store == null || store.type() != LocationType.STORE) {
                problems.add(new Violation("/storeId", "'" + storeId + "' is not a store; one of "
                        + locations.all().stream().filter(l -> l.type() == LocationType.STORE).map(Location::id).sorted().toList()));
            } else {
                locationId = store.id();
            }
        } else if (method == ReturnMethod.MAIL) {
            locationId = properties.mailTo();
        }
        Map<Integer, Integer> wanted = requestedLines(order, request, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        checkReturnable(order, wanted);
        List<OrderReturn.Line> lines = new ArrayList<>();
        Map<Integer, Money> lineTaxes = orders.lineTaxes(order);
        Money amount = Money.zero(order.currency());
        for (Map.Entry<Integer, Integer> entry : wanted.entrySet()) {
            Order.OrderLine line = order.line(entry.getKey());
            Money worth = worth(order, line, entry.getValue(), lineTaxes);
            lines.add(new OrderReturn.Line(line.lineNumber(), entry.getValue(), worth, null, null));
            amount = amount.plus(worth);
        }
        return new PreparedReturn(newRmaNumber(), order.id(), method, locationId, reason, actor, lines, amount, null, null, null);
    }

    /**
     * Stores the return (checked again under the order's row lock, so two concurrent returns
     * cannot take back the same units) and moves the order to RETURN_REQUESTED; a keyed request
     * keeps its answer in the same transaction. A repeated request answers as the first did.
     */
    public ObjectNode create(PreparedReturn prepared) throws Exception {
        if (prepared.answered() != null) {
            return (ObjectNode) mapper.readTree(prepared.answered());
        }
        try {
            return transaction.execute(tx -> store(prepared));
        } catch (DuplicateKeyException concurrent) {
            // the same keyed request, sent twice at once: the other one stored it (its RMA number is this one's)
            String firstAnswer = prepared.keyed() == null ? null : firstAnswer(prepared.keyed());
            if (firstAnswer == null) {
                throw concurrent;
            }
            return (ObjectNode) mapper.readTree(firstAnswer);
        }
    }

    private ObjectNode store(PreparedReturn prepared) {
        orders.lockStatus(prepared.orderId()).orElseThrow(() -> new OrderNotFoundException(prepared.orderId()));
        if (prepared.keyed() != null) {
            // a repeat that waited for the order's lock while the first one was being stored
            String firstAnswer = firstAnswer(prepared.keyed());
            if (firstAnswer != null) {
                return (ObjectNode) RequestBodies.object(mapper, firstAnswer);
            }
        }
        Order order = orders.findById(prepared.orderId()).orElseThrow();
        Map<Integer, Integer> wanted = new LinkedHashMap<>();
        prepared.lines().forEach(line -> wanted.put(line.lineNumber(), line.quantity()));
        checkReturnable(order, wanted);
        Instant now = clock.instant();
        returns.insert(new OrderReturn(prepared.id(), order.id(), ReturnStatus.REQUESTED, prepared.method(), prepared.locationId(),
                prepared.label(), prepared.amount(), null, prepared.reason(), now, now, prepared.lines()));
        returns.appendHistory(prepared.id(), new ReturnRepository.Change(null, ReturnStatus.REQUESTED, prepared.actor(),
                prepared.reason(), now));
        int units = prepared.lines().stream().mapToInt(OrderReturn.Line::quantity).sum();
        syncOrderStatus(order.id(), prepared.actor(), "return " + prepared.id() + " requested (" + units + " unit(s), "
                + prepared.method().name().toLowerCase(Locale.ROOT) + "): " + prepared.reason());
        if (AgentActions.isAgent(prepared.actor())) {
            agentActions.record(order.id(), AgentActions.CREATE_RETURN, prepared.actor(), prepared.reason(), prepared.id());
        }
        log.info("return {} of order {} requested: {} unit(s) by {}", prepared.id(), order.id(), units, prepared.method());
        ObjectNode answer = view(prepared.id());
        if (prepared.keyed() != null) {
            KeyedRequest keyed = prepared.keyed();
            idempotency.save(keyed.scope(), keyed.key(),
                    new IdempotencyStore.StoredResponse(keyed.requestHash(), 201, answer.toString(), order.id()), now);
        }
        return answer;
    }

    /** The answer kept for a keyed request, or null; the same key with another request is refused (422). */
    private String firstAnswer(KeyedRequest keyed) {
        return idempotency.find(keyed.scope(), keyed.key())
                .map(stored -> {
                    if (!stored.requestHash().equals(keyed.requestHash())) {
                        throw new IdempotencyKeyReusedException(keyed.key());
                    }
                    return stored.body();
                })
                .orElse(null);
    }

    // --- receipt

    /** The API's form: an agent or admin confirms what arrived. */
    @Transactional
    public ObjectNode receive(String returnId, String body, Caller caller) {
        receive(returnId, RequestBodies.object(mapper, body), caller.actor(), false);
        return view(returnId);
    }

    /**
     * A warehouse's or store's confirmation from the queue {@code orderhub.returns.receipts-queue}:
     * {"returnId", "lines": [{"lineNumber", "quantity", "condition"}], "confirmedBy", "reason"}. A
     * repeated confirmation of a return already received changes nothing.
     */
    @Transactional
    public void receiveConfirmation(String message) throws Exception {
        JsonNode confirmation = mapper.readTree(message);
        String returnId = confirmation.path("returnId").asText("");
        String confirmedBy = confirmation.path("confirmedBy").asText("");
        OrderReturn ret = returns.find(returnId).orElseThrow(() -> new ReturnNotFoundException(returnId));
        ObjectNode withReason = confirmation.deepCopy();
        if (!withReason.hasNonNull("reason")) {
            withReason.put("reason", "received at " + ret.locationId());
        }
        receive(returnId, withReason, new Actor(Actor.Kind.PARTNER, confirmedBy.isBlank() ? ret.locationId() : confirmedBy), true);
    }

    private void receive(String returnId, JsonNode request, Actor actor, boolean repeatIsHarmless) {
        OrderReturn ret = returns.find(returnId).orElseThrow(() -> new ReturnNotFoundException(returnId));
        // order first, then return: the same lock order as everywhere else, so no deadlock
        orders.lockStatus(ret.orderId()).orElseThrow(() -> new OrderNotFoundException(ret.orderId()));
        ReturnStatus status = returns.lockStatus(returnId).orElseThrow();
        List<Violation> problems = new ArrayList<>();
        String reason = RequestBodies.reason(request, problems);
        Map<Integer, int[]> received = receivedLines(ret, request, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (!status.canMoveTo(ReturnStatus.RECEIVED)) {
            if (repeatIsHarmless) {
                log.info("receipt of return {} confirmed again; it is {} already", returnId, status);
                return;
            }
            throw new ReturnNotAllowedException("return " + returnId + " is " + status + ": its receipt was recorded before", List.of());
        }
        Order order = orders.findById(ret.orderId()).orElseThrow();
        Map<Integer, Money> lineTaxes = orders.lineTaxes(order);
        Money refund = Money.zero(order.currency());
        int resellable = 0;
        int damaged = 0;
        for (OrderReturn.Line line : ret.lines()) {
            int[] units = received.getOrDefault(line.lineNumber(), new int[2]);
            returns.setReceived(returnId, line.lineNumber(), units[0], units[1]);
            resellable += units[0];
            damaged += units[1];
            if (units[0] + units[1] > 0) {
                refund = refund.plus(worth(order, order.line(line.lineNumber()), units[0] + units[1], lineTaxes));
            }
        }
        Instant now = clock.instant();
        planRefund(ret, received.keySet(), refund, now);
        returns.setStatus(returnId, ReturnStatus.RECEIVED, now);
        String summary = resellable + " resellable, " + damaged + " damaged unit(s) received; " + refund.toPlainString() + " "
                + order.currency().getCurrencyCode() + " to refund";
        returns.appendHistory(returnId, new ReturnRepository.Change(ReturnStatus.REQUESTED, ReturnStatus.RECEIVED, actor,
                summary + ": " + reason, now));
        syncOrderStatus(ret.orderId(), actor, "return " + returnId + " received: " + summary);
        if (AgentActions.isAgent(actor)) {
            agentActions.record(ret.orderId(), AgentActions.CONFIRM_RETURN_RECEIPT, actor, reason, returnId + ": " + summary);
        }
        // the refund stage takes over once this transaction commits (transactional outbox); the
        // customer hears the return arrived from here, so a refund that fails cannot hold that back
        outbox.send("returns.received", ret.orderId(),
                mapper.createObjectNode().put("orderId", ret.orderId()).put("returnId", returnId).toString(), now);
        outbox.send("notifications.requested", ret.orderId(), notifications.request(ret.orderId(), "return-received",
                Map.of(NotificationRequests.RETURN_ID, returnId)), now);
    }

    /**
     * Spreads the refund over the order's captures, each up to what earlier refunds left of it:
     * first those that paid for parcels holding the returned lines, then the others, oldest first.
     * Planned now, in the receipt's transaction, so every redelivery of the refund stage makes
     * exactly these refunds.
     */
    private void planRefund(OrderReturn ret, Set<Integer> returnedLines, Money refund, Instant now) {
        BigDecimal left = refund.amount();
        List<ReturnRepository.Capture> captures = new ArrayList<>(returns.captures(ret.orderId(), refund.currency()));
        // a stable sort: within each group the captures stay oldest first
        captures.sort(java.util.Comparator.comparing(capture -> !paidFor(capture, returnedLines)));
        for (ReturnRepository.Capture capture : captures) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal share = left.min(capture.refundable().amount());
            if (share.signum() > 0) {
                returns.planRefund(ret.id(), capture.captureId(), new Money(share, refund.currency()), now);
                left = left.subtract(share);
            }
        }
        if (left.signum() > 0) {
            throw new ReturnNotAllowedException("return " + ret.id() + " would refund " + refund.toPlainString()
                    + " but only " + refund.amount().subtract(left).toPlainString() + " of the order's captured payment is left to refund",
                    List.of());
        }
    }

    private boolean paidFor(ReturnRepository.Capture capture, Set<Integer> lineNumbers) {
        if (capture.shipmentLines() == null) {
            return false;
        }
        try {
            for (JsonNode line : mapper.readTree(capture.shipmentLines())) {
                if (lineNumbers.contains(line.path("lineNumber").asInt())) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable lines of the shipment paid by capture " + capture.captureId(), e);
        }
    }

    // --- reading

    public ObjectNode view(String returnId, Caller caller) {
        OrderReturn ret = returns.find(returnId).orElseThrow(() -> new ReturnNotFoundException(returnId));
        if (caller.restrictedChannel() != null
                && orders.findById(ret.orderId()).filter(o -> o.channel().equals(caller.restrictedChannel())).isEmpty()) {
            throw new ReturnNotFoundException(returnId);
        }
        return view(returnId);
    }

    public ObjectNode view(String returnId) {
        OrderReturn ret = returns.find(returnId).orElseThrow(() -> new ReturnNotFoundException(returnId));
        return json(ret, orders.findById(ret.orderId()).orElseThrow());
    }

    /** The order's returns, oldest first; 404 for an order the caller may not see. */
    public ObjectNode forOrder(String orderId, Caller caller) {
        Order order = orders.findById(orderId)
                .filter(found -> caller.restrictedChannel() == null || caller.restrictedChannel().equals(found.channel()))
                .orElseThrow(() -> new OrderNotFoundException(orderId));
        ObjectNode result = mapper.createObjectNode().put("orderId", orderId);
        ArrayNode list = result.putArray("returns");
        returns.forOrder(orderId).forEach(ret -> list.add(json(ret, order)));
        return result;
    }

    public ArrayNode listFor(String orderId) {
        Order order = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        ArrayNode list = mapper.createArrayNode();
        returns.forOrder(orderId).forEach(ret -> list.add(json(ret, order)));
        return list;
    }

    private ObjectNode json(OrderReturn ret, Order order) {
        ObjectNode node = mapper.createObjectNode();
        node.put("returnId", ret.id());
        node.put("orderId", ret.orderId());
        node.put("status", ret.status().name());
        node.put("method", ret.method().name().toLowerCase(Locale.ROOT));
        node.set("returnTo", location(ret.locationId()));
        if (ret.label() != null) {
            node.putObject("label").put("carrier", ret.label().carrier()).put("trackingNumber", ret.label().trackingNumber())
                    .put("labelUrl", ret.label().labelUrl());
        }
        node.put("currency", ret.amount().currency().getCurrencyCode());
        node.put("amount", ret.amount().toPlainString());
        node.put("refundedAmount", ret.refundedAmount() == null ? null : ret.refundedAmount().toPlainString());
        node.put("reason", ret.reason());
        ArrayNode lines = node.putArray("lines");
        for (OrderReturn.Line line : ret.lines()) {
            ObjectNode entry = lines.addObject().put("lineNumber", line.lineNumber()).put("sku", order.line(line.lineNumber()).sku())
                    .put("quantity", line.quantity()).put("amount", line.amount().toPlainString());
            if (line.receivedResellable() != null) {
                entry.putObject("received").put("resellable", line.receivedResellable()).put("damaged", line.receivedDamaged());
            }
        }
        ArrayNode history = node.putArray("history");
        for (ReturnRepository.Change change : returns.history(ret.id())) {
            history.addObject().put("at", change.at().toString())
                    .put("from", change.from() == null ? null : change.from().name()).put("to", change.to().name())
                    .put("actor", change.actor().kind().name().toLowerCase(Locale.ROOT)).put("actorId", change.actor().id())
                    .put("reason", change.reason());
        }
        node.put("createdAt", ret.createdAt().toString());
        node.put("updatedAt", ret.updatedAt().toString());
        return node;
    }

    /** Where the goods go: the location, with its street address when one is configured. */
    ObjectNode location(String locationId) {
        ObjectNode node = mapper.createObjectNode().put("locationId", locationId);
        locations.find(locationId).ifPresent(location -> node.put("name", location.name())
                .put("type", location.type().name().toLowerCase(Locale.ROOT)));
        ReturnProperties.Address address = properties.addresses().get(locationId);
        ObjectNode postal = node.putObject("address");
        if (address != null) {
            postal.put("name", address.name()).put("line1", address.line1()).put("line2", address.line2()).put("city", address.city());
        }
        locations.find(locationId).ifPresent(location -> postal.put("postalCode", location.postalCode()).put("country", location.country()));
        return node;
    }

    // --- rules

    /** Refuses (409, naming each line) units that did not ship, shipped outside the window, or are already asked back. */
    void checkReturnable(Order order, Map<Integer, Integer> wanted) {
        Instant windowStart = clock.instant().minus(properties.window());
        Instant returnsOpened = returnsOpened(order.id());
        Map<Integer, Integer> shipped = new HashMap<>();
        Map<Integer, Integer> shippedInWindow = new HashMap<>();
        Map<Integer, Instant> lastShipped = new HashMap<>();
        jdbc.query("select lines, shipped_at from shipments where order_id = ?", rs -> {
            Instant parcelShipped = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
            // a unit's window starts when it shipped, but never before returns opened: the early
            // parcels of an order that waited long for its last ones keep their full window
            Instant at = returnsOpened != null && returnsOpened.isAfter(parcelShipped) ? returnsOpened : parcelShipped;
            try {
                for (JsonNode line : mapper.readTree(rs.getString(1))) {
                    int number = line.path("lineNumber").asInt();
                    int quantity = line.path("quantity").asInt();
                    shipped.merge(number, quantity, Integer::sum);
                    lastShipped.merge(number, at, (a, b) -> a.isAfter(b) ? a : b);
                    if (!at.isBefore(windowStart)) {
                        shippedInWindow.merge(number, quantity, Integer::sum);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("unreadable shipment lines for order " + order.id(), e);
            }
        }, order.id());
        Map<Integer, Integer> alreadyRequested = returns.requestedQuantities(order.id());
        List<Violation> refusals = new ArrayList<>();
        int index = 0;
        for (Map.Entry<Integer, Integer> entry : wanted.entrySet()) {
            int lineNumber = entry.getKey();
            int quantity = entry.getValue();
            String line = "line " + lineNumber + " (" + order.line(lineNumber).sku() + ")";
            String pointer = "/lines/" + index++;
            int units = shipped.getOrDefault(lineNumber, 0);
            int inWindow = shippedInWindow.getOrDefault(lineNumber, 0);
            int open = units - alreadyRequested.getOrDefault(lineNumber, 0);
            int returnable = Math.max(0, Math.min(open, inWindow));
            if (units == 0) {
                refusals.add(new Violation(pointer, line + " has not shipped; only shipped units can be returned"));
            } else if (inWindow == 0) {
                refusals.add(new Violation(pointer, line + " shipped " + lastShipped.get(lineNumber) + ", outside the "
                        + properties.window().toDays() + "-day return window"));
            } else if (quantity > returnable) {
                refusals.add(new Violation(pointer + "/quantity", line + ": " + quantity + " unit(s) asked back, but only " + returnable
                        + " can be (" + units + " shipped, " + inWindow + " within the return window, "
                        + alreadyRequested.getOrDefault(lineNumber, 0) + " on earlier returns)"));
            }
        }
        if (!refusals.isEmpty()) {
            throw new ReturnNotAllowedException("these units cannot be returned; see errors", refusals);
        }
        if (!RETURNABLE.contains(order.status())) {
            throw new ReturnNotAllowedException("order " + order.id() + " is " + order.status()
                    + ": returns open once every unit it will ship has shipped", List.of());
        }
    }

    /**
     * When returns opened for the order: its first move to SHIPPED (every unit it will ship had
     * shipped); null while it has not shipped in full.
     */
    private Instant returnsOpened(String orderId) {
        return jdbc.query("select min(occurred_at) from order_history where order_id = ? and to_status = ?",
                (rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class), orderId, OrderStatus.SHIPPED.name())
                .stream().filter(java.util.Objects::nonNull).map(java.time.OffsetDateTime::toInstant).findFirst().orElse(null);
    }

    /**
     * Moves the order to the status its returns add up to: RETURN_RECEIVED while a received
     * return awaits its refund, else RETURN_REQUESTED while one is on its way, else REFUNDED.
     * Every return event is recorded in the order's history, a same-status move included.
     */
    void syncOrderStatus(String orderId, Actor actor, String reason) {
        List<OrderReturn> all = returns.forOrder(orderId);
        OrderStatus target = all.stream().anyMatch(r -> r.status() == ReturnStatus.RECEIVED) ? OrderStatus.RETURN_RECEIVED
                : all.stream().anyMatch(r -> r.status() == ReturnStatus.REQUESTED) ? OrderStatus.RETURN_REQUESTED
                : OrderStatus.REFUNDED;
        try {
            lifecycle.transition(orderId, target, actor, reason);
        } catch (IllegalTransitionException e) {
            throw new ReturnNotAllowedException(e.getMessage(), List.of());
        }
    }

    /** What some units of a line are worth: their price plus the same share of the line's tax (as captured). */
    static Money worth(Order order, Order.OrderLine line, int quantity, Map<Integer, Money> lineTaxes) {
        Money amount = line.unitPrice().times(quantity);
        Money lineTax = lineTaxes.get(line.lineNumber());
        if (lineTax != null) {
            BigDecimal share = lineTax.amount().multiply(BigDecimal.valueOf(quantity))
                    .divide(BigDecimal.valueOf(line.quantity()), order.currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
            amount = amount.plus(new Money(share, order.currency()));
        }
        return amount;
    }

    /** "RMA-" and 10 random base32 characters: 50 bits, not guessable from another customer's number. */
    /** The RMA number of a keyed request: 10 Crockford base32 characters of SHA-256(scope, key). */
    static String rmaNumberFor(KeyedRequest keyed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((keyed.scope() + "\n" + keyed.key()).getBytes(StandardCharsets.UTF_8));
            StringBuilder rma = new StringBuilder("RMA-");
            for (int i = 0; i < 10; i++) {
                rma.append(RMA_ALPHABET[(digest[i] & 0xff) % RMA_ALPHABET.length]);
            }
            return rma.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String newRmaNumber() {
        StringBuilder rma = new StringBuilder("RMA-");
        for (int i = 0; i < 10; i++) {
            rma.append(RMA_ALPHABET[random.nextInt(RMA_ALPHABET.length)]);
        }
        return rma.toString();
    }

    // --- request parsing

    private static Map<Integer, Integer> requestedLines(Order order, JsonNode request, List<Violation> problems) {
        Map<Integer, Integer> wanted = new LinkedHashMap<>();
        JsonNode lines = request.path("lines");
        if (!lines.isArray() || lines.isEmpty()) {
            problems.add(new Violation("/lines", "name at least one order line: [{\"lineNumber\": 1, \"quantity\": 1}]"));
            return wanted;
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            int lineNumber = line.path("lineNumber").canConvertToInt() && line.path("lineNumber").isIntegralNumber()
                    ? line.path("lineNumber").asInt() : -1;
            int quantity = line.path("quantity").isIntegralNumber() && line.path("quantity").canConvertToInt()
                    ? line.path("quantity").asInt() : -1;
            if (order.lines().stream().noneMatch(l -> l.lineNumber() == lineNumber)) {
                problems.add(new Violation("/lines/" + i + "/lineNumber", "is not a line of order " + order.id()));
            } else if (wanted.containsKey(lineNumber)) {
                problems.add(new Violation("/lines/" + i + "/lineNumber", "line " + lineNumber + " is named twice"));
            }
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                problems.add(new Violation("/lines/" + i + "/quantity", "must be a whole number from 1 to " + MAX_QUANTITY));
            }
            wanted.putIfAbsent(lineNumber, quantity);
        }
        return wanted;
    }

    /** Per return line, [resellable, damaged] units received; the same line may come in both conditions. */
    private static Map<Integer, int[]> receivedLines(OrderReturn ret, JsonNode request, List<Violation> problems) {
        Map<Integer, int[]> received = new HashMap<>();
        JsonNode lines = request.path("lines");
        if (!lines.isArray() || lines.isEmpty()) {
            problems.add(new Violation("/lines", "list what arrived: [{\"lineNumber\": 1, \"quantity\": 1, \"condition\": \"RESELLABLE\"}]"));
            return received;
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            int lineNumber = line.path("lineNumber").isIntegralNumber() ? line.path("lineNumber").asInt() : -1;
            int quantity = line.path("quantity").isIntegralNumber() && line.path("quantity").canConvertToInt()
                    ? line.path("quantity").asInt() : -1;
            OrderReturn.Line returned = ret.lines().stream().filter(l -> l.lineNumber() == lineNumber).findFirst().orElse(null);
            ReturnCondition condition = null;
            try {
                condition = ReturnCondition.valueOf(line.path("condition").asText("").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("/lines/" + i + "/condition", "must be RESELLABLE or DAMAGED"));
            }
            if (returned == null) {
                problems.add(new Violation("/lines/" + i + "/lineNumber", "is not a line of return " + ret.id()));
                continue;
            }
            if (quantity < 1) {
                problems.add(new Violation("/lines/" + i + "/quantity", "must be a whole number of at least 1"));
                continue;
            }
            int[] units = received.computeIfAbsent(lineNumber, n -> new int[2]);
            if (condition != null) {
                units[condition == ReturnCondition.RESELLABLE ? 0 : 1] += quantity;
            }
            if (units[0] + units[1] > returned.quantity()) {
                problems.add(new Violation("/lines/" + i + "/quantity", "line " + lineNumber + ": more units received ("
                        + (units[0] + units[1]) + ") than the return asked back (" + returned.quantity() + ")"));
            }
        }
        return received;
    }
}
