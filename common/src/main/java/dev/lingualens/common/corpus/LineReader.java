package dev.lingualens.common.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Reads lines as bytes so that a line with invalid UTF-8 or over the byte limit becomes a reported
 * problem for that line only, instead of a decoder exception that loses the whole file (or a silent
 * U+FFFD that hides the damage).
 */
final class LineReader implements AutoCloseable {
  /** A line, or the reason it could not be decoded; {@code snippet} is what can be shown of it. */
  record Line(long number, String text, QuarantineReason problem, String detail, String snippet) {}

  private static final int SNIPPET_BYTES = 200;
  private final InputStream in;
  private final int maxBytes;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buf = new byte[8192];
  private long lineNumber;

  LineReader(InputStream in, int maxBytes) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.maxBytes = maxBytes;
  }

  /**
   * Next line (without the line terminator), or null at end of input. A line ends at LF, CRLF or a
   * lone CR (old Mac files): every terminator ends a line, so no record hides inside the one before
   * it.
   */
  Line next() throws IOException {
    int len = 0;
    long total = 0;
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (b == '\r') {
        in.mark(1);
        if (in.read() != '\n') {
          in.reset();
        }
        break;
      }
      if (total < maxBytes) {
        if (len == buf.length) {
          buf = java.util.Arrays.copyOf(buf, Math.min(Math.max(16, buf.length * 2), maxBytes));
        }
        buf[len++] = (byte) b;
      }
      total++;
    }
    if (!any) {
      return null;
    }
    lineNumber++;
    if (total > maxBytes) {
      return new Line(
          lineNumber,
          null,
          QuarantineReason.LINE_TOO_LONG,
          total + " bytes > limit " + maxBytes,
          lossy(buf, Math.min(len, SNIPPET_BYTES)));
    }
    try {
      String text = decoder.decode(ByteBuffer.wrap(buf, 0, len)).toString();
      if (lineNumber == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      return new Line(lineNumber, text, null, null, null);
    } catch (CharacterCodingException e) {
      int at = firstBadByte(buf, len);
      return new Line(
          lineNumber,
          null,
          QuarantineReason.INVALID_UTF8,
          "invalid UTF-8 at byte " + at + " (0x" + HexFormat.of().toHexDigits(buf[at]) + ")",
          lossy(buf, Math.min(len, SNIPPET_BYTES)));
    }
  }

  /**
   * Whether a line holds nothing but ASCII spaces (and tabs, unless {@code tabsCount}): such a line
   * is a separator, not a record. {@link InputCount} uses the same rule on the raw bytes.
   */
  static boolean blank(String text, boolean tabsCount) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c == ' ' || c == '\f' || c == 0x0B || (c == '\t' && !tabsCount))) {
        return false;
      }
    }
    return true;
  }

  private int firstBadByte(byte[] bytes, int len) {
    CharsetDecoder d =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer bb = ByteBuffer.wrap(bytes, 0, len);
    java.nio.CharBuffer cb = java.nio.CharBuffer.allocate(len + 1);
    java.nio.charset.CoderResult r = d.decode(bb, cb, true);
    return r.isError() ? bb.position() : 0;
  }

  private static String lossy(byte[] bytes, int len) {
    return new String(bytes, 0, len, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
