package io.orderhub.storefront;

/** A storefront webhook the hub does not take: unknown shop (404) or a missing or wrong signature (401). */
public class StorefrontWebhookRefusedException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    StorefrontWebhookRefusedException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
