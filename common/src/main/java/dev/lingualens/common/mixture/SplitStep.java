package dev.lingualens.common.mixture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HF's {@code Split} pre-tokenizer: a pattern, a behaviour for the matches (Isolated, Removed,
 * MergedWithPrevious, MergedWithNext, Contiguous) and {@code invert} (the matches are the pieces
 * and the gaps the delimiters, as in the GPT-4o / GPT-3.5 files).
 */
public final class SplitStep implements PreTokenizerStep {
  public enum Behavior {
    ISOLATED,
    REMOVED,
    MERGED_WITH_PREVIOUS,
    MERGED_WITH_NEXT,
    CONTIGUOUS
  }

  private final Pattern pattern;
  private final Behavior behavior;
  private final boolean invert;

  public SplitStep(Pattern pattern, Behavior behavior, boolean invert) {
    this.pattern = pattern;
    this.behavior = behavior;
    this.invert = invert;
  }

  static SplitStep from(JsonNode node, String source) {
    String b = node.path("behavior").asText("Isolated");
    Behavior behavior =
        switch (b) {
          case "Isolated" -> Behavior.ISOLATED;
          case "Removed" -> Behavior.REMOVED;
          case "MergedWithPrevious" -> Behavior.MERGED_WITH_PREVIOUS;
          case "MergedWithNext" -> Behavior.MERGED_WITH_NEXT;
          case "Contiguous" -> Behavior.CONTIGUOUS;
          default ->
              throw new IllegalArgumentException(
                  "Tokenizer " + source + ": Split behavior '" + b + "' is unknown");
        };
    return new SplitStep(
        pattern(node.path("pattern"), source), behavior, node.path("invert").asBoolean(false));
  }

  /**
   * {@code {"String": "…"}} is a literal, {@code {"Regex": "…"}} an Oniguruma regex translated to
   * Java.
   */
  static Pattern pattern(JsonNode node, String source) {
    if (node.has("String")) {
      return Pattern.compile(Pattern.quote(node.get("String").asText()));
    }
    if (node.has("Regex")) {
      return compileOniguruma(node.get("Regex").asText(), source);
    }
    throw new IllegalArgumentException(
        "Tokenizer " + source + ": pattern " + node + " is neither String nor Regex");
  }

  private static final Set<String> GENERAL_CATEGORIES =
      Set.of(
          "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P",
          "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl",
          "Zp", "C", "Cc", "Cf", "Cs", "Co", "Cn");
  private static final Pattern PROPERTY = Pattern.compile("\\\\([pP])\\{\\^?([A-Za-z_]+)\\}");

  /**
   * The tokenizers' regexes are Oniguruma (Unicode-aware {@code \s}, script names such as {@code
   * \p{Han}}). Java needs UNICODE_CHARACTER_CLASS for Unicode {@code \s} and {@code \p{IsHan}} for
   * scripts; general categories ({@code \p{L}}, {@code \p{N}}, …) are spelled the same in both.
   */
  public static Pattern compileOniguruma(String regex, String source) {
    Matcher m = PROPERTY.matcher(regex);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      boolean negated = m.group(0).contains("{^");
      String p = negated ? (m.group(1).equals("p") ? "P" : "p") : m.group(1);
      String javaName = GENERAL_CATEGORIES.contains(name) ? name : "Is" + name;
      m.appendReplacement(out, Matcher.quoteReplacement("\\" + p + "{" + javaName + "}"));
    }
    m.appendTail(out);
    try {
      return Pattern.compile(out.toString(), Pattern.UNICODE_CHARACTER_CLASS);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Tokenizer "
              + source
              + ": regex '"
              + regex
              + "' does not translate to Java ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  @Override
  public void split(String piece, boolean firstPiece, List<String> out) {
    if (behavior == Behavior.ISOLATED) {
      // Every segment as it is: the byte-level tokenizers' split, run over every text token-stats
      // encodes, goes out as the matcher finds it, without a segment list.
      segments(piece, (start, end, match) -> out.add(piece.substring(start, end)));
      return;
    }
    // Segments covering the piece: [start, end, isDelimiter].
    List<int[]> segments = new ArrayList<>();
    segments(
        piece,
        (start, end, match) -> segments.add(new int[] {start, end, match != invert ? 1 : 0}));
    for (int[] s : arrange(segments)) {
      if (s[1] > s[0]) {
        out.add(piece.substring(s[0], s[1]));
      }
    }
  }

  private interface SegmentSink {
    void accept(int start, int end, boolean match);
  }

  /** The non-empty gaps and matches that cover the piece, in order. */
  private void segments(String piece, SegmentSink sink) {
    Matcher m = pattern.matcher(piece);
    int at = 0;
    while (m.find()) {
      if (m.end() == m.start()) {
        continue; // empty matches split nothing
      }
      if (m.start() > at) {
        sink.accept(at, m.start(), false);
      }
      sink.accept(m.start(), m.end(), true);
      at = m.end();
    }
    if (at < piece.length()) {
      sink.accept(at, piece.length(), false);
    }
  }

  private List<int[]> arrange(List<int[]> segments) {
    List<int[]> acc = new ArrayList<>();
    switch (behavior) {
      case ISOLATED -> acc.addAll(segments);
      case REMOVED -> segments.stream().filter(s -> s[2] == 0).forEach(acc::add);
      case CONTIGUOUS -> {
        boolean previousMatch = false;
        for (int[] s : segments) {
          if (s[2] == 1 && previousMatch) {
            acc.get(acc.size() - 1)[1] = s[1];
          } else {
            acc.add(s.clone());
          }
          previousMatch = s[2] == 1;
        }
      }
      case MERGED_WITH_PREVIOUS -> {
        boolean previousMatch = false;
        for (int[] s : segments) {
          if (s[2] == 1 && !previousMatch && !acc.isEmpty()) {
            acc.get(acc.size() - 1)[1] = s[1];
          } else {
            acc.add(s.clone());
          }
          previousMatch = s[2] == 1;
        }
      }
      case MERGED_WITH_NEXT -> {
        boolean previousMatch = false;
        for (int i = segments.size() - 1; i >= 0; i--) {
          int[] s = segments.get(i);
          if (s[2] == 1 && !previousMatch && !acc.isEmpty()) {
            acc.get(acc.size() - 1)[0] = s[0];
          } else {
            acc.add(s.clone());
          }
          previousMatch = s[2] == 1;
        }
        java.util.Collections.reverse(acc);
      }
    }
    return acc;
  }
}
