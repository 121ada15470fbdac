package dev.lingualens.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one configuration surface of lingualens: CLI &gt; {@code spark.lingualens.*} &gt; conf file &gt;
 * built-in defaults. Every known key has a documented default in {@code defaults.properties}; an
 * unknown key is an error (a typo must not be silently ignored).
 */
public final class LinguaConfig implements Serializable {
  public static final String SPARK_PREFIX = "spark.lingualens.";
  private static final String DEFAULTS = "/dev/lingualens/common/config/defaults.properties";

  /** A resolved value and its origin. */
  public record Entry(String value, ConfigSource source, String origin) implements Serializable {}

  private final Map<String, Entry> entries;

  private LinguaConfig(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /**
   * Resolves the layered configuration.
   *
   * @param cli key/value pairs given on the command line (keys without the spark prefix)
   * @param sparkConf the full Spark conf (only {@code spark.lingualens.*} keys are read)
   * @param confFile a properties file, or null for none
   */
  public static LinguaConfig resolve(Map<String, String> cli, Map<String, String> sparkConf, Path confFile) {
    Map<String, Entry> resolved = new LinkedHashMap<>();
    Properties defaults = loadDefaults();
    for (String key : defaults.stringPropertyNames()) {
      resolved.put(key, new Entry(defaults.getProperty(key).trim(), ConfigSource.DEFAULT, DEFAULTS));
    }
    if (confFile != null) {
      Properties file = loadFile(confFile);
      for (String key : file.stringPropertyNames()) {
        put(resolved, key, file.getProperty(key).trim(), ConfigSource.CONF_FILE, confFile.toString());
      }
    }
    for (Map.Entry<String, String> e : sparkConf.entrySet()) {
      if (e.getKey().startsWith(SPARK_PREFIX)) {
        String key = e.getKey().substring(SPARK_PREFIX.length());
        put(resolved, key, e.getValue().trim(), ConfigSource.SPARK_CONF, e.getKey());
      }
    }
    for (Map.Entry<String, String> e : cli.entrySet()) {
      put(resolved, e.getKey(), e.getValue().trim(), ConfigSource.CLI, "--" + e.getKey());
    }
    return new LinguaConfig(resolved);
  }

  /** Defaults only: for tests and for code that needs a baseline. */
  public static LinguaConfig defaults() {
    return resolve(Map.of(), Map.of(), null);
  }

  /** A copy with some keys overridden as if given on the command line. */
  public LinguaConfig with(Map<String, String> overrides) {
    Map<String, Entry> copy = new LinkedHashMap<>(entries);
    overrides.forEach((k, v) -> put(copy, k, v.trim(), ConfigSource.CLI, "--" + k));
    return new LinguaConfig(copy);
  }

  private static void put(Map<String, Entry> resolved, String key, String value, ConfigSource source, String origin) {
    if (!resolved.containsKey(key)) {
      throw new ConfigException("Unknown configuration key '" + key + "' (from " + source.label() + " " + origin
          + "). Known keys: " + String.join(", ", new TreeMap<>(resolved).keySet()));
    }
    resolved.put(key, new Entry(value, source, origin));
  }

  private static Properties loadDefaults() {
    Properties p = new Properties();
    try (InputStream in = LinguaConfig.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("defaults.properties missing from the class path");
      }
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in defaults", e);
    }
    return p;
  }

  private static Properties loadFile(Path confFile) {
    if (!Files.isRegularFile(confFile)) {
      throw new ConfigException("Config file not found: " + confFile.toAbsolutePath());
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(confFile, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("Cannot parse config file " + confFile + ": " + e.getMessage(), e);
    }
    return p;
  }

  /** The value, with {@code ${home}} replaced by the install folder (see {@link #home()}). */
  public String get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      throw new IllegalArgumentException("no such configuration key: " + key);
    }
    return e.value().replace("${home}", home());
  }

  /**
   * The lingualens install folder, so shipped data (sample-data, conf, the fetch cache) is found
   * wherever the job is started from: system property {@code lingualens.home}, else env
   * {@code LINGUALENS_HOME}, else the working directory.
   */
  public static String home() {
    String h = System.getProperty("lingualens.home");
    if (h == null || h.isBlank()) {
      h = System.getenv("LINGUALENS_HOME");
    }
    return h == null || h.isBlank() ? "." : h;
  }

  public Entry entry(String key) {
    get(key);
    return entries.get(key);
  }

  public int getInt(String key, int min) {
    long v = getLong(key, min);
    if (v > Integer.MAX_VALUE) {
      throw bad(key, "an integer ≤ " + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  public long getLong(String key, long min) {
    String raw = get(key);
    long v;
    try {
      v = Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw bad(key, "an integer");
    }
    if (v < min) {
      throw bad(key, "an integer ≥ " + min);
    }
    return v;
  }

  public double getDouble(String key, double min, double max) {
    double v;
    try {
      v = Double.parseDouble(get(key));
    } catch (NumberFormatException e) {
      throw bad(key, "a number");
    }
    if (!(v >= min && v <= max)) {
      throw bad(key, "a number in [" + min + ", " + max + "]");
    }
    return v;
  }

  public boolean getBoolean(String key) {
    String raw = get(key).toLowerCase(java.util.Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw bad(key, "true or false");
    };
  }

  /** Comma-separated list, blanks dropped. */
  public List<String> getList(String key) {
    List<String> out = new ArrayList<>();
    for (String part : get(key).split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  public ConfigException bad(String key, String expected) {
    Entry e = entries.get(key);
    return new ConfigException("Bad value '" + e.value() + "' for '" + key + "' (from " + e.source().label() + " "
        + e.origin() + "): expected " + expected);
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  /** Flat key → value view, e.g. for the run record. */
  public Map<String, String> asMap() {
    Map<String, String> m = new TreeMap<>();
    entries.forEach((k, v) -> m.put(k, v.value()));
    return m;
  }

  /** One line per key: value and where it came from ({@code lingualens config --explain}). */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    entries.forEach((k, v) -> sb.append(k).append(" = ").append(v.value()).append("    [")
        .append(v.source().label()).append(v.source() == ConfigSource.DEFAULT ? "" : ": " + v.origin()).append("]\n"));
    return sb.toString();
  }
}
