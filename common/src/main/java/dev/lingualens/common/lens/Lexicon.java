package dev.lingualens.common.lens;

import dev.lingualens.common.corpus.LanguageCodes;
import dev.lingualens.common.corpus.LanguageTag;
import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Aligned words: concept → language → word, with the count of rows that were offered but not taken,
 * by reason, so that a run can say how many items it lost and why.
 *
 * <p>Languages are ISO 639-3 codes as {@code documents.lang} carries them: a tag's script and
 * region are dropped ({@code zh-Hant} and {@code zh} are both {@code zho}), so a lexicon holds one
 * word per concept and language.
 */
public final class Lexicon implements Serializable {
  private final Map<String, Map<String, String>> words;
  private final Map<LexiconDrop, Long> dropped;
  private final int size;

  private Lexicon(Map<String, Map<String, String>> words, Map<LexiconDrop, Long> dropped) {
    this.words = words;
    this.dropped = dropped;
    this.size = words.values().stream().mapToInt(Map::size).sum();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every entry, concepts in the order they were first added, languages in that order too. */
  public List<LexiconEntry> entries() {
    List<LexiconEntry> out = new ArrayList<>(size);
    words.forEach(
        (concept, byLang) ->
            byLang.forEach((lang, w) -> out.add(new LexiconEntry(concept, lang, w))));
    return out;
  }

  public int size() {
    return size;
  }

  /** Concepts in the order they were first added. */
  public Set<String> concepts() {
    return Collections.unmodifiableSet(words.keySet());
  }

  /** Every language with at least one word, sorted. */
  public Set<String> languages() {
    Set<String> out = new TreeSet<>();
    words.values().forEach(m -> out.addAll(m.keySet()));
    return out;
  }

  /** The word for a concept in an ISO 639-3 language, if the lexicon has one. */
  public Optional<String> word(String concept, String lang) {
    return Optional.ofNullable(words.getOrDefault(concept, Map.of()).get(lang));
  }

  /** Language → word for one concept (empty for an unknown concept). */
  public Map<String, String> words(String concept) {
    return Collections.unmodifiableMap(words.getOrDefault(concept, Map.of()));
  }

  /** Number of words per language, sorted by language. */
  public Map<String, Integer> countsByLanguage() {
    Map<String, Integer> out = new TreeMap<>();
    words.values().forEach(m -> m.keySet().forEach(l -> out.merge(l, 1, Integer::sum)));
    return out;
  }

  /** Rows not taken, by {@link LexiconDrop#code()}, only reasons that occurred, sorted by code. */
  public Map<String, Long> dropped() {
    Map<String, Long> out = new TreeMap<>();
    dropped.forEach((r, n) -> out.put(r.code(), n));
    return out;
  }

  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Collects words; each {@code add} either takes the row or counts it under a reason. */
  public static final class Builder {
    private final Map<String, Map<String, String>> words = new LinkedHashMap<>();
    private final Map<LexiconDrop, Long> dropped = new EnumMap<>(LexiconDrop.class);

    private Builder() {}

    /**
     * Takes a row whose language is any ISO 639-1/639-3 tag ({@code de}, {@code deu}, {@code
     * zh-Hans}); the concept is trimmed, the word trimmed and NFC-normalised (tokenizers see NFC
     * text, and prefix matching compares bytes). Returns the reason when the row is not taken.
     */
    public Optional<LexiconDrop> add(String concept, String langTag, String word) {
      if (concept == null || concept.isBlank()) {
        return drop(LexiconDrop.BLANK_CONCEPT);
      }
      String w = word == null ? "" : Normalizer.normalize(word.strip(), Normalizer.Form.NFC);
      if (w.isEmpty()) {
        return drop(LexiconDrop.EMPTY_WORD);
      }
      Optional<String> lang = LanguageCodes.parse(langTag).map(LanguageTag::lang);
      if (lang.isEmpty()) {
        return drop(LexiconDrop.UNKNOWN_LANGUAGE);
      }
      Map<String, String> byLang =
          words.computeIfAbsent(concept.strip(), c -> new LinkedHashMap<>());
      if (byLang.putIfAbsent(lang.get(), w) != null) {
        return drop(LexiconDrop.DUPLICATE_CONCEPT_LANG);
      }
      return Optional.empty();
    }

    /** Counts a row that never reached {@link #add} (e.g. a TSV line with two fields). */
    public Optional<LexiconDrop> drop(LexiconDrop reason) {
      dropped.merge(reason, 1L, Long::sum);
      return Optional.of(reason);
    }

    /**
     * Adds every entry of {@code other} (a word this builder already has for the concept and
     * language is kept, the other's counted as a duplicate) and carries its drop counts over.
     */
    public Builder addAll(Lexicon other) {
      other.entries().forEach(e -> add(e.concept(), e.lang(), e.word()));
      other.dropped.forEach((r, n) -> dropped.merge(r, n, Long::sum));
      return this;
    }

    public Lexicon build() {
      Map<String, Map<String, String>> copy = new LinkedHashMap<>();
      words.forEach((c, m) -> copy.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
      return new Lexicon(Collections.unmodifiableMap(copy), new EnumMap<>(dropped));
    }
  }
}
