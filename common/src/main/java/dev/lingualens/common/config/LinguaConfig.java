package dev.lingualens.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The one configuration surface of lingualens: CLI &gt; {@code spark.lingualens.*} &gt; conf file
 * &gt; built-in defaults. Every known key is declared once as a {@link Key} (found through {@link
 * KeySource}); an unknown key is an error (a typo must not be silently ignored). Values are read
 * only through {@link Key#from}, by the settings records of the jobs, so each key has one type and
 * one set of bounds.
 */
public final class LinguaConfig implements Serializable {
  public static final String SPARK_PREFIX = "spark.lingualens.";
  private static final String DEFAULTS = "built-in defaults";

  /** A resolved value and its origin. */
  public record Entry(String value, ConfigSource source, String origin) implements Serializable {}

  private final Map<String, Entry> entries;

  private LinguaConfig(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** Every declared key by name, from the {@link KeySource}s on the class path. */
  public static Map<String, Key<?>> keys() {
    return Catalog.KEYS;
  }

  /** Loaded once: the set of keys is fixed by the class path. */
  private static final class Catalog {
    static final Map<String, Key<?>> KEYS = load();

    private static Map<String, Key<?>> load() {
      Map<String, Key<?>> keys = new TreeMap<>();
      for (KeySource source :
          ServiceLoader.load(KeySource.class, LinguaConfig.class.getClassLoader())) {
        for (Key<?> k : source.keys()) {
          Key<?> other = keys.putIfAbsent(k.name(), k);
          if (other != null && other != k) {
            throw new IllegalStateException("configuration key " + k.name() + " is declared twice");
          }
        }
      }
      return Collections.unmodifiableMap(keys);
    }
  }

  /**
   * Resolves the layered configuration.
   *
   * @param cli key/value pairs given on the command line (keys without the spark prefix)
   * @param sparkConf the full Spark conf (only {@code spark.lingualens.*} keys are read)
   * @param confFile a properties file, or null for none
   */
  public static LinguaConfig resolve(
      Map<String, String> cli, Map<String, String> sparkConf, Path confFile) {
    Map<String, Entry> resolved = new LinkedHashMap<>();
    for (Key<?> key : keys().values()) {
      resolved.put(
          key.name(), new Entry(key.defaultValue().trim(), ConfigSource.DEFAULT, DEFAULTS));
    }
    if (confFile != null) {
      Properties file = loadFile(confFile);
      for (String key : file.stringPropertyNames()) {
        put(
            resolved,
            key,
            file.getProperty(key).trim(),
            ConfigSource.CONF_FILE,
            confFile.toString());
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

  private static void put(
      Map<String, Entry> resolved, String key, String value, ConfigSource source, String origin) {
    if (!resolved.containsKey(key)) {
      throw new ConfigException(
          "Unknown configuration key '"
              + key
              + "' (from "
              + source.label()
              + " "
              + origin
              + "). Known keys: "
              + String.join(", ", new TreeMap<>(resolved).keySet()));
    }
    resolved.put(key, new Entry(value, source, origin));
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
  String get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      throw new IllegalArgumentException("no such configuration key: " + key);
    }
    return e.value().replace("${home}", home());
  }

  /**
   * The lingualens install folder, so shipped data (sample-data, conf, the fetch cache) is found
   * wherever the job is started from: system property {@code lingualens.home}, else env {@code
   * LINGUALENS_HOME}, else the working directory.
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

  /** The value of a declared key, parsed and checked. */
  public <T> T get(Key<T> key) {
    return key.from(this);
  }

  /**
   * An error naming the key, its value and where the value came from; for checks beyond the key's
   * type.
   */
  public ConfigException bad(Key<?> key, String expected) {
    return bad(key.name(), expected);
  }

  ConfigException bad(String key, String expected) {
    Entry e = entries.get(key);
    return new ConfigException(
        "Bad value '"
            + e.value()
            + "' for '"
            + key
            + "' (from "
            + e.source().label()
            + " "
            + e.origin()
            + "): expected "
            + expected);
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
    entries.forEach(
        (k, v) -> {
          Key<?> key = keys().get(k);
          sb.append(k)
              .append(" = ")
              .append(v.value())
              .append("    [")
              .append(v.source().label())
              .append(v.source() == ConfigSource.DEFAULT ? "" : ": " + v.origin())
              .append("]    ")
              .append(key.type())
              .append(": ")
              .append(key.doc())
              .append('\n');
        });
    return sb.toString();
  }
}
