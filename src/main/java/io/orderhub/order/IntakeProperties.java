package io.orderhub.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what intake accepts.
 *
 * @param maxLines    most lines in one order
 * @param maxBodySize largest request body; bigger ones get 413 before they are read
 */
@ConfigurationProperties("orderhub.intake")
public record IntakeProperties(
        @DefaultValue("500") int maxLines,
        @DefaultValue("1MB") DataSize maxBodySize) {
}
