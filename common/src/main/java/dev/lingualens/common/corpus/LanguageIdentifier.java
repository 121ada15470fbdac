package dev.lingualens.common.corpus;

import com.github.pemistahl.lingua.api.IsoCode639_3;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.lingualens.common.resources.ExecutorResources;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Lingua language identification for unlabeled text. One detector per JVM and language set (its
 * n-gram models are large), held by {@link ExecutorResources}; low-accuracy mode because all languages at
 * high accuracy cost ~1.4 GB of heap per executor. A detector is plain heap: evicting it only drops the
 * shared reference, so an identifier already handed out stays usable.
 */
public final class LanguageIdentifier {
  /** Detected ISO 639-3 code and Lingua's confidence in [0, 1]. */
  public record Detection(String lang, double confidence) {}

  /** Heap of one language's low-accuracy n-gram models, an estimate for the resource budget. */
  static final long BYTES_PER_LANGUAGE = 4L << 20;
  static final int ALL_LANGUAGES = 75;

  private final LanguageDetector detector;

  private LanguageIdentifier(LanguageDetector detector) {
    this.detector = detector;
  }

  /** @param languages ISO 639-3 codes Lingua may choose from, or ["all"] */
  public static LanguageIdentifier forLanguages(List<String> languages) {
    String key = "lingua:" + String.join(",", languages);
    boolean all = languages.size() == 1 && languages.get(0).equalsIgnoreCase("all");
    long bytes = BYTES_PER_LANGUAGE * (all ? ALL_LANGUAGES : Math.max(1, languages.size()));
    try (ExecutorResources.Lease<LanguageDetector> lease =
        ExecutorResources.shared().acquire(key, bytes, () -> build(languages), d -> { })) {
      return new LanguageIdentifier(lease.get());
    }
  }

  private static LanguageDetector build(List<String> languages) {
    if (languages.size() == 1 && languages.get(0).equalsIgnoreCase("all")) {
      return LanguageDetectorBuilder.fromAllLanguages().withLowAccuracyMode().build();
    }
    IsoCode639_3[] codes = languages.stream().map(l -> {
      try {
        return IsoCode639_3.valueOf(l.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Lingua does not know the language '" + l
            + "' (ingest.langid.languages takes ISO 639-3 codes Lingua supports, or 'all')");
      }
    }).toArray(IsoCode639_3[]::new);
    if (codes.length < 2) {
      throw new IllegalArgumentException("ingest.langid.languages needs at least two languages or 'all', got "
          + languages);
    }
    return LanguageDetectorBuilder.fromIsoCodes639_3(codes).withLowAccuracyMode().build();
  }

  public Detection detect(String text) {
    SortedMap<Language, Double> values = detector.computeLanguageConfidenceValues(text);
    if (values.isEmpty()) {
      return new Detection(null, 0.0);
    }
    Map.Entry<Language, Double> best = values.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    if (best.getKey() == Language.UNKNOWN) {
      return new Detection(null, 0.0);
    }
    return new Detection(best.getKey().getIsoCode639_3().toString().toLowerCase(Locale.ROOT), best.getValue());
  }
}
