package io.orderhub.inventory;

/**
 * The area a postal-code prefix covers in one country, located by its approximate centre.
 *
 * @param metro the metro area (same-day zone) it belongs to, or null
 */
public record PostalRegion(String country, String prefix, String name, GeoPosition centre, String metro) {
}
