package org.paperradio.core.config;

/** The config is invalid; the message names the file, the line and the key, and what was expected. */
public final class ConfigException extends Exception {
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
