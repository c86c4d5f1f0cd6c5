package io.orderhub.inventory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the YAML configuration files strictly: an unknown key is a typo that would otherwise
 * silently change sourcing, so it stops the hub at start with the file and the key named.
 */
public final class ConfigFiles {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private ConfigFiles() {
    }

    public static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(file, "the file does not exist (working directory "
                    + Path.of("").toAbsolutePath() + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            T value = YAML.readValue(in, type);
            if (value == null) {
                throw new InvalidConfigurationException(file, "the file is empty");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw new InvalidConfigurationException(file, e.getOriginalMessage() + " at " + path(e));
        } catch (IOException e) {
            throw new InvalidConfigurationException(file, e.getMessage());
        }
    }

    /** A list that may be left out of the file. */
    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('/').append(reference.getFieldName());
            } else {
                path.append('/').append(reference.getIndex());
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
