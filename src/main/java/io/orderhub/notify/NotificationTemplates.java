package io.orderhub.notify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Finds the template files in {@code <mappings-dir>/notifications/<language>/<event>.<part>.mustache}
 * (parts: subject and email for email, sms for text messages). A language, or a single part, that
 * has no template falls back to the default language, so a partial translation still works.
 * Looked up on each use, so an edited or added template counts without a restart.
 */
@Component
public class NotificationTemplates {

    public enum Part { SUBJECT, EMAIL, SMS }

    /** A template file and the language it is written in. */
    public record Template(String path, String language, String name) {
    }

    private final Path root;
    private final String defaultLanguage;

    public NotificationTemplates(@Value("${orderhub.mappings-dir}") Path mappingsDir, NotificationProperties properties) {
        this.root = mappingsDir.resolve("notifications");
        this.defaultLanguage = properties.defaultLanguage();
    }

    /** The primary language of a BCP 47 tag ("de-AT" -> "de"), or the default for none. */
    public String languageOf(String languageTag) {
        if (languageTag == null || languageTag.isBlank()) {
            return defaultLanguage;
        }
        return Locale.forLanguageTag(languageTag.trim()).getLanguage().toLowerCase(Locale.ROOT);
    }

    public Template find(String language, NotificationEvent event, Part part) {
        for (String candidate : new String[] {language, defaultLanguage}) {
            Path file = root.resolve(candidate).resolve(fileName(event, part));
            if (Files.isRegularFile(file)) {
                return new Template(file.toString(), candidate, candidate + "/" + event.wireName());
            }
        }
        throw new IllegalStateException("no template " + fileName(event, part) + " for language '" + language
                + "' nor '" + defaultLanguage + "' under " + root);
    }

    private static String fileName(NotificationEvent event, Part part) {
        return event.wireName() + "." + part.name().toLowerCase(Locale.ROOT) + ".mustache";
    }
}
