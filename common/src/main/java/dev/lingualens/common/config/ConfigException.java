package dev.lingualens.common.config;

/**
 * A configuration problem a user can fix: the message names the key, the bad value and where it
 * came from.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
