package dev.lingualens.jobs.ingest;

import dev.lingualens.common.corpus.Document;
import dev.lingualens.common.corpus.DocumentNormalizer;
import dev.lingualens.common.corpus.LanguageIdentifier;
import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The row shape between reading and segmentation: a {@code status} of {@code ok} or {@code quarantine}
 * plus the document or quarantine fields, so one pass over the input yields both tables.
 */
final class NormalizedRows implements Serializable {
  static final String OK = "ok";
  static final String QUARANTINE = "quarantine";
  static final StructType SCHEMA = StructType.fromDDL(
      "status string, id string, corpus string, lang string, script string, lang_tag string, lang_source string, "
          + "lang_confidence double, align_id string, text string, source string, location string, "
          + "extra_json string, reason string, detail string, raw string");

  private final List<String> langidLanguages;
  private final double minConfidence;
  private transient DocumentNormalizer normalizer;

  NormalizedRows(List<String> langidLanguages, double minConfidence) {
    this.langidLanguages = langidLanguages;
    this.minConfidence = minConfidence;
  }

  /** Normalises a raw record; Lingua loads on the first unlabeled record only. */
  Row normalize(RawRecord r) {
    if (normalizer == null) {
      LanguageIdentifier[] lingua = new LanguageIdentifier[1]; // taken from the executor's resources once
      normalizer = new DocumentNormalizer(text -> {
        if (lingua[0] == null) {
          lingua[0] = LanguageIdentifier.forLanguages(langidLanguages);
        }
        return lingua[0].detect(text);
      }, minConfidence);
    }
    DocumentNormalizer.Result res = normalizer.normalize(r);
    return res.document() != null ? ok(res.document()) : quarantined(res.quarantined());
  }

  static Row ok(Document d) {
    return RowFactory.create(OK, d.id(), d.corpus(), d.lang(), d.script(), d.langTag(), d.langSource(),
        d.langConfidence(), d.alignId(), d.text(), d.source(), d.location(), d.extraJson(), null, null, null);
  }

  static Row quarantined(Quarantined q) {
    return RowFactory.create(QUARANTINE, null, q.corpus(), null, null, null, null, null, null, null, q.source(),
        q.location(), null, q.reason(), q.detail(), q.raw());
  }
}
