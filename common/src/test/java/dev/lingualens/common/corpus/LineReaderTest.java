package dev.lingualens.common.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      byte[] b = p instanceof byte[] bs ? bs : p.toString().getBytes(StandardCharsets.UTF_8);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  private static List<LineReader.Line> readAll(byte[] input, int maxBytes) throws IOException {
    List<LineReader.Line> lines = new ArrayList<>();
    try (LineReader r = new LineReader(new ByteArrayInputStream(input), maxBytes)) {
      LineReader.Line l;
      while ((l = r.next()) != null) {
        lines.add(l);
      }
    }
    return lines;
  }

  private static List<String> texts(List<LineReader.Line> lines) {
    return lines.stream().map(LineReader.Line::text).toList();
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    assertThat(readAll(new byte[0], 100)).isEmpty();
  }

  @Test
  void lastLineWithoutTerminatorIsReturned() throws IOException {
    List<LineReader.Line> lines = readAll(bytes("a\nb"), 100);
    assertThat(texts(lines)).containsExactly("a", "b");
    assertThat(lines).extracting(LineReader.Line::number).containsExactly(1L, 2L);
  }

  @Test
  void crlfIsStripped() throws IOException {
    assertThat(texts(readAll(bytes("one\r\ntwo\r\n\r\nthree"), 100)))
        .containsExactly("one", "two", "", "three");
  }

  @Test
  void loneCarriageReturnEndsALine() throws IOException {
    // issue 15: files with CR-only line ends (old Mac) lost every record after the first one
    assertThat(texts(readAll(bytes("a\rb\n"), 100))).containsExactly("a", "b");
  }

  @Test
  void byteOrderMarkIsStrippedOnFirstLineOnly() throws IOException {
    List<String> texts = texts(readAll(bytes(BOM, "first\n", BOM, "second\n"), 100));
    assertThat(texts).containsExactly("first", "\uFEFFsecond");
  }

  @Test
  void lineOfExactlyTheLimitPassesAndOneMoreByteIsTooLong() throws IOException {
    List<LineReader.Line> lines = readAll(bytes("abcde\nabcdef\nxy\n"), 5);

    assertThat(lines.get(0).text()).isEqualTo("abcde");
    assertThat(lines.get(0).problem()).isNull();
    assertThat(lines.get(1).text()).isNull();
    assertThat(lines.get(1).problem()).isEqualTo(QuarantineReason.LINE_TOO_LONG);
    assertThat(lines.get(1).detail()).contains("6 bytes").contains("5");
    assertThat(lines.get(1).number()).isEqualTo(2);
    assertThat(lines.get(2).text()).isEqualTo("xy");
    assertThat(lines.get(2).number()).isEqualTo(3);
  }

  @Test
  void limitCountsBytesNotChars() throws IOException {
    // "éé" = 4 UTF-8 bytes, "ééé" = 6 bytes but only 3 chars.
    List<LineReader.Line> lines = readAll(bytes("éé\nééé\n"), 5);

    assertThat(lines.get(0).text()).isEqualTo("éé");
    assertThat(lines.get(1).problem()).isEqualTo(QuarantineReason.LINE_TOO_LONG);
  }

  @Test
  void crlfTerminatorDoesNotCountTowardsTheLimit() throws IOException {
    // EXPECTED.md: the limit is on bytes with the line terminator excluded, so CRLF files behave
    // like LF files.
    List<LineReader.Line> lines = readAll(bytes("abcde\r\nabcdef\r\n"), 5);

    assertThat(lines.get(0).problem()).isNull();
    assertThat(lines.get(0).text()).isEqualTo("abcde");
    assertThat(lines.get(1).problem()).isEqualTo(QuarantineReason.LINE_TOO_LONG);
  }

  @Test
  void invalidByteIsReportedWithItsOffsetAndReadingGoesOn() throws IOException {
    // a b 0xC3 ( : 0xC3 starts a 2-byte sequence, '(' is not a continuation byte.
    byte[] input = bytes("ab", new byte[] {(byte) 0xC3, '('}, "cd\nok\n");
    List<LineReader.Line> lines = readAll(input, 100);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).problem()).isEqualTo(QuarantineReason.INVALID_UTF8);
    assertThat(lines.get(0).text()).isNull();
    assertThat(lines.get(0).detail()).isEqualTo("invalid UTF-8 at byte 2 (0xc3)");
    assertThat(lines.get(0).snippet()).startsWith("ab").endsWith("(cd");
    assertThat(lines.get(1).text()).isEqualTo("ok");
  }

  @Test
  void truncatedMultiByteSequenceAtEndOfLineIsInvalid() throws IOException {
    // 0xE2 0x82 is the start of "€" (E2 82 AC) without its last byte.
    List<LineReader.Line> lines =
        readAll(bytes("x", new byte[] {(byte) 0xE2, (byte) 0x82}, "\n"), 100);

    assertThat(lines.get(0).problem()).isEqualTo(QuarantineReason.INVALID_UTF8);
    assertThat(lines.get(0).detail()).contains("byte 1");
  }

  @Test
  void longLinesAreReadPastTheInitialBuffer() throws IOException {
    String line = "x".repeat(20_000);
    List<LineReader.Line> lines = readAll(bytes(line, "\n", "y"), 1_000_000);

    assertThat(lines.get(0).text()).hasSize(20_000);
    assertThat(lines.get(1).text()).isEqualTo("y");
  }
}
