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
    BreakIterator[] its = iterators(lang);
    int nSentences = sentences(its[0], text);
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

  /**
   * The sentences of a text: UAX #29 sentence breaks, blank pieces not counted, and a single line
   * break read as a space. UAX #29 ends a sentence at every line break, which counted each wrapped
   * line of a man page as a sentence (2.6 x the sentences Spark NLP's pragmatic detector found on
   * the benchmark's man pages; 1.03 x with wrapped lines joined; docs/running.md); a blank line
   * still ends one.
   */
  public int sentences(String text, String lang) {
    return sentences(iterators(lang)[0], text);
  }

  private BreakIterator[] iterators(String lang) {
    return iterators.computeIfAbsent(
        lang == null ? "" : lang,
        l -> {
          ULocale locale = new ULocale(l);
          return new BreakIterator[] {
            BreakIterator.getSentenceInstance(locale), BreakIterator.getWordInstance(locale)
          };
        });
  }

  private static int sentences(BreakIterator sentences, String original) {
    String text = joinWrappedLines(original);
    sentences.setText(text);
    int n = 0;
    for (int start = sentences.first(), end = sentences.next();
        end != BreakIterator.DONE;
        start = end, end = sentences.next()) {
      if (!text.substring(start, end).isBlank()) {
        n++;
      }
    }
    return n;
  }

  /** A line break with no line break next to it becomes a space (same length, same offsets). */
  static String joinWrappedLines(String text) {
    if (text.indexOf('\n') < 0) {
      return text;
    }
    char[] c = text.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (text.charAt(i) == '\n'
          && (i == 0 || text.charAt(i - 1) != '\n')
          && (i + 1 == c.length || text.charAt(i + 1) != '\n')) {
        c[i] = ' ';
      }
    }
    return new String(c);
  }
}
