package dev.lingualens.common.config;

/** Where a resolved configuration value came from, in precedence order (first wins). */
public enum ConfigSource {
  CLI("command line"),
  SPARK_CONF("spark.lingualens.* Spark conf"),
  CONF_FILE("conf file"),
  DEFAULT("built-in default");

  private final String label;

  ConfigSource(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
