package io.orderhub.notify;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class NotificationConfiguration {

    /**
     * Mustache escapes for HTML by default; emails and text messages here are plain text, where
     * "&amp;" would show as such. The Camel mustache component picks this factory up by type.
     */
    @Bean
    MustacheFactory plainTextMustacheFactory() {
        return new DefaultMustacheFactory() {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
