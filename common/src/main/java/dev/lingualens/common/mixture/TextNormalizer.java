package dev.lingualens.common.mixture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code normalizer} of a tokenizer.json, applied to a whole text before pre-tokenisation. */
@FunctionalInterface
public interface TextNormalizer extends Serializable {
  String apply(String text);

  TextNormalizer IDENTITY = t -> t;

  /**
   * Builds the normalizer a tokenizer.json describes; an unsupported type is an error naming it.
   */
  static TextNormalizer from(JsonNode node, String source) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return IDENTITY;
    }
    String type = node.path("type").asText("");
    switch (type) {
      case "NFC":
        return t -> Normalizer.normalize(t, Normalizer.Form.NFC);
      case "NFKC":
        return t -> Normalizer.normalize(t, Normalizer.Form.NFKC);
      case "NFD":
        return t -> Normalizer.normalize(t, Normalizer.Form.NFD);
      case "NFKD":
        return t -> Normalizer.normalize(t, Normalizer.Form.NFKD);
      case "Lowercase":
        return t -> t.toLowerCase(Locale.ROOT);
      case "Prepend":
        {
          String prefix = node.path("prepend").asText();
          // HF prepends only to non-empty strings.
          return t -> t.isEmpty() ? t : prefix + t;
        }
      case "Replace":
        {
          Pattern pattern = SplitStep.pattern(node.path("pattern"), source);
          String content = Matcher.quoteReplacement(node.path("content").asText());
          return t -> pattern.matcher(t).replaceAll(content);
        }
      case "Strip":
        {
          boolean left = node.path("strip_left").asBoolean(true);
          boolean right = node.path("strip_right").asBoolean(true);
          return t ->
              right ? (left ? t.strip() : t.stripTrailing()) : (left ? t.stripLeading() : t);
        }
      case "Sequence":
        {
          List<TextNormalizer> steps = new ArrayList<>();
          for (JsonNode child : node.path("normalizers")) {
            steps.add(from(child, source));
          }
          return t -> {
            String out = t;
            for (TextNormalizer step : steps) {
              out = step.apply(out);
            }
            return out;
          };
        }
      default:
        throw new IllegalArgumentException(
            "Tokenizer "
                + source
                + ": normalizer type '"
                + type
                + "' is not supported (supported: NFC, NFKC, NFD, NFKD, Lowercase, Prepend, Replace, Strip, Sequence)");
    }
  }
}
