package dev.lingualens.common.mixture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Text → pretokens ("words") spelled in the merge list's alphabet, as the target tokenizer does it:
 * its {@code normalizer}, then its {@code pre_tokenizer} steps. Pairs are only ever counted inside
 * a word.
 */
public final class PreTokenization implements Serializable {
  private final TextNormalizer normalizer;
  private final List<PreTokenizerStep> steps;
  private final SymbolKind kind;

  public PreTokenization(TextNormalizer normalizer, List<PreTokenizerStep> steps, SymbolKind kind) {
    this.normalizer = normalizer;
    this.steps = List.copyOf(steps);
    this.kind = kind;
  }

  /**
   * The rules of a tokenizer.json; character-level (SentencePiece) files get the SentencePiece word
   * split last.
   */
  public static PreTokenization from(TokenizerJson tokenizer) {
    String source = tokenizer.file().toString();
    TextNormalizer normalizer = TextNormalizer.from(tokenizer.root().path("normalizer"), source);
    List<PreTokenizerStep> steps = new ArrayList<>();
    addSteps(tokenizer.root().path("pre_tokenizer"), source, steps);
    SymbolKind kind = tokenizer.symbolKind();
    if (kind == SymbolKind.CHARACTER) {
      steps.add(new SentencePieceWordsStep());
    }
    return new PreTokenization(normalizer, steps, kind);
  }

  /**
   * The paper's controlled tokenizers: digit runs isolated, then GPT-2 byte-level regex, no prefix
   * space.
   */
  public static PreTokenization gpt2WithDigitRuns() {
    return new PreTokenization(
        TextNormalizer.IDENTITY,
        List.of(new DigitsStep(false), new ByteLevelStep(false, true)),
        SymbolKind.BYTE_LEVEL);
  }

  private static void addSteps(JsonNode node, String source, List<PreTokenizerStep> steps) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return;
    }
    String type = node.path("type").asText("");
    switch (type) {
      case "Sequence" ->
          node.path("pretokenizers").forEach(child -> addSteps(child, source, steps));
      case "Split" -> steps.add(SplitStep.from(node, source));
      case "ByteLevel" ->
          steps.add(
              new ByteLevelStep(
                  node.path("add_prefix_space").asBoolean(false),
                  node.path("use_regex").asBoolean(true)));
      case "Digits" -> steps.add(new DigitsStep(node.path("individual_digits").asBoolean(false)));
      case "Metaspace" ->
          steps.add(
              new MetaspaceStep(
                  node.path("replacement").asText("\u2581"),
                  metaspacePrepend(node),
                  node.path("split").asBoolean(true)));
      case "WhitespaceSplit" ->
          steps.add(
              new SplitStep(
                  java.util.regex.Pattern.compile(
                      "\\s+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS),
                  SplitStep.Behavior.REMOVED,
                  false));
      default ->
          throw new IllegalArgumentException(
              "Tokenizer "
                  + source
                  + ": pre_tokenizer type '"
                  + type
                  + "' is not supported (supported: Sequence, Split, ByteLevel, Digits, Metaspace, WhitespaceSplit)");
    }
  }

  private static MetaspaceStep.Prepend metaspacePrepend(JsonNode node) {
    if (node.has("prepend_scheme")) {
      return switch (node.get("prepend_scheme").asText()) {
        case "first" -> MetaspaceStep.Prepend.FIRST;
        case "never" -> MetaspaceStep.Prepend.NEVER;
        default -> MetaspaceStep.Prepend.ALWAYS;
      };
    }
    return node.path("add_prefix_space").asBoolean(true)
        ? MetaspaceStep.Prepend.ALWAYS
        : MetaspaceStep.Prepend.NEVER;
  }

  /**
   * The same rules with byte-level pieces left as text: each piece is then what the tokenizer
   * encodes on its own, in the input's own spelling.
   */
  public PreTokenization unmapped() {
    List<PreTokenizerStep> raw = new ArrayList<>(steps.size());
    for (PreTokenizerStep step : steps) {
      raw.add(step instanceof ByteLevelStep b ? b.unmapped() : step);
    }
    return new PreTokenization(normalizer, raw, kind);
  }

  public SymbolKind kind() {
    return kind;
  }

  /** The pretokens of one text, in order. */
  public List<String> words(String text) {
    return split(normalize(text));
  }

  /** The text as the tokenizer's normalizer leaves it. */
  public String normalize(String text) {
    return normalizer.apply(text);
  }

  /** The pretokens of a text that is already normalized ({@link #normalize(String)}), in order. */
  public List<String> split(String normalized) {
    List<String> pieces = new ArrayList<>();
    if (normalized.isEmpty()) {
      return pieces;
    }
    pieces.add(normalized);
    for (PreTokenizerStep step : steps) {
      List<String> next = new ArrayList<>(pieces.size() * 2);
      for (int i = 0; i < pieces.size(); i++) {
        step.split(pieces.get(i), i == 0, next);
      }
      pieces = next;
    }
    return pieces;
  }
}
