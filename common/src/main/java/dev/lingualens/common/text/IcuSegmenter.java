package dev.lingualens.common.text;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence and word segmentation with ICU4J (UAX #29 plus ICU's dictionaries for Chinese, Japanese,
 * Thai, Lao, Khmer and Burmese, which write words without spaces). Break iterators are costly to
 * build, so one instance keeps them per language: not thread-safe, use one per task.
 */
public final class IcuSegmenter {
  private final Map<String, BreakIterator[]> iterators = new HashMap<>();

  public Segmentation segment(String text, String lang) {
    BreakIterator[] its =
        iterators.computeIfAbsent(
            lang == null ? "" : lang,
            l -> {
              ULocale locale = new ULocale(l);
              return new BreakIterator[] {
                BreakIterator.getSentenceInstance(locale), BreakIterator.getWordInstance(locale)
              };
            });
    BreakIterator sentences = its[0];
    sentences.setText(text);
    int nSentences = 0;
    for (int start = sentences.first(), end = sentences.next();
        end != BreakIterator.DONE;
        start = end, end = sentences.next()) {
      if (!text.substring(start, end).isBlank()) {
        nSentences++;
      }
    }
    BreakIterator words = its[1];
    words.setText(text);
    List<String> out = new ArrayList<>();
    for (int start = words.first(), end = words.next();
        end != BreakIterator.DONE;
        start = end, end = words.next()) {
      String w = text.substring(start, end);
      if (WordFilter.isWord(w)) {
        out.add(w);
      }
    }
    return new Segmentation(nSentences, out, "icu4j");
  }
}
