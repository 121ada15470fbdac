package dev.lingualens.common.model;

/** A model folder that cannot be used, with a message that names the file and the bad value. */
public class ModelLoadException extends IllegalArgumentException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
