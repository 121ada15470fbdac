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
 * n-gram models are large), held by {@link ExecutorResources}; low-accuracy mode because all
 * languages at high accuracy cost ~1.4 GB of heap per executor. A detector is plain heap: evicting
 * it only drops the shared reference, so an identifier already handed out stays usable.
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

  /**
   * @param languages ISO 639-3 codes Lingua may choose from, or ["all"]
   */
  public static LanguageIdentifier forLanguages(List<String> languages) {
    String key = "lingua:" + String.join(",", languages);
    boolean all = languages.size() == 1 && languages.get(0).equalsIgnoreCase("all");
    long bytes = BYTES_PER_LANGUAGE * (all ? ALL_LANGUAGES : Math.max(1, languages.size()));
    try (ExecutorResources.Lease<LanguageDetector> lease =
        ExecutorResources.shared().acquire(key, bytes, () -> build(languages), d -> {})) {
      return new LanguageIdentifier(lease.get());
    }
  }

  /**
   * Why Lingua cannot be built for {@code languages}, or null when it can: checked on the driver,
   * so a bad {@code ingest.langid.languages} is one config error before any record is read.
   */
  public static String problem(List<String> languages) {
    if (languages.size() == 1 && languages.get(0).equalsIgnoreCase("all")) {
      return null;
    }
    for (String l : languages) {
      if (l.equalsIgnoreCase("all")) {
        return "'all' alone, or ISO 639-3 codes";
      }
      try {
        IsoCode639_3.valueOf(l.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return "ISO 639-3 codes Lingua supports, or 'all' ('" + l + "' is not one)";
      }
    }
    if (languages.size() < 2) {
      return "at least two ISO 639-3 codes, or 'all'";
    }
    return null;
  }

  private static LanguageDetector build(List<String> languages) {
    if (languages.size() == 1 && languages.get(0).equalsIgnoreCase("all")) {
      return LanguageDetectorBuilder.fromAllLanguages().withLowAccuracyMode().build();
    }
    IsoCode639_3[] codes =
        languages.stream()
            .map(
                l -> {
                  try {
                    return IsoCode639_3.valueOf(l.trim().toUpperCase(Locale.ROOT));
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                        "Lingua does not know the language '"
                            + l
                            + "' (ingest.langid.languages takes ISO 639-3 codes Lingua supports, or 'all')");
                  }
                })
            .toArray(IsoCode639_3[]::new);
    if (codes.length < 2) {
      throw new IllegalArgumentException(
          "ingest.langid.languages needs at least two languages or 'all', got " + languages);
    }
    return LanguageDetectorBuilder.fromIsoCodes639_3(codes).withLowAccuracyMode().build();
  }

  /**
   * The most likely language and a real confidence in [0, 1]: Lingua's margin between it and the
   * runner-up. Lingua 1.2 reports relative values on which the best language always scores 1.0 (so
   * a threshold on that value never applies: English tagged Zulu at 1.0); the runner-up's value
   * says how close the call was. Confidence = 1 - runner-up's relative value: 0 for a tie, larger
   * the clearer the call (English sentences against all languages about 0.2, a lone "Hello" about
   * 0.1, Zulu against four European languages 0.05). A text for which Lingua can name only one
   * language gets 1.0.
   */
  public Detection detect(String text) {
    SortedMap<Language, Double> values = detector.computeLanguageConfidenceValues(text);
    if (values.isEmpty()) {
      return new Detection(null, 0.0);
    }
    List<Map.Entry<Language, Double>> ranked =
        values.entrySet().stream()
            .sorted(Map.Entry.<Language, Double>comparingByValue().reversed())
            .toList();
    Map.Entry<Language, Double> best = ranked.get(0);
    if (best.getKey() == Language.UNKNOWN) {
      return new Detection(null, 0.0);
    }
    double runnerUp = ranked.size() > 1 ? ranked.get(1).getValue() / best.getValue() : 0.0;
    return new Detection(
        best.getKey().getIsoCode639_3().toString().toLowerCase(Locale.ROOT),
        Math.max(0.0, Math.min(1.0, 1.0 - runnerUp)));
  }
}
