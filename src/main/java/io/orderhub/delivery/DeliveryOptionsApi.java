package io.orderhub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderhub.inventory.InventoryApi;
import io.orderhub.inventory.PostalRegions;
import io.orderhub.inventory.QueryParameters;
import io.orderhub.order.InvalidQueryException;
import io.orderhub.order.Violation;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** GET /api/delivery-options: query parameters in, options as JSON out (routes/03-inventory-api.camel.yaml). */
@Component("deliveryOptionsApi")
public class DeliveryOptionsApi {

    public static final int MAX_QUANTITY = 100_000;

    private final DeliveryOptions deliveryOptions;
    private final PostalRegions regions;
    private final ObjectMapper mapper;

    public DeliveryOptionsApi(DeliveryOptions deliveryOptions, PostalRegions regions, ObjectMapper mapper) {
        this.deliveryOptions = deliveryOptions;
        this.regions = regions;
        this.mapper = mapper;
    }

    /**
     * {@code ?sku=A&qty=2&sku=B&qty=1&postalCode=10115[&country=DE]}: the n-th qty belongs to the
     * n-th sku; without any qty every SKU is asked for once.
     */
    public String options(Exchange exchange) throws JsonProcessingException {
        List<Violation> problems = new ArrayList<>();
        QueryParameters query = new QueryParameters(exchange, problems);
        List<String> skus = query.skus("sku", InventoryApi.MAX_SKUS);
        List<String> quantities = query.all("qty");
        String postalCode = query.postalCode("postalCode", true);
        String country = query.country("country", regions.defaultCountry());
        if (country == null) {
            problems.add(new Violation("/country", "is required (no default country is configured)"));
        }
        if (!quantities.isEmpty() && quantities.size() != skus.size()) {
            problems.add(new Violation("/qty", "is given " + quantities.size() + " times for " + skus.size()
                    + " sku(s); give one qty per sku, in the same order, or none for one of each"));
        }
        List<DeliveryOptions.Item> items = new ArrayList<>();
        for (int i = 0; i < skus.size(); i++) {
            int quantity = 1;
            if (i < quantities.size()) {
                try {
                    quantity = Integer.parseInt(quantities.get(i).trim());
                } catch (NumberFormatException e) {
                    quantity = 0;
                }
                if (quantity < 1 || quantity > MAX_QUANTITY) {
                    problems.add(new Violation("/qty/" + i, "must be a whole number from 1 to " + MAX_QUANTITY));
                }
            }
            items.add(new DeliveryOptions.Item(skus.get(i), quantity));
        }
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        return mapper.writeValueAsString(deliveryOptions.options(items, postalCode, country));
    }
}
