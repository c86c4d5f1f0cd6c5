package io.orderhub.customer;

import static io.orderhub.order.OrderStatus.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.carrier.ParcelLabels;
import io.orderhub.delivery.DeliveryOptions;
import io.orderhub.delivery.DeliveryRules;
import io.orderhub.fulfilment.FulfilmentOrder;
import io.orderhub.fulfilment.FulfilmentOrders;
import io.orderhub.fulfilment.Shipments;
import io.orderhub.inventory.Locations;
import io.orderhub.inventory.Reservations;
import io.orderhub.order.Actor;
import io.orderhub.order.IdempotencyKeyReusedException;
import io.orderhub.order.IdempotencyStore;
import io.orderhub.order.InvalidRequestException;
import io.orderhub.order.Order;
import io.orderhub.order.OrderLifecycle;
import io.orderhub.order.OrderNotFoundException;
import io.orderhub.order.OrderRepository;
import io.orderhub.order.OrderStatus;
import io.orderhub.order.Outbox;
import io.orderhub.order.RequestHash;
import io.orderhub.order.StatusChange;
import io.orderhub.order.Violation;
import io.orderhub.pipeline.Effects;
import io.orderhub.security.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes customers (with their access token), storefronts and agents make to an order after
 * intake: its shipping details, and cancelling it or some of its lines/units. Each change is
 * decided under the order's row lock, recorded in {@code order_changes} and in the order's
 * history with who asked and why, and its effects on partners (tax, payment) are left to the
 * follow-up stage (routes/93-order-changes) through the outbox, keyed by the change id.
 *
 * <p>Changes are taken only while no pipeline stage is working on the order ({@link #BUSY}: its
 * partner calls would act on what the change replaces); those answer 409 "try again shortly".
 */
@Component("orderChanges")
public class OrderChanges {

    public static final String CHANGED_QUEUE = "orders.changed";
    public static final String CANCELLED_QUEUE = "orders.cancelled";

    /**
     * A stage is acting on the order now: the change waits until it is at rest. SOURCED included:
     * the release stage sends the fulfilment orders as they are then, and a change committed while
     * that call is in flight would not reach the site.
     */
    static final Set<OrderStatus> BUSY = EnumSet.of(RECEIVED, ACCEPTED, SCREENED, TAXED, PAYMENT_AUTHORISED, RESERVED, SOURCED);
    static final Set<OrderStatus> ADDRESS_CHANGEABLE = EnumSet.of(FRAUD_HOLD, BACKORDERED, RELEASED,
            PARTIALLY_SHIPPED, SHIPPED, PARTIALLY_CANCELLED);
    static final Set<OrderStatus> CANCELLABLE = EnumSet.of(FRAUD_HOLD, BACKORDERED, RELEASED,
            PARTIALLY_SHIPPED, PARTIALLY_CANCELLED, FAILED);
    private static final int MAX_REASON = 500;
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    static final String SHIPPING_KIND = "shipping-address";
    static final String CANCEL_KIND = "cancel";

    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final FulfilmentOrders fulfilments;
    private final Shipments shipments;
    private final Reservations reservations;
    private final Outbox outbox;
    private final DeliveryRules deliveryRules;
    private final DeliveryOptions deliveryOptions;
    private final ParcelLabels parcelLabels;
    private final Effects effects;
    private final Locations locations;
    private final IdempotencyStore idempotency;
    private final RequestHash requestHash;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    public OrderChanges(OrderRepository orders, OrderLifecycle lifecycle, FulfilmentOrders fulfilments, Shipments shipments,
                        Reservations reservations, Outbox outbox, DeliveryRules deliveryRules, DeliveryOptions deliveryOptions,
                        ParcelLabels parcelLabels,
                        Effects effects, Locations locations, IdempotencyStore idempotency, RequestHash requestHash,
                        JdbcTemplate jdbc, ObjectMapper mapper, Clock clock) {
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.fulfilments = fulfilments;
        this.shipments = shipments;
        this.reservations = reservations;
        this.outbox = outbox;
        this.deliveryRules = deliveryRules;
        this.deliveryOptions = deliveryOptions;
        this.parcelLabels = parcelLabels;
        this.effects = effects;
        this.locations = locations;
        this.idempotency = idempotency;
        this.requestHash = requestHash;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ Idempotency-Key

    /**
     * Whether the request repeats one made before under the caller's Idempotency-Key (for this
     * order and kind of change): it then changes nothing again and is answered with the order as
     * it is now. The same key with another body is refused (422); without a key every request is new.
     */
    @Transactional(readOnly = true)
    public boolean isRepeat(String orderId, String kind, String body, Caller caller, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return false;
        }
        visibleOrder(orderId, caller);
        checkKey(idempotencyKey);
        String hash = requestHash.of(parse(body == null || body.isBlank() ? "{}" : body));
        return idempotency.find(keyScope(orderId, kind, caller), idempotencyKey.trim())
                .map(stored -> {
                    if (!stored.requestHash().equals(hash)) {
                        throw new IdempotencyKeyReusedException(idempotencyKey.trim());
                    }
                    return true;
                })
                .orElse(false);
    }

    /** Keeps the change a keyed request made, in the transaction that makes it: a retry cannot make it twice. */
    private void rememberKey(String orderId, String kind, String body, Caller caller, String idempotencyKey, String changeId, Instant now) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return;
        }
        String hash = requestHash.of(parse(body == null || body.isBlank() ? "{}" : body));
        try {
            idempotency.save(keyScope(orderId, kind, caller), idempotencyKey.trim(), new IdempotencyStore.StoredResponse(hash, 200,
                    mapper.createObjectNode().put("orderId", orderId).put("changeId", changeId).toString(), orderId), now);
        } catch (DuplicateKeyException sentTwiceAtOnce) {
            throw ChangeRefusedException.conflict("order-busy", "The same change is being made",
                    "a request with this Idempotency-Key is being processed; send it again to get its answer");
        }
    }

    private static String keyScope(String orderId, String kind, Caller caller) {
        return caller.keyName() + ":" + kind + ":" + orderId;
    }

    /**
     * The id of a change: with an Idempotency-Key it follows from the key (as a return's RMA does),
     * so two requests sent at once with one key ask the partners under the same keys and get the
     * first answer twice, instead of a site taking units back or a carrier redirecting twice.
     */
    static String changeIdFor(String orderId, String kind, Caller caller, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes((keyScope(orderId, kind, caller) + "\n" + idempotencyKey.trim())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Whether a request with this key was made while this one waited for the order's row lock
     * (two sent at once both passed {@link #isRepeat}): it then changes nothing and is answered as
     * a repeat. The same key with another body is refused as in {@link #isRepeat}.
     */
    private boolean madeMeanwhile(String orderId, String kind, String body, Caller caller, String idempotencyKey) {
        return idempotencyKey != null && !idempotencyKey.isBlank() && isRepeat(orderId, kind, body, caller, idempotencyKey);
    }

    private static void checkKey(String idempotencyKey) {
        if (idempotencyKey.trim().length() > MAX_IDEMPOTENCY_KEY) {
            throw new InvalidRequestException(List.of(new Violation("/headers/Idempotency-Key",
                    "must be at most " + MAX_IDEMPOTENCY_KEY + " characters")));
        }
    }

    // ------------------------------------------------------------------ shipping details

    /**
     * Step 1 of a change of shipping details ({@code {shippingAddress, deliveryOption?, reason?}}):
     * checks it and decides how it can be made. Before release the order simply takes the new
     * details; once parcels are with the carrier each must be redirected (the plan lists their
     * intercept requests, step 2 is {@link #applyAddressChange}); so is a released ship-from-store
     * parcel, whose label the hub bought. Refused (409) while a site holds released units with no
     * carrier parcel yet: the site has no way to take a new address.
     *
     * @return the plan (JSON text): {changeId, orderId, shippingAddress, deliveryOption, reason, redirects: [..]}
     */
    @Transactional(readOnly = true)
    public String planAddressChange(String orderId, String body, Caller caller, String idempotencyKey) {
        // an order the caller may not see is "not found" before anything about the request is said
        Order order = visibleOrder(orderId, caller);
        JsonNode request = parse(body);
        List<Violation> problems = new ArrayList<>();
        JsonNode address = request.path("shippingAddress");
        checkAddress(address, problems);
        String deliveryOption = request.path("deliveryOption").asText(null);
        if (deliveryOption != null && deliveryRules.options().stream().noneMatch(option -> option.id().equals(deliveryOption))) {
            problems.add(new Violation("/deliveryOption", "'" + deliveryOption + "' is not a delivery option; one of "
                    + deliveryRules.options().stream().map(DeliveryRules.Option::id).toList()));
        }
        String reason = reason(request, caller, problems);
        if (problems.isEmpty() && deliveryOption != null && !deliveryOption.equals(order.deliveryOption())) {
            checkOptionAvailable(order, deliveryOption, address, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ObjectNode plan = mapper.createObjectNode();
        plan.put("changeId", changeIdFor(orderId, SHIPPING_KIND, caller, idempotencyKey));
        plan.put("orderId", orderId);
        plan.set("shippingAddress", normalised(address));
        plan.put("deliveryOption", deliveryOption == null ? order.deliveryOption() : deliveryOption);
        plan.put("reason", reason);
        ArrayNode redirects = plan.putArray("redirects");
        for (Parcel parcel : parcelsToRedirect(order, deliveryOption)) {
            redirects.add(redirectRequest(parcel.trackingNumber(), plan.get("shippingAddress")));
        }
        return plan.toString();
    }

    /**
     * A new delivery option must be one the order's shipped lines can have at the new address
     * (DeliveryOptions, as the storefront offers them). While some units have no stock anywhere
     * (backordered), no option can be promised, and any configured one is taken.
     */
    private void checkOptionAvailable(Order order, String deliveryOption, JsonNode address, List<Violation> problems) {
        List<DeliveryOptions.Item> items = order.lines().stream()
                .filter(line -> line.quantity() > 0 && line.fulfilment().type() != Order.Fulfilment.Type.PICKUP)
                .map(line -> new DeliveryOptions.Item(line.sku(), line.quantity())).toList();
        if (items.isEmpty()) {
            return;
        }
        String postalCode = address.path("postalCode").asText().trim();
        String country = address.path("country").asText().trim();
        DeliveryOptions.Answer answer = deliveryOptions.options(items, postalCode, country);
        if (!answer.unavailable().isEmpty()) {
            return;
        }
        List<String> offered = answer.options().stream().filter(offer -> offer.zone() != null || offer.distanceKm() == null)
                .map(DeliveryOptions.Offer::id).filter(id -> deliveryRules.options().stream().anyMatch(option -> option.id().equals(id)))
                .toList();
        if (!offered.contains(deliveryOption)) {
            problems.add(new Violation("/deliveryOption", "'" + deliveryOption + "' is not available for this order to "
                    + postalCode + " " + country + "; available: " + offered));
        }
    }

    /** The intercept requests of a plan, one per parcel (canonical carrier intercept, docs/carrier.md). */
    public List<String> redirects(String plan) throws Exception {
        List<String> requests = new ArrayList<>();
        mapper.readTree(plan).path("redirects").forEach(each -> requests.add(each.toString()));
        return requests;
    }

    /** The effect key (and carrier Idempotency-Key) of one redirect of a change. */
    public String redirectKey(String plan, String redirect) throws Exception {
        return mapper.readTree(plan).path("changeId").asText() + ":redirect:" + mapper.readTree(redirect).path("trackingNumber").asText();
    }

    /** The carrier's answer to a redirect, with the parcel it is about. */
    public String redirectAnswer(String redirect, String answer) throws Exception {
        ObjectNode result = (ObjectNode) mapper.readTree(answer);
        result.put("trackingNumber", mapper.readTree(redirect).path("trackingNumber").asText());
        return result.toString();
    }

    /** A carrier that did not answer: the redirect did not happen, and the change is refused. */
    public String redirectFailed(String redirect) throws Exception {
        return mapper.createObjectNode().put("status", "failed").put("reason", "carrier_unavailable")
                .put("trackingNumber", mapper.readTree(redirect).path("trackingNumber").asText()).toString();
    }

    /**
     * Step 2: records the change once every parcel was redirected (the answers of step 1, null
     * when there was none to redirect). The order must not have moved on meanwhile (a parcel
     * handed to the carrier since step 1 was not redirected: the change is refused, try again).
     *
     * @return the change id
     */
    @Transactional
    public String applyAddressChange(String planText, List<String> answers, Caller caller, String body, String idempotencyKey)
            throws Exception {
        JsonNode plan = mapper.readTree(planText);
        String orderId = plan.path("orderId").asText();
        String changeId = plan.path("changeId").asText();
        List<String> refusals = new ArrayList<>();
        List<String> redirected = new ArrayList<>();
        for (String answerText : answers == null ? List.<String>of() : answers) {
            JsonNode answer = mapper.readTree(answerText);
            if ("intercepted".equals(answer.path("status").asText())) {
                redirected.add(answer.path("trackingNumber").asText());
            } else {
                refusals.add("parcel " + answer.path("trackingNumber").asText() + ": " + answer.path("reason").asText("refused"));
            }
        }
        if (!refusals.isEmpty()) {
            throw ChangeRefusedException.conflict("redirect-refused", "The carrier cannot redirect the parcel",
                    "the shipping address was not changed: " + String.join("; ", refusals)
                            + (redirected.isEmpty() ? "" : "; already redirected to the new address: " + String.join(", ", redirected)));
        }
        OrderRepository.StatusRow row = orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        if (madeMeanwhile(orderId, SHIPPING_KIND, body, caller, idempotencyKey)) {
            return changeId;
        }
        Order order = visibleOrder(orderId, caller);
        String deliveryOption = plan.path("deliveryOption").asText(null);
        List<String> parcelsNow = parcelsToRedirect(order, Objects.equals(deliveryOption, order.deliveryOption()) ? null : deliveryOption)
                .stream().map(Parcel::trackingNumber).toList();
        if (!redirected.containsAll(parcelsNow)) {
            throw ChangeRefusedException.conflict("order-changed", "The order changed meanwhile",
                    "a parcel was handed to the carrier while the address was being changed; send the change again");
        }
        ObjectNode document = document(orderId);
        document.set("shippingAddress", plan.get("shippingAddress"));
        document.put("deliveryOption", deliveryOption);
        saveDocument(orderId, document);
        ObjectNode detail = mapper.createObjectNode();
        detail.set("shippingAddress", plan.get("shippingAddress"));
        detail.put("deliveryOption", deliveryOption);
        detail.set("redirectedParcels", mapper.valueToTree(redirected));
        String reason = plan.path("reason").asText(null);
        Instant now = clock.instant();
        record(changeId, orderId, "SHIPPING_ADDRESS", caller.actor(), reason, detail, now);
        rememberKey(orderId, SHIPPING_KIND, body, caller, idempotencyKey, changeId, now);
        orders.appendHistory(orderId, new StatusChange(row.status(), row.status(), caller.actor(),
                "shipping address changed" + (redirected.isEmpty() ? "" : " (" + redirected.size() + " parcel(s) redirected)")
                        + (reason == null ? "" : ": " + reason), now));
        outbox.send(CHANGED_QUEUE, orderId, event(orderId, changeId), now);
        return changeId;
    }

    // ------------------------------------------------------------------ cancellation

    /**
     * Step 1 of a cancel: checks it and plans which released units must be taken back from their
     * site first (the site's connector {@code cancel}, step 2 is {@link #cancel}): units not
     * shipped, not released, or backordered are cancelled first; only what is asked beyond them
     * is asked of sites (warehouses, workshops, stores; a drop-ship partner has no cancel).
     *
     * @return the plan (JSON text): {changeId, siteCancels: [{orderId, fulfilmentOrderId, locationId,
     *         locationType, reference, lines: [{lineNumber, sku, quantity}]}]}
     */
    @Transactional(readOnly = true)
    public String planCancel(String orderId, String body, Caller caller, String idempotencyKey) {
        visibleOrder(orderId, caller);
        CancelRequest request = cancelRequest(body, caller);
        Order order = visibleOrder(orderId, caller);
        checkStatus(order.status(), CANCELLABLE, "cancelled");
        checkLinesExist(order, request.asked());
        // step 2 refuses it: no site may take units back for it first
        if (order.status() == FAILED && !request.asked().isEmpty() && !cancelsEverything(order, request.asked())) {
            throw failedOnlyAsAWhole();
        }
        Units units = new Units(orderId, Map.of());
        Map<Integer, Integer> fromSites = new HashMap<>();
        boolean satisfiable = true;
        for (Order.OrderLine line : order.lines()) {
            int atSite = units.cancellableAtSites(line.lineNumber());
            if (request.asked().isEmpty()) {
                fromSites.put(line.lineNumber(), atSite);
            } else if (request.asked().containsKey(line.lineNumber())) {
                int beyondFree = request.asked().get(line.lineNumber()) - units.cancellable(line);
                satisfiable &= beyondFree <= atSite;
                if (beyondFree > 0) {
                    fromSites.put(line.lineNumber(), beyondFree);
                }
            }
        }
        ObjectNode plan = mapper.createObjectNode();
        plan.put("changeId", changeIdFor(orderId, CANCEL_KIND, caller, idempotencyKey));
        ArrayNode siteCancels = plan.putArray("siteCancels");
        if (!satisfiable) {
            // a request that cannot be met even if every site agreed is refused in step 2, asking no site
            return plan.toString();
        }
        for (FulfilmentOrder fulfilment : units.cancellableReleases) {
            ObjectNode siteCancel = mapper.createObjectNode().put("orderId", orderId).put("fulfilmentOrderId", fulfilment.id())
                    .put("locationId", fulfilment.locationId()).put("locationType", fulfilment.locationType())
                    .put("reference", fulfilment.reference());
            ArrayNode lines = siteCancel.putArray("lines");
            for (FulfilmentOrder.Line line : fulfilment.lines()) {
                int take = Math.min(units.waitingAt(fulfilment.id(), line.lineNumber()), fromSites.getOrDefault(line.lineNumber(), 0));
                if (take > 0) {
                    fromSites.merge(line.lineNumber(), -take, Integer::sum);
                    lines.addObject().put("lineNumber", line.lineNumber()).put("sku", line.sku()).put("quantity", take);
                }
            }
            if (!lines.isEmpty()) {
                siteCancels.add(siteCancel);
            }
        }
        return plan.toString();
    }

    /** The site cancel requests of a plan, one per released fulfilment order (canonical, see the site connectors). */
    public List<String> siteCancels(String plan) throws Exception {
        List<String> requests = new ArrayList<>();
        mapper.readTree(plan).path("siteCancels").forEach(each -> requests.add(each.toString()));
        return requests;
    }

    /** The effect key (and site Idempotency-Key) of one site cancel of a change. */
    public String siteCancelKey(String plan, String siteCancel) throws Exception {
        return siteCancelKey(mapper.readTree(plan).path("changeId").asText(), mapper.readTree(siteCancel));
    }

    private static String siteCancelKey(String changeId, JsonNode siteCancel) {
        return changeId + ":site-cancel:" + siteCancel.path("fulfilmentOrderId").asText();
    }

    /** The site's answer to a cancel, with what was asked. */
    public String siteCancelAnswer(String siteCancel, String answer) throws Exception {
        ObjectNode result = (ObjectNode) mapper.readTree(answer);
        result.set("asked", mapper.readTree(siteCancel));
        return result.toString();
    }

    /** A site that did not answer: nothing was taken back there. */
    public String siteCancelFailed(String siteCancel) throws Exception {
        ObjectNode result = mapper.createObjectNode().put("status", "failed").put("reason", "site_unavailable");
        result.set("asked", mapper.readTree(siteCancel));
        return result.toString();
    }

    /**
     * Step 2: cancels the whole order ({@code {reason?}}) or some units ({@code {lines: [{lineNumber,
     * quantity}], reason?}}), with the sites' answers of step 1 (null when none was asked). Units
     * shipped, or released to a site that did not take them back, cannot be cancelled (409 naming
     * the line and why). Cancelling every unit cancels the order (stock released now, the
     * authorisation voided by the compensation stage); cancelling some releases their stock, takes
     * them out of their fulfilment orders, and leaves re-pricing and the payment adjustment to the
     * follow-up stage. Without lines, every unit not shipped and not kept by its site is cancelled.
     * What sites took back is always recorded, even when the rest of the request is refused.
     *
     * @return null, or the refusal of the part of the request that could not be cancelled after
     *         sites took units back (the route answers it with {@link #refuseRest} once this is committed)
     */
    @Transactional
    public String cancel(String orderId, String body, Caller caller, String planText, List<String> siteAnswers, String idempotencyKey)
            throws Exception {
        visibleOrder(orderId, caller);
        CancelRequest request = cancelRequest(body, caller);
        String reason = request.reason();
        Map<Integer, Integer> asked = request.asked();
        Map<String, Map<Integer, Integer>> takenBack = new LinkedHashMap<>();
        List<String> siteRefusals = new ArrayList<>();
        for (String answerText : siteAnswers == null ? List.<String>of() : siteAnswers) {
            JsonNode answer = mapper.readTree(answerText);
            JsonNode siteCancel = answer.path("asked");
            if ("cancelled".equals(answer.path("status").asText())) {
                Map<Integer, Integer> lines = new LinkedHashMap<>();
                siteCancel.path("lines").forEach(line -> lines.put(line.path("lineNumber").asInt(), line.path("quantity").asInt()));
                takenBack.put(siteCancel.path("fulfilmentOrderId").asText(), lines);
            } else {
                siteRefusals.add(siteCancel.path("locationId").asText() + " did not take back its units ("
                        + answer.path("reason").asText("refused") + ")");
            }
        }
        OrderRepository.StatusRow row = orders.lockStatus(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        if (madeMeanwhile(orderId, CANCEL_KIND, body, caller, idempotencyKey)) {
            return null;
        }
        Order order = visibleOrder(orderId, caller);
        checkStatus(row.status(), CANCELLABLE, "cancelled");
        checkLinesExist(order, asked);
        Units units = new Units(orderId, takenBack);
        Map<Integer, Integer> toCancel = new LinkedHashMap<>();
        String refusedRest = null;
        if (asked.isEmpty()) {
            order.lines().forEach(line -> {
                if (units.cancellable(line) > 0) {
                    toCancel.put(line.lineNumber(), units.cancellable(line));
                }
            });
            if (toCancel.isEmpty()) {
                if (!siteRefusals.isEmpty()) {
                    throw ChangeRefusedException.conflict("site-refused", "The site cannot take the units back",
                            "nothing was cancelled: " + String.join("; ", siteRefusals));
                }
                throw ChangeRefusedException.conflict("nothing-to-cancel", "Nothing left to cancel",
                        "every unit of the order has shipped or is being shipped by a site");
            }
        } else {
            List<String> refused = new ArrayList<>();
            asked.forEach((lineNumber, quantity) -> {
                Order.OrderLine line = order.line(lineNumber);
                if (quantity > units.cancellable(line)) {
                    refused.add(units.explain(line, quantity));
                }
                toCancel.put(lineNumber, Math.min(quantity, units.cancellable(line)));
            });
            refused.addAll(siteRefusals);
            if (!refused.isEmpty()) {
                if (takenBack.isEmpty()) {
                    throw ChangeRefusedException.conflict("line-not-cancellable", "Line cannot be cancelled", String.join("; ", refused));
                }
                // a site already took units back: that is recorded, and the rest of the request refused
                refusedRest = String.join("; ", refused);
                toCancel.replaceAll((lineNumber, quantity) -> Math.min(quantity, units.takenBack(lineNumber) + units.free(order.line(lineNumber))));
                toCancel.values().removeIf(quantity -> quantity == 0);
            }
        }
        if (row.status() == FAILED && !cancelsEverything(order, toCancel)) {
            throw failedOnlyAsAWhole();
        }
        // the plan's id keyed the site calls: the change keeps it
        String changeId = planText == null ? UUID.randomUUID().toString() : mapper.readTree(planText).path("changeId").asText();
        Instant now = clock.instant();
        for (String answerText : siteAnswers == null ? List.<String>of() : siteAnswers) {
            effects.record(siteCancelKey(changeId, mapper.readTree(answerText).path("asked")), orderId, "site-cancel", answerText);
        }
        String why = (caller.role() == io.orderhub.security.Role.CUSTOMER ? "cancelled by the customer" : "cancelled by " + caller.keyName())
                + (reason == null ? "" : ": " + reason);
        ObjectNode detail = mapper.createObjectNode();
        ArrayNode cancelledLines = detail.putArray("lines");
        toCancel.forEach((lineNumber, quantity) -> cancelledLines.addObject().put("lineNumber", lineNumber).put("quantity", quantity));
        if (cancelsEverything(order, toCancel)) {
            detail.put("wholeOrder", true);
            lifecycle.transition(orderId, CANCELLED, caller.actor(), why);
            // the stock goes back now: the compensation stage releases only while nothing is released to a site
            reservations.release(orderId, why);
            for (FulfilmentOrder fulfilment : fulfilments.forOrder(orderId)) {
                fulfilments.move(fulfilment.id(), FulfilmentOrder.Status.PLANNED, FulfilmentOrder.Status.CANCELLED, null);
            }
            takeBackFromSites(takenBack);
            record(changeId, orderId, "CANCEL_ORDER", caller.actor(), reason, detail, now);
            rememberKey(orderId, CANCEL_KIND, body, caller, idempotencyKey, changeId, now);
            outbox.send(CANCELLED_QUEUE, orderId, mapper.createObjectNode().put("orderId", orderId).toString(), now);
            return null;
        }
        detail.put("wholeOrder", false);
        // units sites took back leave their fulfilment orders and give their stock back; the rest is taken as before
        Map<Integer, Integer> elsewhere = new LinkedHashMap<>(toCancel);
        takenBack.values().forEach(lines -> lines.forEach((lineNumber, quantity) -> elsewhere.merge(lineNumber, -quantity, Integer::sum)));
        elsewhere.values().removeIf(quantity -> quantity <= 0);
        takeBackFromSites(takenBack);
        for (var site : takenBack.entrySet()) {
            FulfilmentOrder fulfilment = fulfilments.find(site.getKey()).orElseThrow();
            site.getValue().forEach((lineNumber, quantity) ->
                    reservations.releaseLineAt(orderId, lineNumber, fulfilment.locationId(), quantity, why));
        }
        takeOutOfFulfilment(order, elsewhere, units, why);
        ObjectNode document = document(orderId);
        // stored lines are numbered by position (OrderJson): the n-th stored line is line n
        ArrayNode storedLines = (ArrayNode) document.path("lines");
        toCancel.forEach((lineNumber, quantity) -> {
            ObjectNode stored = (ObjectNode) storedLines.get(lineNumber - 1);
            stored.put("quantity", stored.path("quantity").asInt() - quantity);
        });
        saveDocument(orderId, document);
        String lineText = toCancel.entrySet().stream()
                .map(entry -> entry.getValue() + " x " + order.line(entry.getKey()).sku() + " (line " + entry.getKey() + ")")
                .collect(Collectors.joining(", "));
        OrderStatus status = row.status();
        if (OrderLifecycle.allows(status, PARTIALLY_CANCELLED)) {
            lifecycle.transition(orderId, PARTIALLY_CANCELLED, caller.actor(), why + " - " + lineText);
            if (units.allRemainingShipped(order, toCancel)) {
                lifecycle.transition(orderId, SHIPPED, Actor.system("order-changes"), "every unit not cancelled has shipped");
            }
        } else {
            // a hold or a backorder stays where it is; the history still says what was cancelled
            orders.appendHistory(orderId, new StatusChange(status, status, caller.actor(), why + " - " + lineText, now));
        }
        if (!siteRefusals.isEmpty()) {
            orders.appendHistory(orderId, new StatusChange(orders.findStatus(orderId).orElseThrow(), orders.findStatus(orderId).orElseThrow(),
                    caller.actor(), "not cancelled: " + String.join("; ", siteRefusals), now));
        }
        record(changeId, orderId, "CANCEL_LINES", caller.actor(), reason, detail, now);
        rememberKey(orderId, CANCEL_KIND, body, caller, idempotencyKey, changeId, now);
        outbox.send(CHANGED_QUEUE, orderId, event(orderId, changeId), now);
        return refusedRest == null ? null : "cancelled " + lineText + " (taken back by the site); not cancelled: " + refusedRest;
    }

    private static ChangeRefusedException failedOnlyAsAWhole() {
        return ChangeRefusedException.conflict("order-failed", "The order failed",
                "a failed order can only be cancelled as a whole; an operator resumes or cancels it");
    }

    /** The answer to a cancel a site took units back for, while the rest of it was refused (step 2 committed). */
    public void refuseRest(String refusal) {
        throw ChangeRefusedException.conflict("site-refused", "Some units could not be cancelled", refusal);
    }

    private record CancelRequest(String reason, Map<Integer, Integer> asked) {
    }

    private static void checkLinesExist(Order order, Map<Integer, Integer> asked) {
        for (Integer lineNumber : asked.keySet()) {
            if (order.lines().stream().noneMatch(line -> line.lineNumber() == lineNumber)) {
                throw new InvalidRequestException(List.of(new Violation("/lines", "the order has no line " + lineNumber)));
            }
        }
    }

    private CancelRequest cancelRequest(String body, Caller caller) {
        JsonNode request = parse(body == null || body.isBlank() ? "{}" : body);
        List<Violation> problems = new ArrayList<>();
        String reason = reason(request, caller, problems);
        Map<Integer, Integer> asked = new LinkedHashMap<>();
        JsonNode lines = request.get("lines");
        if (lines != null && !lines.isNull()) {
            if (!lines.isArray() || lines.isEmpty()) {
                problems.add(new Violation("/lines", "must list at least one {lineNumber, quantity}, or be left out to cancel the order"));
            } else {
                for (int i = 0; i < lines.size(); i++) {
                    JsonNode line = lines.get(i);
                    if (!line.path("lineNumber").canConvertToInt() || line.path("lineNumber").asInt() < 1) {
                        problems.add(new Violation("/lines/" + i + "/lineNumber", "must be the number of a line of the order"));
                    } else if (!line.path("quantity").isIntegralNumber() || line.path("quantity").asInt() < 1) {
                        problems.add(new Violation("/lines/" + i + "/quantity", "must be a whole number of units, at least 1"));
                    } else {
                        asked.merge(line.path("lineNumber").asInt(), line.path("quantity").asInt(), Integer::sum);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new CancelRequest(reason, asked);
    }

    /** Released fulfilment orders lose the units their site took back; one left with none is cancelled. */
    private void takeBackFromSites(Map<String, Map<Integer, Integer>> takenBack) throws Exception {
        for (var site : takenBack.entrySet()) {
            FulfilmentOrder fulfilment = fulfilments.find(site.getKey()).orElseThrow();
            List<FulfilmentOrder.Line> kept = new ArrayList<>();
            for (FulfilmentOrder.Line line : fulfilment.lines()) {
                int left = line.quantity() - site.getValue().getOrDefault(line.lineNumber(), 0);
                if (left > 0) {
                    kept.add(new FulfilmentOrder.Line(line.lineNumber(), line.sku(), left, line.personalisation()));
                }
            }
            if (kept.isEmpty()) {
                fulfilments.move(fulfilment.id(), FulfilmentOrder.Status.RELEASED, FulfilmentOrder.Status.CANCELLED, null);
            } else {
                fulfilments.replaceReleasedLines(fulfilment.id(), kept);
            }
        }
    }

    /** Units cancelled so far, per line, from the recorded changes (for the customer's view). */
    public Map<Integer, Integer> cancelledUnits(String orderId) {
        Map<Integer, Integer> cancelled = new HashMap<>();
        for (String detail : jdbc.queryForList("select detail from order_changes where order_id = ? and kind = 'CANCEL_LINES'",
                String.class, orderId)) {
            try {
                for (JsonNode line : mapper.readTree(detail).path("lines")) {
                    cancelled.merge(line.path("lineNumber").asInt(), line.path("quantity").asInt(), Integer::sum);
                }
            } catch (Exception e) {
                throw new IllegalStateException("unreadable change of order " + orderId, e);
            }
        }
        return cancelled;
    }

    // ------------------------------------------------------------------ helpers

    private record Parcel(String trackingNumber, String fulfilmentOrderId) {
    }

    /**
     * The parcels a change of address must redirect: those of the order's released or shipped
     * fulfilment orders that carry something to the address (not store pickups), including a
     * ship-from-store parcel not handed over yet but labelled by the hub. Refuses what cannot be
     * redirected: units at a site with no carrier parcel yet.
     */
    private List<Parcel> parcelsToRedirect(Order order, String newDeliveryOption) {
        checkStatus(order.status(), ADDRESS_CHANGEABLE, "changed");
        List<FulfilmentOrder> all = fulfilments.forOrder(order.id());
        boolean released = all.stream().anyMatch(each -> each.status() == FulfilmentOrder.Status.RELEASED
                || each.status() == FulfilmentOrder.Status.SHIPPED);
        if (!released) {
            return List.of();
        }
        if (newDeliveryOption != null && !newDeliveryOption.equals(order.deliveryOption())) {
            throw ChangeRefusedException.conflict("delivery-option-fixed", "Delivery option can no longer change",
                    "the order has been released for shipping with '" + order.deliveryOption() + "'");
        }
        List<Parcel> parcels = new ArrayList<>();
        for (FulfilmentOrder fulfilment : all) {
            boolean delivered = fulfilment.lines().stream()
                    .allMatch(line -> order.line(line.lineNumber()).fulfilment().type() == Order.Fulfilment.Type.PICKUP);
            if (delivered || fulfilment.status() == FulfilmentOrder.Status.PLANNED || fulfilment.status() == FulfilmentOrder.Status.CANCELLED) {
                continue;
            }
            List<String> shipped = new ArrayList<>();
            Map<Integer, Integer> shippedHere = new HashMap<>();
            for (Map<String, Object> shipment : jdbc.queryForList(
                    "select shipment_id, tracking_number from shipments where fulfilment_order_id = ? order by shipment_id", fulfilment.id())) {
                String tracking = (String) shipment.get("tracking_number");
                if (tracking == null || tracking.isBlank()) {
                    throw ChangeRefusedException.conflict("redirect-refused", "The carrier cannot redirect the parcel",
                            "a parcel from " + fulfilment.locationId() + " has no tracking number, so it cannot be redirected");
                }
                shipped.add(tracking);
                shipments.linesOf((String) shipment.get("shipment_id")).forEach((line, quantity) -> shippedHere.merge(line, quantity, Integer::sum));
            }
            shipped.forEach(tracking -> parcels.add(new Parcel(tracking, fulfilment.id())));
            boolean waitingAtSite = fulfilment.status() == FulfilmentOrder.Status.RELEASED && fulfilment.lines().stream()
                    .anyMatch(line -> line.quantity() > shippedHere.getOrDefault(line.lineNumber(), 0));
            if (waitingAtSite) {
                // a ship-from-store parcel has the label the hub bought before it is handed over: the carrier can redirect it
                String labelled = labelTrackingNumber(fulfilment);
                if (labelled == null || shipped.contains(labelled)) {
                    throw ChangeRefusedException.conflict("released-to-site", "Shipping address can no longer change",
                            "the order has been released to " + fulfilment.locationId() + " ("
                                    + locations.get(fulfilment.locationId()).type().name().toLowerCase(Locale.ROOT)
                                    + ") for shipping and no carrier parcel exists for it yet, so there is nothing to redirect"
                                    + " and the site cannot take a new address");
                }
                parcels.add(new Parcel(labelled, fulfilment.id()));
            }
        }
        return parcels;
    }

    /** The tracking number of the label the hub bought for a fulfilment order (ship-from-store), or null. */
    private String labelTrackingNumber(FulfilmentOrder fulfilment) {
        String label = effects.find(parcelLabels.effectKey(fulfilment.id()));
        if (label == null) {
            return null;
        }
        try {
            String tracking = mapper.readTree(label).path("trackingNumber").asText("");
            return tracking.isBlank() ? null : tracking;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable label of fulfilment order " + fulfilment.id(), e);
        }
    }

    private ObjectNode redirectRequest(String trackingNumber, JsonNode address) {
        ObjectNode request = mapper.createObjectNode().put("trackingNumber", trackingNumber).put("action", "redirect");
        ObjectNode to = request.putObject("newAddress");
        to.put("name", address.path("name").asText(null));
        to.put("company", address.path("company").asText(null));
        ArrayNode lines = to.putArray("lines");
        lines.add(address.path("line1").asText());
        if (address.hasNonNull("line2")) {
            lines.add(address.get("line2").asText());
        }
        to.put("city", address.path("city").asText(null));
        to.put("region", address.path("region").asText(null));
        to.put("postalCode", address.path("postalCode").asText(null));
        to.put("country", address.path("country").asText(null));
        to.put("phone", address.path("phone").asText(null));
        return request;
    }

    /**
     * Where each line's units are: shipped, with a site that is shipping them, taken back by their
     * site for this change, or free to cancel (backordered, or in a fulfilment order not released).
     */
    private final class Units {
        final Map<Integer, Integer> shipped;
        final Map<Integer, Integer> atSite = new HashMap<>();
        final Map<Integer, String> siteOf = new HashMap<>();
        final Map<Integer, Integer> takenBack = new HashMap<>();
        /** Released fulfilment orders with units waiting whose site can be asked to take them back. */
        final List<FulfilmentOrder> cancellableReleases = new ArrayList<>();
        final Map<String, Map<Integer, Integer>> waiting = new HashMap<>();

        Units(String orderId, Map<String, Map<Integer, Integer>> takenBackBySite) {
            shipped = shipments.shippedQuantities(orderId);
            for (FulfilmentOrder fulfilment : fulfilments.forOrder(orderId)) {
                if (fulfilment.status() != FulfilmentOrder.Status.RELEASED) {
                    continue;
                }
                Map<Integer, Integer> shippedHere = new HashMap<>();
                for (String shipment : jdbc.queryForList("select shipment_id from shipments where fulfilment_order_id = ?",
                        String.class, fulfilment.id())) {
                    shipments.linesOf(shipment).forEach((line, quantity) -> shippedHere.merge(line, quantity, Integer::sum));
                }
                Map<Integer, Integer> waitingHere = new HashMap<>();
                for (FulfilmentOrder.Line line : fulfilment.lines()) {
                    int waitingUnits = line.quantity() - shippedHere.getOrDefault(line.lineNumber(), 0);
                    if (waitingUnits > 0) {
                        atSite.merge(line.lineNumber(), waitingUnits, Integer::sum);
                        siteOf.put(line.lineNumber(), fulfilment.locationId());
                        waitingHere.put(line.lineNumber(), waitingUnits);
                    }
                }
                waiting.put(fulfilment.id(), waitingHere);
                // a drop-ship partner has no cancel operation; a site without our reference cannot be asked
                if (!waitingHere.isEmpty() && !"DROPSHIP".equals(fulfilment.locationType()) && fulfilment.reference() != null) {
                    cancellableReleases.add(fulfilment);
                }
            }
            takenBackBySite.values().forEach(lines -> lines.forEach((line, quantity) -> takenBack.merge(line, quantity, Integer::sum)));
        }

        /** Units neither shipped nor with a site. */
        int free(Order.OrderLine line) {
            return Math.max(0, line.quantity() - shipped.getOrDefault(line.lineNumber(), 0) - atSite.getOrDefault(line.lineNumber(), 0));
        }

        int cancellable(Order.OrderLine line) {
            return free(line) + takenBack(line.lineNumber());
        }

        int takenBack(int lineNumber) {
            return takenBack.getOrDefault(lineNumber, 0);
        }

        int waitingAt(String fulfilmentOrderId, int lineNumber) {
            return waiting.getOrDefault(fulfilmentOrderId, Map.of()).getOrDefault(lineNumber, 0);
        }

        /** Units with sites that can be asked to take them back. */
        int cancellableAtSites(int lineNumber) {
            return cancellableReleases.stream().mapToInt(fulfilment -> waitingAt(fulfilment.id(), lineNumber)).sum();
        }

        String explain(Order.OrderLine line, int asked) {
            int shippedUnits = shipped.getOrDefault(line.lineNumber(), 0);
            int withSite = atSite.getOrDefault(line.lineNumber(), 0) - takenBack(line.lineNumber());
            StringBuilder text = new StringBuilder("line " + line.lineNumber() + " (" + line.sku() + "): " + asked
                    + " unit(s) asked, " + cancellable(line) + " of " + line.quantity() + " can be cancelled");
            if (shippedUnits > 0) {
                text.append(", ").append(shippedUnits).append(" already shipped");
            }
            if (withSite > 0) {
                text.append(", ").append(withSite).append(" released to ").append(siteOf.get(line.lineNumber())).append(" for shipping");
            }
            return text.toString();
        }

        boolean allRemainingShipped(Order order, Map<Integer, Integer> cancelling) {
            return order.lines().stream().allMatch(line ->
                    shipped.getOrDefault(line.lineNumber(), 0) >= line.quantity() - cancelling.getOrDefault(line.lineNumber(), 0));
        }
    }

    private static boolean cancelsEverything(Order order, Map<Integer, Integer> cancelling) {
        return order.lines().stream().allMatch(line -> cancelling.getOrDefault(line.lineNumber(), 0) >= line.quantity());
    }

    /**
     * Takes cancelled units out of fulfilment orders not yet released and gives their stock back.
     * Backordered units (in no fulfilment order, nothing held) go first.
     */
    private void takeOutOfFulfilment(Order order, Map<Integer, Integer> cancelling, Units units, String why) throws Exception {
        List<FulfilmentOrder> planned = fulfilments.forOrder(order.id()).stream()
                .filter(each -> each.status() == FulfilmentOrder.Status.PLANNED).toList();
        Map<Integer, Integer> inFulfilment = new HashMap<>();
        fulfilments.forOrder(order.id()).stream().filter(each -> each.status() != FulfilmentOrder.Status.CANCELLED)
                .forEach(each -> each.lines().forEach(line -> inFulfilment.merge(line.lineNumber(), line.quantity(), Integer::sum)));
        Map<Integer, Integer> fromPlanned = new HashMap<>();
        cancelling.forEach((lineNumber, quantity) -> {
            int backordered = Math.max(0, order.line(lineNumber).quantity() - inFulfilment.getOrDefault(lineNumber, 0));
            int rest = quantity - Math.min(quantity, backordered);
            if (rest > 0) {
                fromPlanned.put(lineNumber, rest);
            }
        });
        for (FulfilmentOrder fulfilment : planned) {
            List<FulfilmentOrder.Line> kept = new ArrayList<>();
            boolean changed = false;
            for (FulfilmentOrder.Line line : fulfilment.lines()) {
                int take = Math.min(line.quantity(), fromPlanned.getOrDefault(line.lineNumber(), 0));
                if (take > 0) {
                    changed = true;
                    fromPlanned.merge(line.lineNumber(), -take, Integer::sum);
                    reservations.releaseLineAt(order.id(), line.lineNumber(), fulfilment.locationId(), take, why);
                }
                if (line.quantity() - take > 0) {
                    kept.add(new FulfilmentOrder.Line(line.lineNumber(), line.sku(), line.quantity() - take, line.personalisation()));
                }
            }
            if (kept.isEmpty()) {
                fulfilments.move(fulfilment.id(), FulfilmentOrder.Status.PLANNED, FulfilmentOrder.Status.CANCELLED, null);
            } else if (changed) {
                fulfilments.replacePlannedLines(fulfilment.id(), kept);
            }
        }
    }

    private void checkStatus(OrderStatus status, Set<OrderStatus> allowed, String verb) {
        if (BUSY.contains(status)) {
            throw ChangeRefusedException.conflict("order-busy", "The order is being processed",
                    "the order is being processed (" + status + "); try again in a few seconds");
        }
        if (!allowed.contains(status)) {
            throw ChangeRefusedException.conflict("order-not-changeable", "The order can no longer be " + verb,
                    "the order is " + status.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    private Order visibleOrder(String orderId, Caller caller) {
        return orders.findById(orderId)
                .filter(order -> caller.maySee(order.id(), order.channel()))
                .orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = mapper.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new io.orderhub.order.MalformedOrderException("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new io.orderhub.order.MalformedOrderException("the body is not valid JSON");
        }
    }

    /** Agents and admins act for the customer and must say why; others may. */
    private static String reason(JsonNode request, Caller caller, List<Violation> problems) {
        String reason = request.path("reason").asText("").trim();
        if (reason.length() > MAX_REASON) {
            problems.add(new Violation("/reason", "must be at most " + MAX_REASON + " characters"));
        } else if (reason.isEmpty() && caller.actsForCustomers()) {
            problems.add(new Violation("/reason", "is required when an agent acts for the customer: say why"));
        }
        return reason.isEmpty() ? null : reason;
    }

    private static void checkAddress(JsonNode address, List<Violation> problems) {
        if (!address.isObject()) {
            problems.add(new Violation("/shippingAddress", "is required"));
            return;
        }
        for (String field : List.of("name", "line1", "city", "postalCode", "country")) {
            if (address.path(field).asText("").isBlank()) {
                problems.add(new Violation("/shippingAddress/" + field, "is required"));
            }
        }
        String country = address.path("country").asText("");
        if (!country.isBlank() && !Set.of(Locale.getISOCountries()).contains(country)) {
            problems.add(new Violation("/shippingAddress/country", "'" + country + "' is not an ISO 3166-1 country code"));
        }
        address.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "company", "line1", "line2", "city", "region", "postalCode", "country", "phone").contains(field)) {
                problems.add(new Violation("/shippingAddress/" + field, "is not a known field"));
            }
        });
    }

    private ObjectNode normalised(JsonNode address) {
        ObjectNode node = mapper.createObjectNode();
        for (String field : List.of("name", "company", "line1", "line2", "city", "region", "postalCode", "country", "phone")) {
            String value = address.path(field).asText("").trim();
            if (!value.isEmpty()) {
                node.put(field, value);
            }
        }
        return node;
    }

    private ObjectNode document(String orderId) throws Exception {
        String text = jdbc.queryForObject("select document from orders where id = ?", String.class, orderId);
        return (ObjectNode) mapper.readTree(text);
    }

    /** Stores the changed document and the total searches show (subtotal, plus the tax quoted so far). */
    private void saveDocument(String orderId, ObjectNode document) throws Exception {
        Order before = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        jdbc.update("update orders set document = ?, updated_at = ? where id = ?",
                document.toString(), OrderRepository.utc(clock.instant()), orderId);
        Order after = orders.findById(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        if (!after.total().equals(before.total())) {
            jdbc.update("update orders set total_amount = ? where id = ?", after.total().amount(), orderId);
        }
    }

    private void record(String changeId, String orderId, String kind, Actor actor, String reason, JsonNode detail, Instant at) {
        jdbc.update("""
                insert into order_changes (id, order_id, kind, actor_type, actor_id, reason, detail, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                changeId, orderId, kind, actor.kind().name(), actor.id(), reason, detail.toString(), OrderRepository.utc(at));
    }

    private String event(String orderId, String changeId) {
        return mapper.createObjectNode().put("orderId", orderId).put("changeId", changeId).toString();
    }
}
