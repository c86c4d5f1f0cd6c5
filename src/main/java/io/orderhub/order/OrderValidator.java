package io.orderhub.order;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Checks a posted order against mappings/order.schema.json (the published contract) and the
 * rules a schema cannot state: real ISO currencies and countries, the currency's decimal places
 * and the configurable line cap. Reports every problem at once, each with a JSON pointer.
 */
@Component
public class OrderValidator {

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final JsonSchema schema;
    private final ObjectMapper parser;
    private final IntakeProperties properties;

    public OrderValidator(ObjectMapper mapper, IntakeProperties properties,
                          @Value("${orderhub.mappings-dir:mappings}") Path mappingsDir) throws IOException {
        this.properties = properties;
        this.parser = mapper.copy()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        Path schemaFile = mappingsDir.resolve("order.schema.json");
        try (InputStream in = Files.newInputStream(schemaFile)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .locale(Locale.ENGLISH)
                    .build();
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
    }

    /** Reads the body as a JSON object, or explains why it is not one. */
    public JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedOrderException("the request body is empty; send the order as a JSON object");
        }
        try {
            JsonNode node = parser.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedOrderException("the request body must be a JSON object");
            }
            return node;
        } catch (JsonParseException e) {
            throw new MalformedOrderException("the request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JsonProcessingException e) {
            throw new MalformedOrderException("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Throws {@link InvalidOrderException} listing every problem, or returns quietly. */
    public void validate(JsonNode order) {
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : schema.validate(order)) {
            violations.add(toViolation(message));
        }
        checkBusinessRules(order, violations);
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::detail));
            throw new InvalidOrderException(violations);
        }
    }

    private void checkBusinessRules(JsonNode order, List<Violation> violations) {
        JsonNode currencyNode = order.get("currency");
        Currency currency = null;
        if (currencyNode != null && currencyNode.isTextual() && currencyNode.asText().matches("[A-Z]{3}")) {
            if (CURRENCIES.contains(currencyNode.asText())) {
                currency = Currency.getInstance(currencyNode.asText());
            } else {
                violations.add(new Violation("/currency", "'" + currencyNode.asText() + "' is not an ISO 4217 currency code"));
            }
        }
        JsonNode lines = order.get("lines");
        if (lines != null && lines.isArray()) {
            if (lines.size() > properties.maxLines()) {
                violations.add(new Violation("/lines", "has " + lines.size() + " lines; at most "
                        + properties.maxLines() + " are accepted in one order"));
            }
            for (int i = 0; i < lines.size(); i++) {
                checkUnitPrice(lines.get(i).get("unitPrice"), "/lines/" + i + "/unitPrice", currency, violations);
            }
        }
        checkCountry(order.get("shippingAddress"), "/shippingAddress/country", violations);
        checkCountry(order.get("billingAddress"), "/billingAddress/country", violations);
    }

    private static void checkUnitPrice(JsonNode price, String pointer, Currency currency, List<Violation> violations) {
        if (price == null || currency == null || !(price.isNumber() || price.isTextual())) {
            return;
        }
        BigDecimal amount;
        try {
            amount = OrderJson.decimal(price);
        } catch (NumberFormatException e) {
            return; // the schema's pattern already reports it
        }
        int allowed = Money.scaleOf(currency);
        if (amount.stripTrailingZeros().scale() > allowed) {
            violations.add(new Violation(pointer, "has more decimal places than " + currency.getCurrencyCode()
                    + " allows (" + allowed + ")"));
        }
    }

    private static void checkCountry(JsonNode address, String pointer, List<Violation> violations) {
        if (address == null || !address.isObject()) {
            return;
        }
        JsonNode country = address.get("country");
        if (country != null && country.isTextual() && country.asText().matches("[A-Z]{2}")
                && !COUNTRIES.contains(country.asText())) {
            violations.add(new Violation(pointer, "'" + country.asText() + "' is not an ISO 3166-1 country code"));
        }
    }

    private static Violation toViolation(ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        if (pointer.isEmpty() || "$".equals(pointer)) {
            pointer = "";
        }
        String type = message.getType();
        if (("required".equals(type) || "additionalProperties".equals(type)) && message.getProperty() != null) {
            pointer = pointer + "/" + message.getProperty();
        }
        String detail = message.getMessage();
        String prefix = message.getInstanceLocation() + ": ";
        if (detail.startsWith(prefix)) {
            detail = detail.substring(prefix.length());
        }
        if ("additionalProperties".equals(type)) {
            detail = "is not a known field";
        } else if ("required".equals(type)) {
            detail = "is required";
        }
        return new Violation(pointer, detail);
    }
}
