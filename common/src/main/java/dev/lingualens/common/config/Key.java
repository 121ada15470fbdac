package dev.lingualens.common.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: name, type with its bounds, default and a one-line doc.
 * Settings records read their values through {@link #from}, which parses and checks the value and,
 * when it is bad, throws a {@link ConfigException} naming the key, the value and where the value
 * came from.
 */
public final class Key<T> {
  /** Turns a raw value into T, or returns null when it does not parse or is out of bounds. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(String raw);
  }

  private final String name;
  private final String defaultValue;
  private final String type;
  private final String doc;
  private final Parser<T> parser;

  private Key(String name, String defaultValue, String type, String doc, Parser<T> parser) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.type = type;
    this.doc = doc;
    this.parser = parser;
  }

  public String name() {
    return name;
  }

  /** The default as written (before {@code ${home}} is replaced). */
  public String defaultValue() {
    return defaultValue;
  }

  /** What a valid value looks like, e.g. "integer ≥ 1"; the same words appear in errors. */
  public String type() {
    return type;
  }

  public String doc() {
    return doc;
  }

  /** The value resolved in {@code config}, parsed and checked. */
  public T from(LinguaConfig config) {
    T value = parser.parse(config.get(name));
    if (value == null) {
      throw config.bad(name, type);
    }
    return value;
  }

  /** The same key with an extra rule; {@code expected} replaces the type in docs and errors. */
  public Key<T> where(Predicate<T> rule, String expected) {
    Parser<T> base = parser;
    return new Key<>(
        name,
        defaultValue,
        expected,
        doc,
        raw -> {
          T v = base.parse(raw);
          return v != null && rule.test(v) ? v : null;
        });
  }

  /** Free text; blank allowed ({@code ${home}} is replaced by the install folder). */
  public static Key<String> text(String name, String defaultValue, String doc) {
    return new Key<>(name, defaultValue, "text", doc, raw -> raw);
  }

  /** Text that must not be blank. */
  public static Key<String> required(
      String name, String defaultValue, String expected, String doc) {
    return new Key<>(name, defaultValue, expected, doc, raw -> raw.isBlank() ? null : raw.trim());
  }

  public static Key<Integer> integer(String name, String defaultValue, int min, String doc) {
    return new Key<>(
        name,
        defaultValue,
        "an integer ≥ " + min,
        doc,
        raw -> {
          Long v = parseLong(raw);
          return v == null || v < min || v > Integer.MAX_VALUE ? null : (int) (long) v;
        });
  }

  public static Key<Long> longInt(String name, String defaultValue, long min, String doc) {
    String type = min == Long.MIN_VALUE ? "an integer" : "an integer ≥ " + min;
    return new Key<>(
        name,
        defaultValue,
        type,
        doc,
        raw -> {
          Long v = parseLong(raw);
          return v == null || v < min ? null : v;
        });
  }

  public static Key<Double> real(
      String name, String defaultValue, double min, double max, String doc) {
    return new Key<>(
        name,
        defaultValue,
        "a number in [" + min + ", " + max + "]",
        doc,
        raw -> {
          try {
            double v = Double.parseDouble(raw);
            return v >= min && v <= max ? v : null;
          } catch (NumberFormatException e) {
            return null;
          }
        });
  }

  public static Key<Boolean> flag(String name, String defaultValue, String doc) {
    return new Key<>(
        name,
        defaultValue,
        "true or false",
        doc,
        raw ->
            switch (raw.toLowerCase(Locale.ROOT)) {
              case "true", "yes", "1" -> true;
              case "false", "no", "0" -> false;
              default -> null;
            });
  }

  /** Comma-separated list, blanks dropped, entries trimmed. */
  public static Key<List<String>> list(String name, String defaultValue, String doc) {
    return new Key<>(name, defaultValue, "a comma-separated list", doc, Key::splitList);
  }

  /** One of a fixed set of words, compared without case; the value is returned in lower case. */
  public static Key<String> choice(
      String name, String defaultValue, String doc, String... allowed) {
    List<String> words = Arrays.asList(allowed);
    return new Key<>(
        name,
        defaultValue,
        "one of " + String.join(", ", words),
        doc,
        raw -> {
          String v = raw.trim().toLowerCase(Locale.ROOT);
          return words.contains(v) ? v : null;
        });
  }

  /** Key groups joined in order, for a settings record that reads another record's keys too. */
  @SafeVarargs
  public static List<Key<?>> concat(List<Key<?>>... groups) {
    List<Key<?>> out = new ArrayList<>();
    for (List<Key<?>> g : groups) {
      out.addAll(g);
    }
    return List.copyOf(out);
  }

  static List<String> splitList(String raw) {
    List<String> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  private static Long parseLong(String raw) {
    try {
      return Long.parseLong(raw.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
