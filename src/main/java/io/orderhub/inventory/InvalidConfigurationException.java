package io.orderhub.inventory;

import java.nio.file.Path;

/** A configuration file that cannot be used; the hub does not start with it. */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
