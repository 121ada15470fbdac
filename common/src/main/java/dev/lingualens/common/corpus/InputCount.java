package dev.lingualens.common.corpus;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;

/**
 * How many records an input file holds, counted from its bytes without the format's reader, so that
 * ingest's {@code read = written + quarantined} is a check that can fail: a reader that loses a
 * record (a line it skips, a file it abandons half-way) no longer agrees with this count.
 *
 * <ul>
 *   <li>JSONL and plain text: every line (ended by LF, CRLF or a lone CR) that holds anything but
 *       ASCII spaces and tabs; a line over the byte limit counts whatever it holds.
 *   <li>TSV: each data row with as many cells as a usable header holds one record per cell, any
 *       other non-blank row one (it is quarantined whole); an unusable header is itself one record,
 *       and so is an empty file.
 *   <li>UDHR: the preamble and each article.
 *   <li>A file that is not a regular file, or cannot be read: one (it is quarantined as a whole).
 * </ul>
 */
public final class InputCount {
  private InputCount() {}

  public static long records(Path file, CorpusFormat format, int maxLineBytes) {
    if (format == CorpusFormat.PARQUET) {
      throw new UnsupportedOperationException("Parquet inputs are counted by Spark");
    }
    if (!Files.isRegularFile(file)) {
      return 1;
    }
    try {
      return switch (format) {
        case JSONL, TEXT -> lines(file, maxLineBytes, false, false);
        case TSV -> Files.size(file) == 0 ? 1 : lines(file, maxLineBytes, true, true);
        case UDHR -> {
          org.jsoup.nodes.Document doc = Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());
          yield doc.select("body > header").size() + doc.select("article[data-number]").size();
        }
        case PARQUET -> 0; // not reached
      };
    } catch (IOException | RuntimeException e) {
      return 1; // the reader cannot read it either: one unreadable_file
    }
  }

  private static long lines(Path file, int maxBytes, boolean tsv, boolean tabsCount)
      throws IOException {
    long count = 0;
    int width = -1;
    boolean first = true;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long length = 0;
      int b;
      boolean pending = false;
      while (true) {
        b = in.read();
        if (b == -1 || b == '\n' || b == '\r') {
          if (b == '\r') {
            in.mark(1);
            if (in.read() != '\n') {
              in.reset();
            }
          }
          if (b == -1 && !pending) {
            break;
          }
          byte[] bytes = line.toByteArray();
          if (first
              && bytes.length >= 3
              && (bytes[0] & 0xFF) == 0xEF
              && (bytes[1] & 0xFF) == 0xBB
              && (bytes[2] & 0xFF) == 0xBF) {
            bytes = java.util.Arrays.copyOfRange(bytes, 3, bytes.length);
          }
          String text = length > maxBytes ? null : decode(bytes);
          if (tsv && first) {
            String problem = text == null ? "unreadable" : ParallelTsvReader.headerProblem(text);
            if (problem == null) {
              width = text.split("\t", -1).length;
            } else {
              count++;
            }
          } else if (length > maxBytes || !blankBytes(bytes, tabsCount)) {
            if (tsv && width > 0 && text != null) {
              int cells = text.split("\t", -1).length;
              count += cells == width ? cells : 1;
            } else {
              count++;
            }
          }
          first = false;
          line.reset();
          length = 0;
          pending = false;
          if (b == -1) {
            break;
          }
          continue;
        }
        pending = true;
        if (length < maxBytes + 4L) {
          line.write(b);
        }
        length++;
      }
    }
    return count;
  }

  private static boolean blankBytes(byte[] bytes, boolean tabsCount) {
    for (byte x : bytes) {
      if (!(x == ' ' || x == '\f' || x == 0x0B || (x == '\t' && !tabsCount))) {
        return false;
      }
    }
    return true;
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
