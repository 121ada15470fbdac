package dev.lingualens.jobs.ingest;

import dev.lingualens.common.corpus.Document;
import dev.lingualens.common.corpus.DocumentNormalizer;
import dev.lingualens.common.corpus.LanguageIdentifier;
import dev.lingualens.common.corpus.QuarantineReason;
import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.jobs.TableRow;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The row shape between reading and segmentation: a {@code status} of {@code ok} or {@code
 * quarantine} plus the document or quarantine fields, so one pass over the input yields both
 * tables.
 */
final class NormalizedRows implements Serializable {
  static final String OK = "ok";
  static final String QUARANTINE = "quarantine";
  static final StructType SCHEMA =
      StructType.fromDDL(
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

  /**
   * Normalises a raw record; Lingua loads on the first unlabeled record only. A record the
   * normaliser fails on is quarantined as bad_record with the error, and the next record is read:
   * one record never costs the rest of its file.
   */
  Row normalize(RawRecord r) {
    if (normalizer == null) {
      LanguageIdentifier[] lingua =
          new LanguageIdentifier[1]; // taken from the executor's resources once
      normalizer =
          new DocumentNormalizer(
              text -> {
                if (lingua[0] == null) {
                  lingua[0] = LanguageIdentifier.forLanguages(langidLanguages);
                }
                return lingua[0].detect(text);
              },
              minConfidence);
    }
    DocumentNormalizer.Result res;
    try {
      res = normalizer.normalize(r);
    } catch (RuntimeException e) {
      return quarantined(
          Quarantined.of(
              r.corpus(),
              r.source(),
              r.location(),
              QuarantineReason.BAD_RECORD,
              e.toString(),
              r.text()));
    }
    return res.document() != null ? ok(res.document()) : quarantined(res.quarantined());
  }

  static Row ok(Document d) {
    return TableRow.of(SCHEMA)
        .set("status", OK)
        .set("id", d.id())
        .set("corpus", d.corpus())
        .set("lang", d.lang())
        .set("script", d.script())
        .set("lang_tag", d.langTag())
        .set("lang_source", d.langSource())
        .set("lang_confidence", d.langConfidence())
        .set("align_id", d.alignId())
        .set("text", d.text())
        .set("source", d.source())
        .set("location", d.location())
        .set("extra_json", d.extraJson())
        .set("reason", null)
        .set("detail", null)
        .set("raw", null)
        .build();
  }

  static Row quarantined(Quarantined q) {
    return TableRow.of(SCHEMA)
        .set("status", QUARANTINE)
        .set("id", null)
        .set("corpus", q.corpus())
        .set("lang", null)
        .set("script", null)
        .set("lang_tag", null)
        .set("lang_source", null)
        .set("lang_confidence", null)
        .set("align_id", null)
        .set("text", null)
        .set("source", q.source())
        .set("location", q.location())
        .set("extra_json", null)
        .set("reason", q.reason())
        .set("detail", q.detail())
        .set("raw", q.raw())
        .build();
  }
}
