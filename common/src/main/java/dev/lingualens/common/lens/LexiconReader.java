package dev.lingualens.common.lens;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a UTF-8 TSV lexicon whose first line is the header {@code concept<TAB>lang<TAB>word}
 * (written by {@code scripts/research/prepare-lexicon.sh}). A malformed row is dropped and counted
 * by reason ({@link Lexicon#dropped()}); blank lines carry nothing and are skipped. A missing file
 * or a wrong header is one error naming the path.
 */
public final class LexiconReader {
  public static final String HEADER = "concept\tlang\tword";

  private LexiconReader() {}

  public static Lexicon read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Lexicon file " + file.toAbsolutePath() + " does not exist or is not a regular file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read lexicon file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    List<byte[]> lines = splitLines(bytes);
    String header = lines.isEmpty() ? null : decode(lines.get(0));
    if (header != null && header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    if (!HEADER.equals(header)) {
      throw new IllegalArgumentException(
          "Lexicon file "
              + file.toAbsolutePath()
              + " must start with the header 'concept<TAB>lang<TAB>word', found "
              + (header == null
                  ? "no header (the file is empty or not UTF-8)"
                  : "'" + header + "'"));
    }
    Lexicon.Builder lexicon = Lexicon.builder();
    for (byte[] raw : lines.subList(1, lines.size())) {
      String line = decode(raw);
      if (line == null) {
        lexicon.drop(LexiconDrop.INVALID_UTF8);
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3) {
        lexicon.drop(LexiconDrop.WRONG_COLUMN_COUNT);
        continue;
      }
      lexicon.add(f[0], f[1], f[2]);
    }
    return lexicon.build();
  }

  /** Lines split on LF, a CR before it removed; the last line may lack its LF. */
  private static List<byte[]> splitLines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        if (i < bytes.length || end > start) {
          byte[] line = new byte[end - start];
          System.arraycopy(bytes, start, line, 0, line.length);
          out.add(line);
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** The line as text, or null when its bytes are not UTF-8. */
  private static String decode(byte[] line) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
