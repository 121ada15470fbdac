package dev.lingualens.jobs.ingest;

import dev.lingualens.common.corpus.CorpusFormat;
import dev.lingualens.common.corpus.QuarantineReason;
import dev.lingualens.common.corpus.Quarantined;
import dev.lingualens.common.corpus.RawRecord;
import dev.lingualens.common.corpus.RecordSink;
import dev.lingualens.jobs.TableRow;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Executor side of ingest: reads each assigned file with its format's reader and normalises the
 * records. Readers push records; a reader thread feeds a bounded queue that the task pulls from, so
 * a multi-gigabyte file streams through in constant memory instead of being collected. A file that
 * cannot be read at all becomes one quarantine row, so nothing vanishes.
 */
final class ReadFiles implements FlatMapFunction<Iterator<Row>, Row> {
  /** Its input: one task per input file, listed on the driver and built only by {@link #task}. */
  static final StructType TASK = StructType.fromDDL("corpus string, format string, file string");

  private static final int QUEUE = 1024;
  private static final Object END = new Object();

  private final int maxLineBytes;
  private final NormalizedRows rows;

  ReadFiles(int maxLineBytes, NormalizedRows rows) {
    this.maxLineBytes = maxLineBytes;
    this.rows = rows;
  }

  /**
   * A task row: read {@code file} of {@code corpus} in {@code format} (a {@link CorpusFormat}
   * name).
   */
  static Row task(String corpus, CorpusFormat format, String file) {
    return TableRow.of(TASK)
        .set("corpus", corpus)
        .set("format", format.name())
        .set("file", file)
        .build();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> tasks) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    Thread reader =
        new Thread(
            () -> {
              try {
                readAll(tasks, queue);
                queue.put(END);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException | Error e) {
                try {
                  queue.put(e);
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "lingualens-ingest-reader");
    reader.setDaemon(true);
    reader.start();
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest task interrupted", e);
          }
        }
        if (next instanceof RuntimeException re) {
          throw re;
        }
        if (next instanceof Error err) {
          throw err;
        }
        return next != END;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = (Row) next;
        next = null;
        return r;
      }
    };
  }

  private void readAll(Iterator<Row> tasks, BlockingQueue<Object> queue)
      throws InterruptedException {
    RecordSink sink =
        new RecordSink() {
          @Override
          public void record(RawRecord r) {
            put(queue, rows.normalize(r));
          }

          @Override
          public void quarantine(Quarantined q) {
            put(queue, NormalizedRows.quarantined(q));
          }
        };
    while (tasks.hasNext()) {
      Row task = tasks.next();
      String corpus = task.getAs("corpus");
      CorpusFormat format = CorpusFormat.valueOf(task.getAs("format"));
      String file = task.getAs("file");
      java.nio.file.Path path = Paths.get(file);
      if (!java.nio.file.Files.isRegularFile(path)) {
        // a named pipe would block this task forever, a device could be endless: never opened
        sink.quarantine(
            Quarantined.of(
                corpus,
                file,
                "file",
                QuarantineReason.NOT_A_REGULAR_FILE,
                kind(path) + ", not a regular file: skipped unread",
                null));
        continue;
      }
      try {
        format.reader(maxLineBytes).read(path, corpus, sink);
      } catch (IOException | RuntimeException e) {
        if (e.getCause() instanceof InterruptedException) {
          throw (InterruptedException) e.getCause();
        }
        sink.quarantine(
            Quarantined.of(
                corpus,
                file,
                "file",
                QuarantineReason.UNREADABLE_FILE,
                e.getClass().getSimpleName() + ": " + e.getMessage(),
                null));
      }
    }
  }

  private static String kind(java.nio.file.Path path) {
    if (java.nio.file.Files.isDirectory(path)) {
      return "a folder";
    }
    if (!java.nio.file.Files.exists(path)) {
      return "gone since it was listed";
    }
    try {
      java.nio.file.attribute.BasicFileAttributes a =
          java.nio.file.Files.readAttributes(
              path, java.nio.file.attribute.BasicFileAttributes.class);
      return a.isOther() ? "a named pipe, socket or device" : "a special file";
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  private static void put(BlockingQueue<Object> queue, Row row) {
    try {
      queue.put(row);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ingest reader interrupted", e);
    }
  }
}
