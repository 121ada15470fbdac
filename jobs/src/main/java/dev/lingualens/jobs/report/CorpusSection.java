package dev.lingualens.jobs.report;

import dev.lingualens.common.corpus.LanguageCodes;
import dev.lingualens.common.report.Report;
import dev.lingualens.common.report.Section;
import dev.lingualens.common.report.Table;
import dev.lingualens.common.schema.CorpusTables;
import dev.lingualens.common.schema.Tables;
import java.util.List;
import org.apache.spark.sql.Row;

/** What was ingested, per corpus and language, and what was quarantined and why. */
final class CorpusSection implements ReportJob.ReportSection {
  @Override
  public List<Tables.Table> requires() {
    return List.of(CorpusTables.DOCUMENTS, CorpusTables.QUARANTINE);
  }

  @Override
  public void addTo(Report report, ReportJob.TableReader tables) {
    Section s = new Section("corpus", "Corpus: documents and quarantine");
    List<Row> totals =
        tables
            .sql(
                "SELECT (SELECT count(*) FROM documents) AS written, "
                    + "(SELECT count(*) FROM quarantine) AS quarantined",
                CorpusTables.DOCUMENTS,
                CorpusTables.QUARANTINE)
            .collectAsList();
    long written = totals.get(0).<Long>getAs("written");
    long quarantined = totals.get(0).<Long>getAs("quarantined");
    s.addParagraph(
        "Read "
            + (written + quarantined)
            + " records: "
            + written
            + " written to documents, "
            + quarantined
            + " quarantined (read = written + quarantined).");
    Table docs =
        new Table(
            List.of(
                "corpus",
                "lang",
                "language",
                "script",
                "documents",
                "sentences",
                "words",
                "chars",
                "segmenter"));
    for (Row r :
        tables
            .sql(
                "SELECT corpus, lang, script, count(*) AS documents, sum(n_sentences) AS sentences, "
                    + "sum(n_words) AS words, sum(n_chars) AS chars, concat_ws(',', collect_set(segmenter)) AS segmenters "
                    + "FROM documents GROUP BY corpus, lang, script ORDER BY corpus, lang, script",
                CorpusTables.DOCUMENTS)
            .collectAsList()) {
      docs.addRow(
          List.of(
              r.<String>getAs("corpus"),
              r.<String>getAs("lang"),
              LanguageCodes.name(r.getAs("lang")),
              r.<String>getAs("script"),
              r.<Long>getAs("documents"),
              r.<Long>getAs("sentences"),
              r.<Long>getAs("words"),
              r.<Long>getAs("chars"),
              r.<String>getAs("segmenters")));
    }
    s.addTable(docs);
    Table q = new Table(List.of("corpus", "source", "location", "reason", "detail"));
    for (Row r :
        tables
            .sql(
                "SELECT corpus, source, location, reason, detail FROM quarantine "
                    + "ORDER BY corpus, source, location",
                CorpusTables.QUARANTINE)
            .limit(200)
            .collectAsList()) {
      q.addRow(
          List.of(
              r.<String>getAs("corpus"),
              fileName(r.getAs("source")),
              r.<String>getAs("location"),
              r.<String>getAs("reason"),
              r.getAs("detail") == null ? "" : r.<String>getAs("detail")));
    }
    s.addParagraph("Quarantined records (first 200):");
    s.addTable(q);
    report.addSection(s);
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash >= 0 ? path.substring(slash + 1) : path;
  }
}
