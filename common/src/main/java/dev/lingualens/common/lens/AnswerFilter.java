package dev.lingualens.common.lens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which lexicon concepts can be measured for one target language in one tokenizer, following
 * Wendler et al. ({@code Translation.ipynb}): an item is kept only when its answer in the target
 * language and in every candidate latent language each has at least one prefix token, the target
 * word does not contain a latent word (case-insensitive; "Tomate" contains "tomat"), and the target
 * prefix set shares no token with any latent prefix set, so p(target) and p(latent) are sums over
 * different tokens. A latent language equal to the target is not compared with itself. Dropped
 * items are counted under the first rule they fail.
 */
public final class AnswerFilter {
  /** Why an item was not kept. Codes are stable: they land in run records. */
  public enum Reason {
    /** The lexicon has no word for the concept in the target or in a latent language. */
    MISSING_WORD,
    /** A word has an empty prefix set (no vocabulary token starts it). */
    NO_PREFIX_TOKEN,
    /** The target word contains a latent language's word. */
    CONTAINS_LATENT_WORD,
    /** The target and a latent prefix set share a token. */
    SHARED_PREFIX_TOKEN;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A kept item: the words and prefix sets of the target and latent languages (the target first).
   */
  public record Item(String concept, Map<String, String> words, Map<String, int[]> prefixSets) {}

  /** Kept items in lexicon order, and the count of dropped ones by {@link Reason#code()}. */
  public record Result(List<Item> kept, Map<String, Long> dropped) {}

  private AnswerFilter() {}

  /**
   * Filters every concept of {@code lexicon} for {@code target} against {@code latents} (ISO 639-3
   * codes, e.g. {@code jpn} against {@code [eng]}).
   */
  public static Result apply(
      Lexicon lexicon, AnswerTokens tokens, String target, List<String> latents) {
    List<String> langs = new ArrayList<>();
    langs.add(target);
    latents.stream().filter(l -> !l.equals(target) && !langs.contains(l)).forEach(langs::add);
    List<Item> kept = new ArrayList<>();
    Map<Reason, Long> dropped = new EnumMap<>(Reason.class);
    for (String concept : lexicon.concepts()) {
      Map<String, String> words = new LinkedHashMap<>();
      langs.forEach(l -> lexicon.word(concept, l).ifPresent(w -> words.put(l, w)));
      Map<String, int[]> sets = new LinkedHashMap<>();
      Optional<Reason> reason = check(words, sets, langs, tokens);
      if (reason.isPresent()) {
        dropped.merge(reason.get(), 1L, Long::sum);
      } else {
        kept.add(
            new Item(
                concept, Collections.unmodifiableMap(words), Collections.unmodifiableMap(sets)));
      }
    }
    Map<String, Long> codes = new TreeMap<>();
    dropped.forEach((r, n) -> codes.put(r.code(), n));
    return new Result(List.copyOf(kept), codes);
  }

  private static Optional<Reason> check(
      Map<String, String> words, Map<String, int[]> sets, List<String> langs, AnswerTokens tokens) {
    if (words.size() < langs.size()) {
      return Optional.of(Reason.MISSING_WORD);
    }
    for (String l : langs) {
      int[] set = tokens.prefixSet(words.get(l));
      if (set.length == 0) {
        return Optional.of(Reason.NO_PREFIX_TOKEN);
      }
      sets.put(l, set);
    }
    String target = langs.get(0);
    String targetWord = words.get(target).toLowerCase(Locale.ROOT);
    for (String l : langs.subList(1, langs.size())) {
      if (targetWord.contains(words.get(l).toLowerCase(Locale.ROOT))) {
        return Optional.of(Reason.CONTAINS_LATENT_WORD);
      }
    }
    for (String l : langs.subList(1, langs.size())) {
      if (!AnswerTokens.disjoint(sets.get(target), sets.get(l))) {
        return Optional.of(Reason.SHARED_PREFIX_TOKEN);
      }
    }
    return Optional.empty();
  }
}
