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

    static final String MAIL_STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    /*
     * jakarta.mail finds its StreamProvider anew on every MIME header parse and body write
     * (StreamProvider.provider() caches nothing): a ServiceLoader scan through Spring Boot's
     * nested-jar class loader, 6.6 % of the hub's CPU under load in the benchmark's profile.
     * Naming the one implementation on the class path (angus-mail's, which the ServiceLoader
     * finds) turns that scan into a class lookup. A -D setting of the property still wins.
     */
    static {
        if (System.getProperty(MAIL_STREAM_PROVIDER) == null) {
            System.setProperty(MAIL_STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

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
