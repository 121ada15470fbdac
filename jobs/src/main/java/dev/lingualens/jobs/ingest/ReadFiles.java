package dev.lingualens.jobs.ingest;

import dev.lingualens.common.corpus.CorpusFormat;
import dev.lingualens.common.corpus.QuarantineReason;
import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.common.corpus.RecordSink;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Executor side of ingest: reads each assigned file with its format's reader and normalises the
 * records. A file that cannot be read at all becomes one quarantine row, so nothing vanishes.
 */
final class ReadFiles implements FlatMapFunction<Iterator<Row>, Row> {
  private final int maxLineBytes;
  private final NormalizedRows rows;

  ReadFiles(int maxLineBytes, NormalizedRows rows) {
    this.maxLineBytes = maxLineBytes;
    this.rows = rows;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> tasks) {
    List<Row> out = new ArrayList<>();
    RecordSink sink = new RecordSink() {
      @Override
      public void record(RawRecord r) {
        out.add(rows.normalize(r));
      }

      @Override
      public void quarantine(Quarantined q) {
        out.add(NormalizedRows.quarantined(q));
      }
    };
    while (tasks.hasNext()) {
      Row task = tasks.next();
      String corpus = task.getString(0);
      CorpusFormat format = CorpusFormat.valueOf(task.getString(1));
      String file = task.getString(2);
      try {
        format.reader(maxLineBytes).read(Paths.get(file), corpus, sink);
      } catch (IOException | RuntimeException e) {
        sink.quarantine(Quarantined.of(corpus, file, "file", QuarantineReason.UNREADABLE_FILE,
            e.getClass().getSimpleName() + ": " + e.getMessage(), null));
      }
    }
    return out.iterator();
  }
}
